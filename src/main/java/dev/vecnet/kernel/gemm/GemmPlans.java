package dev.vecnet.kernel.gemm;

import dev.vecnet.kernel.VectorWidth;


/**
 * The GEMM plan in use: the defaults of the machine's register file until another is installed (the
 * run-time installs the plan {@code vecnet tune} stored for this machine, a plan file, or one it
 * measured). A plan changes speed only, never a result.
 */
public final class GemmPlans {
    private static volatile GemmPlan current;
    private static volatile String origin;

    private GemmPlans() {}

    /** The plan the GEMM follows. */
    public static GemmPlan current() {
        GemmPlan p = current;
        return p != null ? p : defaults();
    }

    /** Where the plan in use came from. */
    public static String origin() {
        current();
        return origin;
    }

    /** Follows this plan from now on; {@code from} says where it came from. */
    public static synchronized void use(GemmPlan plan, String from) {
        current = java.util.Objects.requireNonNull(plan, "plan");
        origin = from;
    }

    private static synchronized GemmPlan defaults() {
        if (current == null) {
            current = GemmPlan.defaults(VectorWidth.registers());
            origin = "defaults for " + VectorWidth.registers() + " vector registers";
        }
        return current;
    }
}
