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
}
