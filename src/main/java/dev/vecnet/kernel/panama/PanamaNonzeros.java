package dev.vecnet.kernel.panama;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The positions of a row's nonzero values as a list, for the kernels that skip zeros. Walking the
 * set bits of each vector compare inside the FMA loop costs a mispredicted loop exit for nearly
 * every vector that holds a nonzero; the list is built without a data-dependent branch, a byte of
 * mask at a time from a table of bit positions, and then read by a counted loop whose only
 * misprediction is its end: faster for dense rows and for sparse rows in cache alike
 * (docs/design-notes.md, "Inference: skipping zeros").
 */
public final class PanamaNonzeros {
    /** 8 int lanes: native from AVX2 on; below that the table row is copied by a scalar loop. */
    private static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256;
    private static final boolean NATIVE = VectorShape.preferredShape().vectorBitSize() >= 256;
    /** For each byte b, the positions of b's set bits in ascending order, padded to 8 with 0s. */
    private static final int[] POSITIONS = positions();

    private PanamaNonzeros() {}

    /**
     * Appends base + j for each set bit j of the lowest {@code width} bits of {@code bits} to
     * {@code list} from {@code n}; returns the new length. Writes 8 slots per byte of width whatever
     * the bits: the list needs room for n + 8 ⌈width/8⌉ entries.
     */
    static int append(long bits, int width, int base, int[] list, int n) {
        for (int shift = 0; shift < width; shift += 8) {
            int b = (int) (bits >>> shift) & 0xFF;
            if (NATIVE) {
                IntVector.fromArray(I8, POSITIONS, b * 8).add(base + shift).intoArray(list, n);
            } else {
                copyPositions(b, base + shift, list, n);
            }
            n += Integer.bitCount(b);
        }
        return n;
    }

    /** The scalar form of one byte's table row: list[n..n+8) = positions of b's bits + base. */
    static void copyPositions(int b, int base, int[] list, int n) {
        for (int j = 0; j < 8; j++) {
            list[n + j] = POSITIONS[b * 8 + j] + base;
        }
    }

    private static int[] positions() {
        int[] t = new int[256 * 8];
        for (int b = 0; b < 256; b++) {
            for (int j = 0, n = 0; j < 8; j++) {
                if ((b & (1 << j)) != 0) {
                    t[b * 8 + n++] = j;
                }
            }
        }
        return t;
    }
}
