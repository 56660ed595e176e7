package dev.vecnet.kernel.panama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The nonzero lists behind the zero-skipping vecMat: every byte, every width, masks of 16 bits, both code paths. */
class PanamaNonzerosTest {

    private static int[] expected(long bits, int width, int base) {
        return java.util.stream.IntStream.range(0, width).filter(j -> (bits >>> j & 1) != 0).map(j -> base + j).toArray();
    }

    @Test
    void everyByteAndWidthListsItsBitsInOrderAndWritesAtMostEightSlotsPerByte() {
        for (int width = 1; width <= 8; width++) {
            for (int b = 0; b < 1 << width; b++) {
                int[] list = new int[3 + 8 + 2];
                Arrays.fill(list, -7);
                int n = PanamaNonzeros.append(b, width, 100, list, 3);
                int[] want = expected(b, width, 100);
                assertEquals(3 + want.length, n, "byte " + b + " width " + width);
                assertArrayEquals(want, Arrays.copyOfRange(list, 3, n), "byte " + b + " width " + width);
                assertEquals(-7, list[2], "slot before the list");
                assertEquals(-7, list[11], "slot after the 8 written");
            }
        }
    }

    @Test
    void theScalarCopyIsTheVectorOne() {
        for (int b = 0; b < 256; b++) {
            int[] scalar = new int[8], vector = new int[8];
            PanamaNonzeros.copyPositions(b, 40, scalar, 0);
            PanamaNonzeros.append(b, 8, 40, vector, 0);
            int count = Integer.bitCount(b);
            assertArrayEquals(Arrays.copyOf(vector, count), Arrays.copyOf(scalar, count), "byte " + b);
        }
    }

    @Test
    void wideMasksAreListedAByteAtATime() {
        SplittableRandom r = new SplittableRandom(5);
        for (int round = 0; round < 1000; round++) {
            int width = 9 + r.nextInt(8);
            long bits = r.nextLong() & ((1L << width) - 1);
            int[] list = new int[16 + 16];
            int n = PanamaNonzeros.append(bits, width, 7, list, 0);
            assertArrayEquals(expected(bits, width, 7), Arrays.copyOf(list, n), "bits " + Long.toBinaryString(bits));
        }
    }
}
