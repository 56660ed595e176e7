package dev.vecnet.kernel;

/** Argument checks shared by the public kernel facades; messages name the argument and what was expected. */
public final class Checks {
    private Checks() {}

    static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    /**
     * Both dimensions of a matrix are at least 1. The message is built only on failure: a concatenation
     * in the caller's argument list ran on every call wherever the JIT did not inline far enough to
     * drop it (~120 bytes per call, seen in a split batch's softmax on a kernel thread).
     */
    static void dimensions(String name, int rows, int cols) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows of " + name + " must be >= 1, got " + rows);
        }
        if (cols < 1) {
            throw new IllegalArgumentException("columns of " + name + " must be >= 1, got " + cols);
        }
    }

    static void notNull(String name, Object array) {
        if (array == null) {
            throw new NullPointerException(name + " is null");
        }
    }

    /** A rows x cols row-major matrix at {@code off} with leading dimension {@code ld} fits in an array of {@code length}. */
    static void matrix(String name, int length, int off, int rows, int cols, int ld) {
        if (ld < cols) {
            throw new IllegalArgumentException(
                    "leading dimension of " + name + " is " + ld + " but the matrix has " + cols + " columns");
        }
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > length) {
            throw new IndexOutOfBoundsException(name + ": a " + rows + "x" + cols + " matrix at offset " + off
                    + " with leading dimension " + ld + " needs " + last + " elements, the array has " + length);
        }
    }

    static void vector(String name, int length, int off, int len) {
        if (off < 0 || (long) off + len > length) {
            throw new IndexOutOfBoundsException(
                    name + ": " + len + " elements at offset " + off + " do not fit in an array of " + length);
        }
    }

    static void labels(int[] labels, int off, int rows, int classes) {
        notNull("labels", labels);
        vector("labels", labels.length, off, rows);
        for (int i = 0; i < rows; i++) {
            int t = labels[off + i];
            if (t < 0 || t >= classes) {
                throw new IllegalArgumentException(
                        "label of row " + i + " is " + t + ", expected a class index in [0, " + classes + ")");
            }
        }
    }

    /** y[yOff..+len) is x[xOff..+len) itself or does not overlap it (elementwise kernels write as they go). */
    static void sameOrDisjoint(Object x, int xOff, Object y, int yOff, int len) {
        if (x == y && xOff != yOff && Math.abs((long) xOff - yOff) < len) {
            throw new IllegalArgumentException("output overlaps the input: offsets " + xOff + " and " + yOff
                    + " of the same array, " + len + " elements; use the same offset or separate ranges");
        }
    }

    static void threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }
}
