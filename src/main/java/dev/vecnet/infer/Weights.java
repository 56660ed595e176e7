package dev.vecnet.infer;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.FloatKernels;
import dev.vecnet.nn.Parameter;
import dev.vecnet.nn.Precision;
import dev.vecnet.nn.TwoLayerNet;
import java.io.IOException;
import java.util.List;

/**
 * A network's parameters on their way to or from a file: sizes, activation, the precision they are
 * stored in, and W1 (input x hidden), b1, W2 (hidden x output), b2 row-major as doubles (exact for
 * both precisions). Every format reader produces one and every writer consumes one.
 */
record Weights(int input, int hidden, int output, Activation activation, boolean f64,
               double[] w1, double[] b1, double[] w2, double[] b2) {

    static <A> Weights of(TwoLayerNet<A> net) {
        Precision<A> p = net.precision();
        List<Parameter<A>> params = net.parameters();
        double[][] v = new double[4][];
        for (int i = 0; i < 4; i++) {
            A a = params.get(i).value();
            v[i] = new double[params.get(i).size()];
            for (int j = 0; j < v[i].length; j++) {
                v[i][j] = p.get(a, j);
            }
        }
        return new Weights(net.inputSize(), net.hiddenSize(), net.outputSize(), net.activation(),
                p.name().equals("f64"), v[0], v[1], v[2], v[3]);
    }

    static Weights of(Model m) {
        return new Weights(m.input, m.hidden, m.output, m.activation, false,
                doubles(m.w1), doubles(m.b1), doubles(m.w2), doubles(m.b2));
    }

    /** The float32 model; float64 values are rounded once, here. Non-finite parameters are rejected. */
    Model toModel(String source, FloatKernels kernels) throws IOException {
        return Model.create(source, input, hidden, output, activation, floats(w1), floats(b1), floats(w2), floats(b2),
                f64 ? "f64" : "f32", kernels);
    }

    double[][] arrays() {
        return new double[][] {w1, b1, w2, b2};
    }

    static final String[] NAMES = {"W1", "b1", "W2", "b2"};

    private static double[] doubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static float[] floats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}
