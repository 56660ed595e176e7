package dev.vecnet.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.data.Mnist;
import dev.vecnet.nn.Precision;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Golden figures: the seed's gradient check on the first 3 mnist-10k training samples. The numpy
 * reference prints W1 4.7e-13, b1 1.5e-12, W2 1.5e-11, b2 1.2e-10 (float64, log-sum-exp loss);
 * other weights (our random stream is not numpy's) give the same magnitudes, so each mean must be
 * within 1e-9, and within 10x of the reference's order.
 */
class GradientCheckTest {
    private static final double[] REFERENCE = {4.7e-13, 1.5e-12, 1.5e-11, 1.2e-10};

    @Test
    void float64MatchesTheSeedMagnitudes() throws IOException {
        GradientCheck.Report r = GradientCheck.run(Precision.F64, Mnist.embedded().train(), 3, 50, 0);
        assertTrue(r.passed(), "means " + java.util.Arrays.toString(r.meanAbsDiff()));
        for (int i = 0; i < REFERENCE.length; i++) {
            double d = r.meanAbsDiff()[i];
            assertTrue(d <= GradientCheck.TOLERANCE_F64 && d <= 10 * REFERENCE[i],
                    r.names().get(i) + ": " + d + " against the reference's " + REFERENCE[i]);
        }
    }

    @Test
    void float32PassesItsOwnTolerance() throws IOException {
        GradientCheck.Report r = GradientCheck.run(Precision.F32, Mnist.embedded().train(), 3, 50, 0);
        assertTrue(r.passed(), "means " + java.util.Arrays.toString(r.meanAbsDiff()));
    }

    /** The same check on MNIST digits through three hidden layers, tanh and ReLU, with weight decay. */
    @Test
    void deeperNetworksWithWeightDecayPassInFloat64() throws IOException {
        for (dev.vecnet.kernel.Activation act : new dev.vecnet.kernel.Activation[] {
                dev.vecnet.kernel.Activation.TANH, dev.vecnet.kernel.Activation.RELU}) {
            dev.vecnet.nn.NetworkConfig c = dev.vecnet.nn.NetworkConfig.of(784, 12, 9, 7, 10).withActivation(act)
                    .withInit(dev.vecnet.nn.WeightInit.HE, 0.01).withWeightDecay(0.05).withSeed(3);
            GradientCheck.Report r = GradientCheck.run(Precision.F64, Mnist.embedded().train(), 3, c);
            // tanh's third derivative is 16x the sigmoid's at 0, and so is the central difference's truncation error
            double tolerance = (act == dev.vecnet.kernel.Activation.TANH ? 16 : 1) * GradientCheck.TOLERANCE_F64;
            for (double d : r.meanAbsDiff()) {
                assertTrue(d <= tolerance, act + ": means " + java.util.Arrays.toString(r.meanAbsDiff()));
            }
            assertTrue(r.names().size() == 8, r.names().toString());
        }
    }
}
