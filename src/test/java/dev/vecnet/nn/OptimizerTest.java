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

    /** An optimizer given another's state and step count continues its run bit for bit (what data-parallel averaging relies on). */
    @Test
    void stateAndStepsCarryARunOver() {
        for (Optimizer.Kind kind : Optimizer.Kind.values()) {
            MultiLayerNet<double[]> a = tiny(), b = tiny();
            Optimizer<double[]> oa = Optimizer.of(kind, a, 0.05), ob = Optimizer.of(kind, b, 0.05);
            assertEquals(kind == Optimizer.Kind.SGD ? 0 : kind == Optimizer.Kind.ADAM ? 8 : 4, oa.state().size(), kind.name());
            for (int i = 0; i < 3; i++) {
                for (Parameter<double[]> p : a.parameters()) {
                    java.util.Arrays.fill(p.grad(), 0.25 * (i + 1));
                }
                oa.step();
            }
            assertEquals(3, oa.steps());
            for (int k = 0; k < a.parameters().size(); k++) {
                System.arraycopy(a.parameters().get(k).value(), 0, b.parameters().get(k).value(), 0, a.parameters().get(k).size());
            }
            for (int k = 0; k < oa.state().size(); k++) {
                System.arraycopy(oa.state().get(k), 0, ob.state().get(k), 0, oa.state().get(k).length);
            }
            ob.steps(oa.steps());
            for (Optimizer<double[]> o : java.util.List.of(oa, ob)) {
                for (Parameter<double[]> p : (o == oa ? a : b).parameters()) {
                    java.util.Arrays.fill(p.grad(), -0.5);
                }
                o.step();
            }
            for (int k = 0; k < a.parameters().size(); k++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(a.parameters().get(k).value(), b.parameters().get(k).value(), 0, kind.name());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Optimizer.of(Optimizer.Kind.SGD, tiny(), 0.1).steps(-1));
    }
}
