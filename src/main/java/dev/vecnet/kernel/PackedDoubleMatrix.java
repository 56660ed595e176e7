// GENERATED from PackedFloatMatrix.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A k x n matrix copied once into the layout {@link DoubleKernels#vecMat} streams: panels of
 * {@code panelWidth} columns (a whole number of the provider's vectors; the last panel padded with
 * zeros), each panel k rows of panelWidth contiguous floats. Immutable after packing, so one
 * instance serves any number of threads; tied to the provider that packed it.
 *
 * <p>It lives in a double[] (the Panama kernels read it through a heap segment), or, where the
 * provider asks for it, in native memory aligned to 64 bytes (freed by the garbage collector with
 * the matrix): a Java array's elements start 16 bytes into an object aligned to 8, so a 512-bit load
 * from it spans two cache lines, which measured far slower in the zero-skipping kernel on AVX-512
 * (docs/design-notes.md, "Inference: skipping zeros").
 */
public final class PackedDoubleMatrix {
    /** A cache line: the alignment of native panels. */
    static final long ALIGNMENT = 64;

    final int rows, columns, panelWidth;
    /** The panels on the heap; null when they are native. */
    final double[] data;
    /**
     * The panels as a segment: native and 64-byte aligned, or over {@link #data}, made when first asked
     * for ({@link #segment()}): the scalar kernels read the array, and a fresh JVM's first use of the
     * foreign memory API costs milliseconds.
     */
    private MemorySegment segment;
    /** The provider class that packed it: its layout is the only one its vecMat reads. */
    final Class<?> provider;
    /** The same values in another provider's panels, made on first use ({@link #twin}). */
    volatile PackedDoubleMatrix twin;

    PackedDoubleMatrix(int rows, int columns, int panelWidth, Class<?> provider, boolean nativePanels) {
        this.rows = rows;
        this.columns = columns;
        this.panelWidth = panelWidth;
        int panels = (columns + panelWidth - 1) / panelWidth;
        int length = Math.multiplyExact(Math.multiplyExact(panels, rows), panelWidth);
        this.data = nativePanels ? null : new double[length];
        this.segment = nativePanels ? Arena.ofAuto().allocate((long) length * Double.BYTES, ALIGNMENT) : null;
        this.provider = provider;
    }

    /** The panels as a segment (one made over the heap array on first use; racing threads make equal ones). */
    public MemorySegment segment() {
        MemorySegment s = segment;
        if (s == null) {
            segment = s = MemorySegment.ofArray(data);
        }
        return s;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** Columns per panel: the layout of the provider that packed it. */
    public int panelWidth() {
        return panelWidth;
    }

    /** The panels on the heap, or null when they are native (then {@link #segment()}). */
    public double[] data() {
        return data;
    }

    /** The provider class that packed it. */
    public Class<?> provider() {
        return provider;
    }

    /**
     * The same values in the panels of another provider's layout, made from this matrix's own on first
     * use and kept beside it (a later {@link DoubleKernels#pack(double[], int, int, PackedDoubleMatrix)} of
     * this matrix repacks that one): for kernels that switch providers, this matrix being row-major.
     */
    public PackedDoubleMatrix twin(int panelWidth, Class<?> provider, boolean nativePanels) {
        PackedDoubleMatrix t = twin;
        if (t == null) {
            t = new PackedDoubleMatrix(rows, columns, panelWidth, provider, nativePanels);
            t.fill(data, 0, columns);
            twin = t;
        }
        return t;
    }

    /** Packs B (rows x columns at {@code bOff}, leading dimension ldb) into these panels. */
    void fill(double[] b, int bOff, int ldb) {
        int k = rows, n = columns, w = panelWidth;
        for (int col = 0, panel = 0; col < n; col += w, panel++) {
            int width = Math.min(w, n - col);
            for (int i = 0; i < k; i++) { // row copies, not a loop per value: packing runs once, often interpreted
                int to = (panel * k + i) * w;
                if (data == null) {
                    MemorySegment.copy(b, bOff + i * ldb + col, segment(), ValueLayout.JAVA_DOUBLE, (long) to * Double.BYTES, width);
                } else {
                    System.arraycopy(b, bOff + i * ldb + col, data, to, width);
                }
            }
        }
    }
}
