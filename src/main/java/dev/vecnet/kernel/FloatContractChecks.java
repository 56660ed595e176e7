package dev.vecnet.kernel;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The float32 kernels' contract, kernel by kernel, for {@link SelfTest}: each check makes one random
 * case from its shape and a random stream (the variant first — transposes, activation, thread count —
 * then the values, so that a smaller shape of the same stream keeps the variant), runs it on the kernels
 * under test and on the reference, and compares every result bit for bit. Values mix ordinary ones
 * with zeros, large ones and ones near the subnormal range, where the flush rules apply.
 */
final class FloatContractChecks {
    private static final Activation[] ACTIVATIONS = Activation.values();
    private final FloatKernels tested, reference;

    FloatContractChecks(FloatKernels tested, FloatKernels reference) {
        this.tested = tested;
        this.reference = reference;
    }

    List<SelfTest.Check> checks() {
        return List.of(
                new SelfTest.Check("gemm", "float32", new String[] {"m", "n", "k"}, this::gemm),
                new SelfTest.Check("biasActivation", "float32", new String[] {"m", "n"}, this::biasActivation),
                new SelfTest.Check("exp, sigmoid, tanh, relu, leakyRelu", "float32", new String[] {"len"}, this::elementwise),
                new SelfTest.Check("activation backwards", "float32", new String[] {"len"}, this::backwards),
                new SelfTest.Check("softmaxRows and the losses", "float32", new String[] {"m", "n"}, this::softmax),
                new SelfTest.Check("columnSums, argmaxRows", "float32", new String[] {"m", "n"}, this::reductions),
                new SelfTest.Check("axpy and the optimizers' steps", "float32", new String[] {"len"}, this::updates),
                new SelfTest.Check("vecMatRows", "float32", new String[] {"m", "n", "k"}, this::vecMatRows),
                new SelfTest.Check("sparseTransposeTimes", "float32", new String[] {"m", "n", "k"}, this::sparseTransposeTimes),
                new SelfTest.Check("countNonZero, firstNonFinite, scaleBytes", "float32", new String[] {"len"}, this::scans));
    }

