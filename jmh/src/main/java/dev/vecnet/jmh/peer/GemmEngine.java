package dev.vecnet.jmh.peer;

import java.util.Locale;

/**
 * One engine computing C = op(A)·op(B) for one shape, precision and thread count, on operands it was
 * given once (row-major, as vecnet stores them). {@link #run()} is what a benchmark times;
 * {@link #result()} is read once to check the engine against a reference.
 */
public abstract class GemmEngine implements AutoCloseable {
    /** Engine names as the benchmark's {@code engine} parameter spells them. */
    public static final String VECNET = "vecnet", SCALAR = "scalar", OPENBLAS = "openblas",
            VECTORBLAS = "vectorblas", EJML = "ejml";

    protected final GemmShape shape;
    protected final int threads;

    protected GemmEngine(GemmShape shape, int threads) {
        this.shape = shape;
        this.threads = threads;
    }

    public abstract void run();

    /** C after the last {@link #run()}, widened to double. */
    public abstract double[] result();

    @Override
    public void close() {
    }

    /** The engine of that name on float32 ({@code a}, {@code b} are float[]) or float64 (double[]) operands. */
    public static GemmEngine create(String engine, GemmShape shape, Object a, Object b, int threads) {
        boolean f64 = a instanceof double[];
        if (threads != 1 && !(engine.equals(VECNET) || engine.equals(SCALAR) || engine.equals(OPENBLAS))) {
            throw new IllegalArgumentException(engine + " runs on one thread only");
        }
        return switch (engine.toLowerCase(Locale.ROOT)) {
            case VECNET, SCALAR -> new VecnetGemm(engine.equals(SCALAR), shape, a, b, threads);
            case OPENBLAS -> f64 ? new OpenBlasGemm.F64(shape, (double[]) a, (double[]) b, threads)
                    : new OpenBlasGemm.F32(shape, (float[]) a, (float[]) b, threads);
            case VECTORBLAS -> new VectorBlasGemm(shape, a, b);
            case EJML -> f64 ? new EjmlGemm.F64(shape, (double[]) a, (double[]) b)
                    : new EjmlGemm.F32(shape, (float[]) a, (float[]) b);
            default -> throw new IllegalArgumentException("unknown GEMM engine '" + engine + "'");
        };
    }

    static double[] widen(float[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = x[i];
        }
        return r;
    }
}
