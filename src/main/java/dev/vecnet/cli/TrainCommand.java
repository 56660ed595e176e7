package dev.vecnet.cli;

import dev.vecnet.data.Mnist;
import dev.vecnet.infer.ModelFormat;
import dev.vecnet.kernel.Activation;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Optimizer;
import dev.vecnet.nn.Precision;
import dev.vecnet.nn.WeightInit;
import dev.vecnet.runtime.KernelRuntime;
import dev.vecnet.train.LearningCurve;
import dev.vecnet.train.MetricsCsv;
import dev.vecnet.train.Trainer;
import dev.vecnet.train.Warmup;
import dev.vecnet.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vecnet train}: the seed's run by default (784-50-10 sigmoid, 10 000 iterations of batch 100,
 * SGD lr 0.1, init std 0.01, float32, mnist-10k). Output contract: one line per epoch starting with
 * "epoch" and holding train_acc= and test_acc=, then a line starting with "final" with train_acc=,
 * test_acc= and seconds=.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a network (the book's seed run by default: its TwoLayerNet).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--hidden", description = "hidden units of the one hidden layer (default 50): the network input-HIDDEN-classes")
    Integer hidden;
    @Option(names = "--layers", split = ",", description = "every layer's size, input to output, e.g. 784,100,100,10 "
            + "(the input and output fit the data set); instead of --hidden")
    List<Integer> layers;
    @Option(names = "--activation", defaultValue = "sigmoid", converter = ActivationConverter.class,
            description = "sigmoid | relu | tanh, every hidden layer's (default sigmoid)")
    Activation activation;
    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 weight decay lambda: loss + lambda/2 * sum of W^2 (default ${DEFAULT-VALUE})")
    double weightDecay;
    @Option(names = "--iters", defaultValue = "10000", description = "iterations (default ${DEFAULT-VALUE})")
    int iterations;
    @Option(names = "--batch", defaultValue = "100", description = "batch size (default ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--lr", defaultValue = "0.1", description = "learning rate (default ${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd | momentum | adagrad | adam (default sgd)")
    Optimizer.Kind optimizer;
    @Option(names = "--init", defaultValue = "std", description = "std | xavier | he, per layer from its fan-in (default std)")
    WeightInit init;
    @Option(names = "--init-std", defaultValue = "0.01", description = "weight init std for --init std (default ${DEFAULT-VALUE})")
    double initStd;
    @Mixin
    DataOptions dataOptions;
    @Option(names = "--seed", defaultValue = "0", description = "seed of weights and batches (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--threads", defaultValue = "1", description = "GEMM threads (default ${DEFAULT-VALUE}); results do not depend on it")
    int threads;
    @Option(names = "--precision", defaultValue = "f32", description = "f32 | f64 (default f32)")
    Precision.Type precision;
    @Option(names = "--metrics", description = "write per-epoch metrics as CSV to this file (atomically, at the end)")
    Path metrics;
    @Option(names = "--save", description = "write the trained model to this file, atomically; format by extension: "
            + ".npz (NumPy), .onnx (ONNX, float32), anything else vecnet's own (.vnet)")
    Path save;
    @Option(names = "--plot", description = "write the learning curve (accuracy and loss per epoch) as a PNG to this file")
    Path plot;
    @Option(names = "--profile", description = "after the run, print where the loop's time went (per phase) and the JIT's and GC's time")
    boolean profile;

    @Override
    public Integer call() throws Exception {
        // every option and output before any work: a run must not train for minutes and fail on its last line
        if (activation == Activation.NONE) {
            throw new IllegalArgumentException("--activation must be sigmoid, relu or tanh, got none");
        }
        Options.finiteAtLeastZero("--weight-decay", weightDecay);
        Options.atLeast("--iters", iterations, 1);
        Options.atLeast("--batch", batch, 1);
        Options.threads(threads);
        Options.positive("--lr", lr);
        Options.positive("--init-std", initStd);
        Options.outputs(new String[] {"--save", "--metrics", "--plot"}, save, metrics, plot);
        if (hidden != null && layers != null) {
            throw new IllegalArgumentException("--hidden and --layers both give the network's shape; give one");
        }
        if (hidden != null) {
            Options.atLeast("--hidden", hidden, 1);
        }
        if (layers != null) {
            Options.layers(layers);
        }
        // the shape the options give (an MNIST-family image of 784 pixels and 10 classes unless --layers says otherwise)
        List<Integer> guess = layers != null ? layers : List.of(784, hidden == null ? 50 : hidden, 10);
        int[] rows = Mnist.expectedSizes(dataOptions.data != null ? null : dataOptions.dataset == null ? Mnist.EMBEDDED
                : dataOptions.dataset);
        double expectedWork = Trainer.expectedMultiplyAdds(guess, batch, iterations, rows[0], rows[1]);
        Mnist.Splits splits = loadWhileWarming(guess, expectedWork);
        List<Integer> sizes = sizes(splits);
        // a short run finishes sooner on the scalar kernels than the JIT takes to compile the SIMD ones;
        // both give the same bits, so only the time depends on it. SIMD kernels warmed during the load stay.
        double work = Math.max(expectedWork, Trainer.multiplyAdds(sizes, batch, iterations, splits.train().size(),
                splits.test().size(), splits.train().density()));
        return precision == Precision.Type.F32 ? run(Precision.f32(KernelRuntime.f32ForWork(work)), splits, sizes)
                : run(Precision.f64(KernelRuntime.f64ForWork(work)), splits, sizes);
    }

    /**
     * The data set, loaded while the kernels a run of this shape and expected work will use warm up on a
     * second thread. A guess only decides the kernels, never a result.
     */
    private Mnist.Splits loadWhileWarming(List<Integer> guess, double expectedWork) throws java.io.IOException {
        NetworkConfig config = new NetworkConfig(guess, java.util.Collections.nCopies(guess.size() - 2, activation), init,
                initStd, weightDecay, seed, Math.max(batch, Trainer.EVALUATION_ROWS), 1);
        return precision == Precision.Type.F32
                ? Warmup.during(Precision.f32(KernelRuntime.f32ForWork(expectedWork)), config, batch, optimizer, dataOptions::load)
                : Warmup.during(Precision.f64(KernelRuntime.f64ForWork(expectedWork)), config, batch, optimizer, dataOptions::load);
    }

    /** The layer sizes: --layers as given (checked against the data), else input-hidden-classes. */
    private List<Integer> sizes(Mnist.Splits splits) {
        int features = splits.train().features(), classes = splits.train().classes();
        if (layers == null) {
            return List.of(features, hidden == null ? 50 : hidden, classes);
        }
        if (layers.get(0) != features || layers.get(layers.size() - 1) < classes) {
            throw new IllegalArgumentException("--layers " + layers + ": the data set " + splits.train().name() + " has "
                    + features + " values per sample and " + classes + " classes, so the first size must be " + features
                    + " and the last at least " + classes);
        }
        return layers;
    }

    private <A> int run(Precision<A> p, Mnist.Splits splits, List<Integer> sizes) throws java.io.IOException {
        int maxBatch = Math.max(batch, Trainer.EVALUATION_ROWS);
        NetworkConfig config = new NetworkConfig(sizes, java.util.Collections.nCopies(sizes.size() - 2, activation), init,
                initStd, weightDecay, seed, maxBatch, threads);
        MultiLayerNet<A> net = new MultiLayerNet<>(p, config);
        Trainer<A> trainer = new Trainer<>(net);
        String act = activation.name().toLowerCase(Locale.ROOT), opt = optimizer.name().toLowerCase(Locale.ROOT);
        System.out.printf(Locale.ROOT, "train %s (%d), test %s (%d); %s %s%s, %s on %s, %d iterations of %d, %s lr %s%n",
                splits.train().name(), splits.train().size(), splits.test().name(), splits.test().size(),
                config.shape(), act, weightDecay > 0 ? " weight decay " + weightDecay : "", p.name(), p.kernels(),
                iterations, batch, opt, lr);
        MetricsCsv csv = new MetricsCsv();
        // a progress bar on a terminal (on stderr: stdout keeps the parseable lines), nothing otherwise
        ProgressBar bar = onTerminal()
                ? new ProgressBarBuilder().setTaskName("train").setInitialMax(iterations)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build()
                : null;
        long jit0 = Profile.compileMillis(), gc0 = Profile.gcMillis();
        Trainer.Result r;
        try (bar) {
            r = trainer.train(splits.train(), splits.test(), new Trainer.Options(iterations, batch, lr, seed, optimizer),
                    new Trainer.Listener() {
                        @Override
                        public void epoch(Trainer.Epoch e) {
                            System.out.printf(Locale.ROOT, "epoch %d iter %d train_acc=%.4f test_acc=%.4f loss=%.4f%n",
                                    e.epoch(), e.iteration(), e.trainAccuracy(), e.testAccuracy(), e.meanLoss());
                            csv.epoch(e);
                        }

                        @Override
                        public void iterations(int done) {
                            if (bar != null) {
                                bar.stepTo(done);
                            }
                        }
                    });
        }
        // every output made first, then all land together: a failure leaves none of them half done
        List<AtomicFiles.Content> outputs = new ArrayList<>();
        if (metrics != null) {
            outputs.add(new AtomicFiles.Content(metrics, csv.bytes()));
        }
        if (save != null) {
            outputs.add(new AtomicFiles.Content(save, ModelFormat.forPath(save).bytes(net.weights())));
        }
        if (plot != null) {
            outputs.add(new AtomicFiles.Content(plot, LearningCurve.png(csv.epochs(),
                    String.format(Locale.ROOT, "%s %s, %s, lr %s", config.shape(), act, opt, lr))));
        }
        AtomicFiles.writeAll(outputs);
        System.out.printf(Locale.ROOT, "final train_acc=%.4f test_acc=%.4f seconds=%.3f%n",
                r.trainAccuracy(), r.testAccuracy(), r.seconds());
        if (profile) {
            System.out.println(Profile.line(r, Profile.compileMillis() - jit0, Profile.gcMillis() - gc0));
        }
        return 0;
    }

    /**
     * Whether the process talks to a terminal: JDK 22 and later always have a console and say so by
     * {@code isTerminal()}; before, there is a console only on a terminal.
     */
    private static boolean onTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