    private String gemm(int[] d, SplittableRandom r) {
        int m = d[0], n = d[1], k = d[2];
        Transpose ta = r.nextBoolean() ? Transpose.NO : Transpose.YES, tb = r.nextBoolean() ? Transpose.NO : Transpose.YES;
        float alpha = new float[] {1f, -0.75f, 2.5f}[r.nextInt(3)], beta = new float[] {0f, 1f, 0.5f}[r.nextInt(3)];
        Activation act = ACTIVATIONS[r.nextInt(ACTIVATIONS.length)];
        int threads = 1 + r.nextInt(3);
        boolean withBias = r.nextBoolean();
        float[] a = values(r, m * k, r.nextDouble() * 0.8), b = values(r, k * n, 0.1);
        float[] bias = withBias ? values(r, n, 0) : null, c = values(r, m * n, 0);
        float[] x = c.clone(), y = c.clone();
        int lda = ta == Transpose.NO ? k : m, ldb = tb == Transpose.NO ? n : k;
        tested.gemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, x, 0, n, bias, 0, act, threads);
        reference.gemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, y, 0, n, bias, 0, act, 1);
        return differ(x, y, ta + "" + tb + " alpha " + alpha + " beta " + beta + (withBias ? " bias " : " ") + act
                + ", " + threads + " threads");
    }

    private String biasActivation(int[] d, SplittableRandom r) {
        int m = d[0], n = d[1];
        Activation act = ACTIVATIONS[r.nextInt(ACTIVATIONS.length)];
        float[] c = values(r, m * n, 0.1), bias = values(r, n, 0);
        float[] x = c.clone(), y = c.clone();
        tested.biasActivation(m, n, x, 0, n, bias, 0, act);
        reference.biasActivation(m, n, y, 0, n, bias, 0, act);
        return differ(x, y, act.toString());
    }

    private String elementwise(int[] d, SplittableRandom r) {
        int len = d[0];
        float alpha = 0.01f + (float) r.nextDouble(0.5);
        float[] v = values(r, len, 0.05), x = new float[len], y = new float[len];
        tested.exp(len, v, 0, x, 0);
        reference.exp(len, v, 0, y, 0);
        String diff = differ(x, y, "exp");
        if (diff == null) {
            tested.sigmoid(len, v, 0, x, 0);
            reference.sigmoid(len, v, 0, y, 0);
            diff = differ(x, y, "sigmoid");
        }
        if (diff == null) {
            tested.tanh(len, v, 0, x, 0);
            reference.tanh(len, v, 0, y, 0);
            diff = differ(x, y, "tanh");
        }
        if (diff == null) {
            tested.relu(len, v, 0, x, 0);
            reference.relu(len, v, 0, y, 0);
            diff = differ(x, y, "relu");
        }
        if (diff == null) {
            tested.leakyRelu(len, alpha, v, 0, x, 0);
            reference.leakyRelu(len, alpha, v, 0, y, 0);
            diff = differ(x, y, "leakyRelu " + alpha);
        }
        if (diff == null) { // in place, as the layers call them
            float[] u = v.clone(), w = v.clone();
            tested.sigmoid(len, u, 0, u, 0);
            reference.sigmoid(len, w, 0, w, 0);
            diff = differ(u, w, "sigmoid in place");
        }
        return diff;
    }

    private String backwards(int[] d, SplittableRandom r) {
        int len = d[0];
        float[] dout = values(r, len, 0.05), fwd = values(r, len, 0.2), x = new float[len], y = new float[len];
        tested.sigmoidBackward(len, dout, 0, fwd, 0, x, 0);
        reference.sigmoidBackward(len, dout, 0, fwd, 0, y, 0);
        String diff = differ(x, y, "sigmoidBackward");
        if (diff == null) {
            tested.tanhBackward(len, dout, 0, fwd, 0, x, 0);
            reference.tanhBackward(len, dout, 0, fwd, 0, y, 0);
            diff = differ(x, y, "tanhBackward");
        }
        if (diff == null) {
            tested.reluBackward(len, dout, 0, fwd, 0, x, 0);
            reference.reluBackward(len, dout, 0, fwd, 0, y, 0);
            diff = differ(x, y, "reluBackward");
        }
        return diff;
    }

    private String softmax(int[] d, SplittableRandom r) {
        int m = d[0], n = d[1];
        float scale = new float[] {1f, 30f, 200f}[r.nextInt(3)];
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            labels[i] = r.nextInt(n);
        }
        float[] logits = values(r, m * n, 0.05);
        for (int i = 0; i < logits.length; i++) {
            logits[i] *= scale;
        }
        float[] x = new float[m * n], y = new float[m * n];
        tested.softmaxRows(m, n, logits, 0, n, x, 0, n);
        reference.softmaxRows(m, n, logits, 0, n, y, 0, n);
        String diff = differ(x, y, "softmaxRows, logits scaled by " + scale);
        if (diff == null) {
            diff = differ(new float[] {(float) tested.crossEntropyLogits(m, n, logits, 0, n, labels, 0)},
                    new float[] {(float) reference.crossEntropyLogits(m, n, logits, 0, n, labels, 0)}, "crossEntropyLogits");
        }
        if (diff == null) {
            diff = differ(new float[] {(float) tested.crossEntropyBook(m, n, y, 0, n, labels, 0)},
                    new float[] {(float) reference.crossEntropyBook(m, n, y, 0, n, labels, 0)}, "crossEntropyBook");
        }
        if (diff == null) {
            float[] dx = new float[m * n], dy = new float[m * n];
            tested.softmaxLossBackward(m, n, y, 0, n, labels, 0, dx, 0, n);
            reference.softmaxLossBackward(m, n, y, 0, n, labels, 0, dy, 0, n);
            diff = differ(dx, dy, "softmaxLossBackward");
        }
        return diff;
    }

    private String reductions(int[] d, SplittableRandom r) {
        int m = d[0], n = d[1];
        float[] v = values(r, m * n, 0.1);
        if (r.nextInt(4) == 0) { // ties: the first maximum wins
            v[r.nextInt(v.length)] = 2f;
            v[r.nextInt(v.length)] = 2f;
        }
        float[] x = new float[n], y = new float[n];
        tested.columnSums(m, n, v, 0, n, x, 0);
        reference.columnSums(m, n, v, 0, n, y, 0);
        String diff = differ(x, y, "columnSums");
        if (diff == null) {
            int[] i = new int[m], j = new int[m];
            tested.argmaxRows(m, n, v, 0, n, i, 0);
            reference.argmaxRows(m, n, v, 0, n, j, 0);
            for (int row = 0; row < m && diff == null; row++) {
                diff = i[row] == j[row] ? null : "argmaxRows: row " + row + " gives " + i[row] + ", the reference " + j[row];
            }
        }
        return diff;
    }

    private String updates(int[] d, SplittableRandom r) {
        int len = d[0];
        float lr = new float[] {0.1f, 0.01f, 1e-3f}[r.nextInt(3)], alpha = new float[] {1e-4f, -0.5f}[r.nextInt(2)];
        float[] g = values(r, len, 0.1), w0 = values(r, len, 0.05), s0 = values(r, len, 0.1), t0 = values(r, len, 0.1);
        for (int i = 0; i < len; i++) { // second moments and squared sums are never negative
            t0[i] = Math.abs(t0[i]);
        }
        float[] w1 = w0.clone(), w2 = w0.clone();
        tested.axpy(len, alpha, g, 0, w1, 0);
        reference.axpy(len, alpha, g, 0, w2, 0);
        String diff = differ(w1, w2, "axpy " + alpha);
        if (diff == null) {
            w1 = w0.clone();
            w2 = w0.clone();
            tested.sgdStep(len, lr, g, 0, w1, 0);
            reference.sgdStep(len, lr, g, 0, w2, 0);
            diff = differ(w1, w2, "sgdStep lr " + lr);
        }
        if (diff == null) {
            w1 = w0.clone();
            w2 = w0.clone();
            float[] v1 = s0.clone(), v2 = s0.clone();
            tested.momentumStep(len, lr, 0.9f, g, 0, v1, 0, w1, 0);
            reference.momentumStep(len, lr, 0.9f, g, 0, v2, 0, w2, 0);
            diff = differ(w1, w2, "momentumStep");
            diff = diff != null ? diff : differ(v1, v2, "momentumStep's velocity");
        }
        if (diff == null) {
            w1 = w0.clone();
            w2 = w0.clone();
            float[] h1 = t0.clone(), h2 = t0.clone();
            tested.adagradStep(len, lr, g, 0, h1, 0, w1, 0);
            reference.adagradStep(len, lr, g, 0, h2, 0, w2, 0);
            diff = differ(w1, w2, "adagradStep");
            diff = diff != null ? diff : differ(h1, h2, "adagradStep's squared sums");
        }
        if (diff == null) {
            w1 = w0.clone();
            w2 = w0.clone();
            float[] m1 = s0.clone(), m2 = s0.clone(), v1 = t0.clone(), v2 = t0.clone();
            tested.adamStep(len, lr, 0.1f, 0.001f, g, 0, m1, 0, v1, 0, w1, 0);
            reference.adamStep(len, lr, 0.1f, 0.001f, g, 0, m2, 0, v2, 0, w2, 0);
            diff = differ(w1, w2, "adamStep");
            diff = diff != null ? diff : differ(m1, m2, "adamStep's first moments");
            diff = diff != null ? diff : differ(v1, v2, "adamStep's second moments");
        }
        return diff;
    }

    private String vecMatRows(int[] d, SplittableRandom r) {
        int m = d[0], n = d[1], k = d[2];
        Activation act = ACTIVATIONS[r.nextInt(ACTIVATIONS.length)];
        int threads = 1 + r.nextInt(2);
        boolean withBias = r.nextBoolean();
        float[] x = values(r, m * k, 0.8), b = values(r, k * n, 0), bias = withBias ? values(r, n, 0) : null;
        float[] u = new float[m * n], v = new float[m * n];
        tested.vecMatRows(m, x, 0, k, tested.pack(k, n, b, 0, n), bias, 0, act, u, 0, n, threads);
        reference.vecMatRows(m, x, 0, k, reference.pack(k, n, b, 0, n), bias, 0, act, v, 0, n, 1);
        return differ(u, v, act + (withBias ? " bias" : "") + ", " + threads + " threads");
    }

    private String sparseTransposeTimes(int[] d, SplittableRandom r) {
        int m = d[0], n = d[1], k = d[2];
        int threads = 1 + r.nextInt(2);
        float[] x = values(r, m * k, 0.8), dd = values(r, m * n, 0), u = new float[k * n], v = new float[k * n];
        tested.sparseTransposeTimes(m, k, n, x, 0, k, dd, 0, n, u, 0, n, threads);
        reference.sparseTransposeTimes(m, k, n, x, 0, k, dd, 0, n, v, 0, n, 1);
        return differ(u, v, threads + " threads");
    }

    private String scans(int[] d, SplittableRandom r) {
        int len = d[0];
        float[] x = values(r, len, 0.7);
        if (r.nextBoolean()) {
            x[r.nextInt(len)] = r.nextBoolean() ? Float.NaN : Float.NEGATIVE_INFINITY;
        }
        if (tested.countNonZero(len, x, 0) != reference.countNonZero(len, x, 0)) {
            return "countNonZero: " + tested.countNonZero(len, x, 0) + ", the reference " + reference.countNonZero(len, x, 0);
        }
        if (tested.firstNonFinite(len, x, 0) != reference.firstNonFinite(len, x, 0)) {
            return "firstNonFinite: " + tested.firstNonFinite(len, x, 0) + ", the reference " + reference.firstNonFinite(len, x, 0);
        }
        byte[] pixels = new byte[len];
        r.nextBytes(pixels);
        float[] u = new float[len], v = new float[len];
        tested.scaleBytes(len, pixels, 0, 255f, u, 0);
        reference.scaleBytes(len, pixels, 0, 255f, v, 0);
        return differ(u, v, "scaleBytes");
    }

    /** Random values in (-2, 2), {@code zeros} of them 0; now and then all scaled large or near the subnormal range. */
    private static float[] values(SplittableRandom r, int size, double zeros) {
        double scale = switch (r.nextInt(8)) {
            case 0 -> 100;
            case 1 -> 4 * Float.MIN_NORMAL;
            default -> 1;
        };
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = r.nextDouble() < zeros ? 0f : (float) (r.nextDouble(-2, 2) * scale);
        }
        return x;
    }

    /** Null when x and y hold the same bits, else where they first differ. */
    private static String differ(float[] x, float[] y, String what) {
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToIntBits(x[i]) != Float.floatToIntBits(y[i])) {
                return what + ": element " + i + " is " + x[i] + ", the reference gives " + y[i];
            }
        }
        return null;
    }
}
