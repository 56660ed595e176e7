package dev.vecnet.nn;

/** Initial weight scale: the seed's fixed std (0.01), Xavier (1/√fan-in) or He (√(2/fan-in)). */
public enum WeightInit {
    STD,
    XAVIER,
    HE;

    double std(double fixedStd, int fanIn) {
        return switch (this) {
            case STD -> fixedStd;
            case XAVIER -> 1 / Math.sqrt(fanIn);
            case HE -> Math.sqrt(2.0 / fanIn);
        };
    }
}
