package dev.vecnet.infer;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.FloatKernels;
import dev.vecnet.kernel.PackedFloatMatrix;
import dev.vecnet.model.Output;
import dev.vecnet.model.Weights;
import dev.vecnet.runtime.KernelRuntime;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained dense network for inference, of any depth: immutable, shared by any number of threads
 * (each with its own {@link Predictor}). Parameters are float32 (float64 weights are rounded once on
 * load) and must be finite. Each layer's W is packed once, here, into the layout its kernels stream:
 * a model runs on the kernels it was made for, {@link #withKernels} gives the same model on others
 * (e.g. the scalar ones, to compare). Read one with {@link ModelFormat#read} (vecnet's format, .npz,
 * .onnx) or make one from a training network.
 */
public final class Model {
    final int depth;
    final int[] sizes;
    final Activation[] activations;
    final float[] leaks;
    /** What the kernels apply after each layer's sums: its activation, a leaky ReLU with its slope. */
    final Activation[] kernelActivations;
    final float[][] w, b;
    final PackedFloatMatrix[] packed;
    final Output output;
    final FloatKernels kernels;
    private final String sourcePrecision;
    private final long flushed;

    private Model(int[] sizes, Activation[] activations, float[] leaks, float[][] w, float[][] b, Output output,
                  String sourcePrecision, long flushed, FloatKernels kernels) {
        this.depth = sizes.length - 1;
        this.sizes = sizes;
        this.activations = activations;
        this.leaks = leaks;
        this.kernelActivations = new Activation[activations.length];
        for (int l = 0; l < activations.length; l++) {
            kernelActivations[l] = leaks[l] != 0 ? Activation.leakyRelu(leaks[l]) : activations[l];
        }
        this.w = w;
        this.b = b;
        this.output = output;
        this.sourcePrecision = sourcePrecision;
        this.flushed = flushed;
        this.kernels = java.util.Objects.requireNonNull(kernels, "kernels");
        this.packed = new PackedFloatMatrix[depth];
        for (int l = 0; l < depth; l++) {
            packed[l] = kernels.pack(sizes[l], sizes[l + 1], w[l], 0, sizes[l + 1]);
        }
    }

    /**
     * The float32 model of {@code weights} on the given kernels (float64 values are rounded once, here);
     * rejects a NaN or infinite parameter (IllegalArgumentException), naming it after {@code source},
     * and flushes subnormal ones to zero (see {@link #flushedParameters()}).
     */
    public static Model of(String source, Weights weights, FloatKernels kernels) {
        int depth = weights.layers().size();
        java.util.List<Integer> layerSizes = weights.sizes();
        int[] sizes = new int[depth + 1]; // a loop, not a stream: a fresh JVM's first stream costs milliseconds
        for (int l = 0; l <= depth; l++) {
            sizes[l] = layerSizes.get(l);
        }
        Activation[] acts = new Activation[depth];
        float[] leaks = new float[depth];
        float[][] w = new float[depth][], b = new float[depth][];
        int[] flushed = new int[1];
        for (int l = 0; l < depth; l++) {
            Weights.Dense d = weights.layers().get(l);
            acts[l] = d.activation();
            leaks[l] = (float) d.leak();
            w[l] = floats(d.w(), source, "W" + (l + 1), weights.f64(), flushed);
            b[l] = floats(d.b(), source, "b" + (l + 1), weights.f64(), flushed);
        }
        // served by the packed-weights kernels, one row or a chunk at a time: no GEMM batches
        KernelRuntime.expect(layerSizes, java.util.Arrays.asList(acts).subList(0, depth - 1), java.util.List.of());
        return new Model(sizes, acts, leaks, w, b, weights.output(), weights.f64() ? "f64" : "f32", flushed[0], kernels);
    }

    /**
     * float32 values; a value that is not finite as float32 is refused by name, and a subnormal one
     * (below 2^-126 in magnitude) becomes the zero of its sign, counted into {@code flushed[0]}: each
     * product with a subnormal weight costs x86 a microcode assist of a hundred cycles and more, for a
     * term below the smallest normal float times the input. Read on the bits, so that no floating-point
     * operation touches a subnormal.
     */
    private static float[] floats(double[] a, String source, String name, boolean f64, int[] flushed) {
        float[] f = new float[a.length];
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            int bits = Float.floatToRawIntBits((float) a[i]), exponent = bits & 0x7f800000;
            if (exponent == 0x7f800000) {
                throw new IllegalArgumentException(source + ": " + name + "[" + i + "] is " + (float) a[i]
                        + (f64 ? " as float32" : "") + "; a model's parameters must be finite");
            }
            if (exponent == 0 && (bits & 0x7fffffff) != 0) {
                bits &= 0x80000000;
                n++;
            }
            f[i] = Float.intBitsToFloat(bits);
        }
        flushed[0] += n;
        return f;
    }

    /** This model's parameters (float32 values, widened), for a file. */
    public Weights weights() {
        List<Weights.Dense> dense = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            dense.add(new Weights.Dense(sizes[l], sizes[l + 1], doubles(w[l]), doubles(b[l]), activations[l],
                    shortest(leaks[l])));
        }
        return new Weights(dense, output, false);
    }

    private static double[] doubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** This model on other kernels: the same parameters, packed for them (results within the kernels' contract). */
    public Model withKernels(FloatKernels k) {
        return k == this.kernels ? this : new Model(sizes, activations, leaks, w, b, output, sourcePrecision, flushed, k);
    }

    /** The kernels this model runs on. */
    public FloatKernels kernels() {
        return kernels;
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[depth];
    }

    /** input, hidden..., output. */
    public List<Integer> sizes() {
        return java.util.Arrays.stream(sizes).boxed().toList();
    }

    /** "784-50-10". */
    public String shape() {
        return String.join("-", sizes().stream().map(String::valueOf).toList());
    }

    /** What {@link Predictor#predict} gives: probabilities or the last layer's scores. */
    public Output output() {
        return output;
    }

    /** "f32" or "f64": the precision the source stored. */
    public String sourcePrecision() {
        return sourcePrecision;
    }

    /**
     * How many parameters were subnormal as float32 and were set to zero when the model was made (the
     * kernel contract's flush; docs/model-format.md).
     */
    public long flushedParameters() {
        return flushed;
    }

    /**
     * One line: shape, the layers' activations, the output ("784-50-10 sigmoid -> softmax"), and how
     * many subnormal parameters were flushed to zero, when any were.
     */
    public String describe() {
        double[] leak = new double[depth];
        for (int l = 0; l < depth; l++) {
            leak[l] = shortest(leaks[l]);
        }
        String line = Weights.describe(shape(), activations, leak, output);
        return flushed == 0 ? line : line + " (" + flushed + " subnormal parameters flushed to zero)";
    }

    /** A float's shortest decimal as a double (0.2, not 0.200000003), which rounds back to the same float. */
    private static double shortest(float v) {
        return Double.parseDouble(Float.toString(v));
    }

    /**
     * Warms this model on the kernels it runs, for a service before its first request: waits for the
     * run-time's warm-up ({@link KernelRuntime#awaitWarmup}: the SIMD kernels compiled and switched in),
     * then runs a private predictor's single-image, classify and batch paths (1 to 8, 64 and 256 rows)
     * on made-up images until three rounds in a row allocate nothing — the JIT's uncompiled vector code
     * allocates, compiled code does not — or {@code timeout} has passed. After it returns true, calls on
     * any thread run compiled code and allocate nothing. Results never depend on it.
     *
     * @return whether the model's paths were compiled within the timeout
     */
    public boolean warmup(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        KernelRuntime.awaitWarmup(timeout);
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean counter = bean instanceof com.sun.management.ThreadMXBean c
                && c.isThreadAllocatedMemorySupported() ? c : null;
        int in = inputSize(), out = outputSize(), maxRows = 256;
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        float[] images = new float[maxRows * in], probabilities = new float[maxRows * out], one = new float[out];
        for (int i = 0; i < images.length; i++) {
            images[i] = r.nextInt(5) == 0 ? r.nextFloat() : 0f; // sparse as images are, so the zero-skipping paths run
        }
        float[][] singles = new float[16][];
        for (int i = 0; i < singles.length; i++) {
            singles[i] = java.util.Arrays.copyOfRange(images, i * in, (i + 1) * in);
        }
        int[] rows = {1, 2, 3, 4, 5, 6, 7, 8, 64, maxRows};
        Predictor p = predictor();
        int quiet = 0;
        for (int round = 0; quiet < 3 || round < 5; round++) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            long before = counter != null ? counter.getCurrentThreadAllocatedBytes() : 0;
            for (int i = 0; i < 64; i++) {
                p.predict(singles[i % singles.length], one);
                p.classify(singles[(i + 7) % singles.length]);
            }
            for (int n : rows) {
                p.predictBatch(images, 0, n, probabilities, 0);
            }
            // without an allocation counter, a fixed number of rounds: enough for C2 on every path measured
            quiet = counter == null ? (round >= 400 ? 3 : 0)
                    : counter.getCurrentThreadAllocatedBytes() == before ? quiet + 1 : 0;
        }
        return true;
    }

    /** A new predictor for the calling thread; single-threaded kernels. */
    public Predictor predictor() {
        return new Predictor(this, 1);
    }

    /**
     * A new predictor for the calling thread whose batch calls split their rows over up to
     * {@code threads} kernel threads, at least {@link FloatKernels#VEC_MAT_MIN_ROWS_PER_THREAD} rows
     * each (results are bitwise those of one thread); single samples always run on one.
     */
    public Predictor predictor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        return new Predictor(this, threads);
    }
}
