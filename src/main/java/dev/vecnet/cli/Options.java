package dev.vecnet.cli;

import dev.vecnet.io.OutputTargets;
import dev.vecnet.model.Weights;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Checks of option values, each error naming the option: run before any work starts. */
final class Options {
    /** More kernel threads than this is a typo, not a machine. */
    static final int MAX_THREADS = 1024;

    private Options() {}

    static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be >= " + min + ", got " + value);
        }
    }

    static void positive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + " must be a finite number > 0, got " + value);
        }
    }

    static void finiteAtLeastZero(String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + " must be a finite number >= 0, got " + value);
        }
    }

    /** At least an input and an output size, each 1..2^24. */
    static void layers(java.util.List<Integer> sizes) {
        if (sizes.size() < 2) {
            throw new IllegalArgumentException("--layers needs at least the input and output sizes, got " + sizes);
        }
        if (sizes.size() - 1 > Weights.MAX_LAYERS) {
            throw new IllegalArgumentException("--layers gives " + (sizes.size() - 1) + " dense layers; a model has 1.."
                    + Weights.MAX_LAYERS);
        }
        for (int s : sizes) {
            if (s < 1 || s > 1 << 24) {
                throw new IllegalArgumentException("--layers sizes must be 1.." + (1 << 24) + ", got " + sizes);
            }
        }
    }

    static void threads(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("--threads must be 1.." + MAX_THREADS + ", got " + threads);
        }
    }

    /** Each given output path can be written, and no two options name the same file. */
    static void outputs(String[] options, Path... paths) {
        Map<Path, String> seen = new HashMap<>();
        for (int i = 0; i < options.length; i++) {
            if (paths[i] == null) {
                continue;
            }
            OutputTargets.check(options[i], paths[i]);
            String other = seen.put(paths[i].toAbsolutePath().normalize(), options[i]);
            if (other != null) {
                throw new IllegalArgumentException(other + " and " + options[i] + " name the same file " + paths[i]);
            }
        }
    }
}
