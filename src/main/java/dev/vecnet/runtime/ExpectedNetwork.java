package dev.vecnet.runtime;

import dev.vecnet.kernel.Activation;
import java.util.List;

/**
 * The dense network the callers said they will run ({@link KernelRuntime#expect}): its layer sizes,
 * input first, its hidden layers' activations, and the rows of the batches it multiplies by the GEMM
 * (none for a model served through the packed-weights kernels). The run-time warms
 * the kernels on these shapes, and times the GEMM's small products among them, so that any network
 * gets the cold-start behaviour the kernels were tuned for, without the kernels knowing one.
 *
 * @param sizes       the layer sizes, input first (at least two)
 * @param activations the hidden layers' activations (sizes − 2 of them)
 * @param rows        the rows of its GEMM batches (a training batch, an evaluation chunk), maybe none
 */
public record ExpectedNetwork(List<Integer> sizes, List<Activation> activations, List<Integer> rows) {
    /**
     * What the run-time warms before any caller has said: a small dense network with both common
     * activations, so that its kernels' first compilations are the usual ones.
     */
    public static final ExpectedNetwork DEFAULT = new ExpectedNetwork(List.of(256, 64, 16, 8),
            List.of(Activation.SIGMOID, Activation.RELU), List.of(128));

    private static volatile ExpectedNetwork current = DEFAULT;

    public ExpectedNetwork {
        sizes = List.copyOf(sizes);
        activations = List.copyOf(activations);
        rows = List.copyOf(new java.util.LinkedHashSet<>(rows)); // a batch and a chunk of the same rows are one
        if (sizes.size() < 2 || activations.size() != sizes.size() - 2 || rows.stream().anyMatch(r -> r < 1)) {
            throw new IllegalArgumentException("a network of sizes " + sizes + ", activations " + activations + ", rows " + rows);
        }
        for (int size : sizes) {
            if (size < 1) {
                throw new IllegalArgumentException("a layer of " + size + " values");
            }
        }
    }

    /** The network most recently expected, or {@link #DEFAULT}. */
    static ExpectedNetwork current() {
        return current;
    }

    static void expect(ExpectedNetwork n) {
        current = n;
    }
}
