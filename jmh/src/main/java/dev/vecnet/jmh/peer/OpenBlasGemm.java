package dev.vecnet.jmh.peer;

import dev.vecnet.kernel.Transpose;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_full;

/**
 * OpenBLAS's {@code cblas_sgemm} / {@code cblas_dgemm} through JavaCPP (the library ships inside the
 * jar). Operands are copied once into native memory, so a call passes pointers and copies nothing: the
 * time is OpenBLAS's own. The thread count is set with {@code openblas_set_num_threads}.
 */
public abstract class OpenBlasGemm extends GemmEngine {

    /** OpenBLAS's thread count is one setting for the whole process: engines of several counts share it by turns. */
    private static int threadsSet;

    OpenBlasGemm(GemmShape s, int threads) {
        super(s, threads);
        useThreads(threads);
    }

    static void useThreads(int threads) {
        if (threadsSet != threads) {
            openblas_full.openblas_set_num_threads(threads);
            threadsSet = threads;
        }
    }

    /** The kernel OpenBLAS chose for this CPU (e.g. "SkylakeX", "Haswell", "Zen"). */
    public static String coreName() {
        BytePointer p = openblas_full.openblas_get_corename();
        return p == null ? "?" : p.getString().trim();
    }

    /** OpenBLAS's build configuration, which starts with its version. */
    public static String config() {
        BytePointer p = openblas_full.openblas_get_config();
        return p == null ? "?" : p.getString().trim();
    }

    static int trans(Transpose t) {
        return t == Transpose.YES ? openblas_full.CblasTrans : openblas_full.CblasNoTrans;
    }

    static final class F32 extends OpenBlasGemm {
        private final FloatPointer a, b, c;
        private final int size;

        F32(GemmShape s, float[] a, float[] b, int threads) {
            super(s, threads);
            this.a = new FloatPointer(a);
            this.b = new FloatPointer(b);
            this.size = s.m() * s.n();
            this.c = new FloatPointer(size);
        }

        @Override
        public void run() {
            GemmShape s = shape;
            useThreads(threads);
            openblas_full.cblas_sgemm(openblas_full.CblasRowMajor, trans(s.ta()), trans(s.tb()), s.m(), s.n(), s.k(),
                    1f, a, s.lda(), b, s.ldb(), 0f, c, s.n());
        }

        @Override
        public double[] result() {
            float[] r = new float[size];
            c.get(r);
            return widen(r);
        }

        @Override
        public void close() {
            a.close();
            b.close();
            c.close();
        }
    }

    static final class F64 extends OpenBlasGemm {
        private final DoublePointer a, b, c;
        private final int size;

        F64(GemmShape s, double[] a, double[] b, int threads) {
            super(s, threads);
            this.a = new DoublePointer(a);
            this.b = new DoublePointer(b);
            this.size = s.m() * s.n();
            this.c = new DoublePointer(size);
        }

        @Override
        public void run() {
            GemmShape s = shape;
            useThreads(threads);
            openblas_full.cblas_dgemm(openblas_full.CblasRowMajor, trans(s.ta()), trans(s.tb()), s.m(), s.n(), s.k(),
                    1, a, s.lda(), b, s.ldb(), 0, c, s.n());
        }

        @Override
        public double[] result() {
            double[] r = new double[size];
            c.get(r);
            return r;
        }

        @Override
        public void close() {
            a.close();
            b.close();
            c.close();
        }
    }
}
