package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vecnet.kernel.Activation;
import org.junit.jupiter.api.Test;

/** The chapter-6 update rules against the book's formulas, worked by hand on one element. */
class OptimizerTest {

    private static MultiLayerNet<double[]> tiny() {
        return new MultiLayerNet<>(Precision.F64, NetworkConfig.of(1, 1, 2).withActivation(Activation.SIGMOID).withInit(WeightInit.STD, 0.5).withSeed(3).withMaxBatch(1).withThreads(1));
    }

    /** Sets W1[0] = w and its gradient to g, runs {@code steps} steps, returns W1[0]. */
    private static double run(Optimizer.Kind name, double lr, double w, double g, int steps) {
        MultiLayerNet<double[]> net = tiny();
        Optimizer<double[]> opt = Optimizer.of(name, net, lr);
        Parameter<double[]> w1 = net.parameters().get(0);
        w1.value()[0] = w;
        for (int i = 0; i < steps; i++) {
            w1.grad()[0] = g;
            opt.step();
        }
        return w1.value()[0];
    }

    @Test
    void sgd() {
        assertEquals(1 - 0.1 * 0.5, run(Optimizer.Kind.SGD, 0.1, 1, 0.5, 1), 1e-15);
    }

    @Test
    void momentum() {
        // v1 = -lr·g, v2 = 0.9·v1 - lr·g: w = 1 + v1 + v2
        double v1 = -0.1 * 0.5, v2 = 0.9 * v1 - 0.1 * 0.5;
        assertEquals(1 + v1 + v2, run(Optimizer.Kind.MOMENTUM, 0.1, 1, 0.5, 2), 1e-15);
    }

    @Test
    void adagrad() {
        double h1 = 0.25, w1 = 1 - 0.1 * 0.5 / (Math.sqrt(h1) + 1e-7);
        double h2 = 0.5, w2 = w1 - 0.1 * 0.5 / (Math.sqrt(h2) + 1e-7);
        assertEquals(w2, run(Optimizer.Kind.ADAGRAD, 0.1, 1, 0.5, 2), 1e-15);
    }

    @Test
    void adam() {
        double g = 0.5, m = 0, v = 0, w = 1;
        for (int t = 1; t <= 3; t++) {
            double lrT = 0.01 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            m += 0.1 * (g - m);
            v += 0.001 * (g * g - v);
            w -= lrT * m / (Math.sqrt(v) + 1e-7);
        }
        assertEquals(w, run(Optimizer.Kind.ADAM, 0.01, 1, g, 3), 1e-15);
    }

    @Test
    void badRatesAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Optimizer.of(Optimizer.Kind.SGD, tiny(), -1));
        assertEquals("learning rate must be > 0, got -1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Optimizer.of(Optimizer.Kind.ADAM, tiny(), Double.NaN));
    }
}
