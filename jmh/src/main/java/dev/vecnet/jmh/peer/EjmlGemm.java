package dev.vecnet.jmh.peer;

import dev.vecnet.kernel.Transpose;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * EJML's dense row-major products ({@code CommonOps_FDRM.mult}, {@code multTransA}, {@code multTransB},
 * {@code multTransAB}; single-threaded) over matrices that wrap the very arrays vecnet is given.
 */
abstract class EjmlGemm extends GemmEngine {

    EjmlGemm(GemmShape s) {
        super(s, 1);
    }

    /** op(A) rows × cols of the stored matrix. */
    static int rowsA(GemmShape s) {
        return s.ta() == Transpose.NO ? s.m() : s.k();
    }

    static int rowsB(GemmShape s) {
        return s.tb() == Transpose.NO ? s.k() : s.n();
    }

    static final class F32 extends EjmlGemm {
        private final FMatrixRMaj a, b, c;

        F32(GemmShape s, float[] a, float[] b) {
            super(s);
            this.a = FMatrixRMaj.wrap(rowsA(s), s.lda(), a);
            this.b = FMatrixRMaj.wrap(rowsB(s), s.ldb(), b);
            this.c = new FMatrixRMaj(s.m(), s.n());
        }

        @Override
        public void run() {
            boolean ta = shape.ta() == Transpose.YES, tb = shape.tb() == Transpose.YES;
            if (ta && tb) {
                CommonOps_FDRM.multTransAB(a, b, c);
            } else if (ta) {
                CommonOps_FDRM.multTransA(a, b, c);
            } else if (tb) {
                CommonOps_FDRM.multTransB(a, b, c);
            } else {
                CommonOps_FDRM.mult(a, b, c);
            }
        }

        @Override
        public double[] result() {
            return widen(c.data);
        }
    }

    static final class F64 extends EjmlGemm {
        private final DMatrixRMaj a, b, c;

        F64(GemmShape s, double[] a, double[] b) {
            super(s);
            this.a = DMatrixRMaj.wrap(rowsA(s), s.lda(), a);
            this.b = DMatrixRMaj.wrap(rowsB(s), s.ldb(), b);
            this.c = new DMatrixRMaj(s.m(), s.n());
        }

        @Override
        public void run() {
            boolean ta = shape.ta() == Transpose.YES, tb = shape.tb() == Transpose.YES;
            if (ta && tb) {
                CommonOps_DDRM.multTransAB(a, b, c);
            } else if (ta) {
                CommonOps_DDRM.multTransA(a, b, c);
            } else if (tb) {
                CommonOps_DDRM.multTransB(a, b, c);
            } else {
                CommonOps_DDRM.mult(a, b, c);
            }
        }

        @Override
        public double[] result() {
            return c.data.clone();
        }
    }
}
