package dev.vecnet.train;

/**
 * Training stopped because the network's numbers left the finite range (a learning rate or weight
 * decay too large): a model with a NaN or infinite parameter answers nothing and no reader loads it,
 * so the run ends at once, naming the step and the first parameter that went bad, and nothing is saved.
 */
public final class DivergedException extends IllegalStateException {
    private final int step;

    DivergedException(int step, int iterations, String what) {
        super("training diverged at step " + step + " of " + iterations + ": " + what
                + "; nothing was saved (a smaller learning rate or weight decay keeps the numbers finite)");
        this.step = step;
    }

    /** The step (1-based) after which the network was found not finite. */
    public int step() {
        return step;
    }
}
