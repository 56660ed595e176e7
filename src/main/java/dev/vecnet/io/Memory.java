package dev.vecnet.io;

import java.util.Locale;

/**
 * Sizes against the JVM's heap: a structure that cannot fit is refused before it is allocated, with
 * a message that says how much it needs, how much the heap has, and how to give the JVM more.
 */
public final class Memory {
    /** The largest Java array the JVM makes (a little under 2³¹ elements). */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 16;
    /** How the launcher passes options to the JVM. */
    public static final String HOW_TO_GROW = "give the JVM more with VECNET_OPTS=\"-Xmx<size>\" ./vecnet ... "
            + "(or java -Xmx<size> ...)";

    private Memory() {}

    /** The heap's limit in bytes (-Xmx). */
    public static long heap() {
        return Runtime.getRuntime().maxMemory();
    }

    /** Throws IllegalArgumentException when {@code bytes} for {@code what} cannot fit in the heap. */
    public static void require(long bytes, String what) {
        if (bytes < 0 || bytes > heap()) {
            throw new IllegalArgumentException(what + " needs " + (bytes < 0 ? "more than 8 EB" : size(bytes))
                    + ", more than this JVM's heap of " + size(heap()) + "; " + HOW_TO_GROW);
        }
    }

    /** {@code a·b·…} or -1 when the product overflows a long. */
    public static long product(long... factors) {
        long p = 1;
        try {
            for (long f : factors) {
                p = Math.multiplyExact(p, f);
            }
        } catch (ArithmeticException e) {
            return -1;
        }
        return p;
    }

    public static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
}
