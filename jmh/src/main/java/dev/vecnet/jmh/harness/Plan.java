package dev.vecnet.jmh.harness;

import dev.vecnet.jmh.peer.GemmEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * What each mode measures. Every GEMM shape of the network and its training, and 1024³; the
 * elementwise kernels; inference against ONNX Runtime; a training step and an evaluation pass; the
 * seed run against numpy and PyTorch (those are separate processes: {@link SeedRuns}). The quick mode
 * drops float64 GEMMs other than 1024³, the float64 elementwise kernels, inference on the scalar kernels
 * and the float64 and two-thread seed runs.
 */
public final class Plan {
    static final String[] SHAPES = {"100x784x50:NN", "784x100x50:TN", "100x10x50:NT", "100x50x10:NN",
        "50x100x10:TN", "1x784x50:NN", "10000x784x50:NN", "1024x1024x1024:NN"};
    static final String[] ENGINES = {GemmEngine.VECNET, GemmEngine.OPENBLAS, GemmEngine.VECTORBLAS, GemmEngine.EJML,
        GemmEngine.SCALAR};
    static final String[] ELEMENTWISE = {"sigmoid:100x50", "sigmoidBackward:100x50", "relu:100x50", "softmax:100x10",
        "crossEntropy:100x10", "softmaxLossBackward:100x10", "columnSums:100x50", "axpy:784x50"};

    private Plan() {}

    /** The groups in order; consecutive ones with the same JVM flags share a JVM. */
    public static List<Group> groups(Mode mode) {
        boolean full = mode == Mode.FULL, smoke = mode == Mode.SMOKE;
        String[] small = {"784x100x50:TN", "100x10x50:NT"};
        List<Group> g = new ArrayList<>();
        g.add(Group.of("peak", "PeakFlopsBench", "peakF32", "peakF64"));
        g.add(Group.of("gemm f32", "GemmBench", "run").param("shape", smoke ? small : SHAPES).param("engine", ENGINES)
                .param("precision", "f32").param("threads", "1").pairBy("engine"));
        g.add(Group.of("gemm f64", "GemmBench", "run")
                .param("shape", full ? SHAPES : smoke ? small : new String[] {"1024x1024x1024:NN"})
                .param("engine", ENGINES).param("precision", "f64").param("threads", "1").pairBy("engine"));
        // one thread beside two in the same rounds: the speed-up is a paired ratio too; OpenBLAS in a JVM of its
        // own, as its idle threads spin for a while after each call and would take the other engine's second core
        String[] twoThreadShapes = smoke ? new String[] {"784x100x50:TN"} : new String[] {"10000x784x50:NN", "1024x1024x1024:NN"};
        for (String engine : new String[] {GemmEngine.VECNET, GemmEngine.OPENBLAS}) {
            g.add(Group.of("gemm 2 threads" + (engine.equals(GemmEngine.VECNET) ? "" : ", OpenBLAS"), "GemmBench", "run")
                    .param("shape", twoThreadShapes).param("engine", engine).param("precision", "f32")
                    .param("threads", "1", "2").pairBy("engine", "threads"));
        }
        g.add(Group.of("elementwise", "ElementwiseBench", "run").param("op", ELEMENTWISE)
                .param("provider", "panama", "scalar").param("precision", !smoke && !full ? new String[] {"f32"} : new String[] {"f32", "f64"})
                .pairBy("provider"));
        String[] inference = {"singleVecnet", "singleOnnxRuntime", "batchVecnet", "batchOnnxRuntime"};
        g.add(Group.of("inference", "InferenceBench", inference).param("batch", "100", "10000").param("threads", "1", "2")
                .param("network", "seed").wholeCalls());
        g.add(Group.of("inference 784-256-128-10", "InferenceBench", inference)
                .param("batch", smoke ? new String[] {"100"} : new String[] {"100", "10000"}).param("threads", "1")
                .param("network", "mlp").wholeCalls());
        // a model whose weights are mostly subnormal (as weight decay leaves dead units) against its flushed twin
        g.add(Group.of("inference subnormal", "InferenceBench", "singleVecnet", "singleOnnxRuntime")
                .param("network", "subnormal", "flushed").pairBy("network").wholeCalls());
        g.add(Group.of("training", "TrainingBench", "step", "evaluate").param("precision", "f32", "f64").param("threads", "1")
                .wholeCalls());
        if (mode != Mode.QUICK) { // the quick run measures the scalar kernels on the GEMMs, elementwise and training
            g.add(Group.of("inference scalar", "InferenceBench", "singleVecnet", "batchVecnet").param("batch", "100", "10000")
                    .param("threads", "1").param("network", "seed").scalarKernels().wholeCalls());
        }
        g.add(Group.of("training scalar", "TrainingBench", "step", "evaluate")
                .param("precision", full ? new String[] {"f32", "f64"} : new String[] {"f32"}).param("threads", "1")
                .scalarKernels().wholeCalls());
        return g;
    }

    /**
     * The seed runs: the recipe (seed: the book's TwoLayerNet; deep: README's 784-100-100-10 ReLU, Adam,
     * weight decay), data set, precision, threads, and the engines that run it; torch-ftz is PyTorch
     * with subnormals flushed by the CPU.
     */
    public record SeedCase(String recipe, String dataset, String precision, int threads, List<String> engines) {
        public String caseId() {
            return recipe + "/" + dataset + "/" + precision + "/t" + threads;
        }
    }

    /** The engine's python module: torch-ftz runs torch. */
    static String module(String engine) {
        return engine.equals("torch-ftz") ? "torch" : engine;
    }

    public static List<SeedCase> seedCases(Mode mode, boolean fashionPresent) {
        List<SeedCase> s = new ArrayList<>();
        List<String> datasets = new ArrayList<>(List.of("mnist-10k"));
        if (fashionPresent && mode != Mode.SMOKE) {
            datasets.add("fashion-mnist");
        }
        for (String d : datasets) {
            // the jar on JDK 17 beside it: on the MNIST digits in every mode (the quick run stays short), both data sets in the full one
            s.add(new SeedCase("seed", d, "f32", 1, d.equals("mnist-10k") || mode == Mode.FULL
                    ? List.of("vecnet", "numpy", "torch", SeedRuns.OLD_JDK) : List.of("vecnet", "numpy", "torch")));
            if (mode == Mode.FULL || mode == Mode.SMOKE) {
                s.add(new SeedCase("seed", d, "f64", 1, List.of("vecnet", "numpy")));
            }
            if (mode == Mode.FULL) {
                s.add(new SeedCase("seed", d, "f32", 2, List.of("vecnet")));
            }
        }
        s.add(new SeedCase("deep", datasets.get(datasets.size() - 1), "f32", 1, List.of("vecnet", "numpy", "torch", "torch-ftz")));
        return s;
    }
}
