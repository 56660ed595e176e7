package dev.vecnet.spark;

/** The probabilities of raw scores, as MLlib's softmax layer computes them (float64, max subtracted). */
final class Softmax {
    private Softmax() {
    }

    static void of(double[] scores, double[] probabilities) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            probabilities[i] = Math.exp(scores[i] - max);
            sum += probabilities[i];
        }
        for (int i = 0; i < scores.length; i++) {
            probabilities[i] /= sum;
        }
    }

    /** MLlib's rule: the class of the largest probability (scaled by 1/threshold when thresholds are set), the first on a tie. */
    static int predict(double[] probabilities, double[] thresholds) {
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < probabilities.length; i++) {
            double v = thresholds == null ? probabilities[i]
                    : thresholds[i] == 0 ? Double.POSITIVE_INFINITY : probabilities[i] / thresholds[i];
            if (v > bestValue) {
                best = i;
                bestValue = v;
            }
        }
        return best;
    }
}
