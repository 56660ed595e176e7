package dev.vecnet.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A k x n matrix copied once into the layout {@link FloatKernels#vecMat} streams: panels of
 * {@code panelWidth} columns (a whole number of the provider's vectors; the last panel padded with
 * zeros), each panel k rows of panelWidth contiguous floats. Immutable after packing, so one
 * instance serves any number of threads; tied to the provider that packed it.
 *
 * <p>It lives in a float[] (the Panama kernels read it through a heap segment), or, where the
 * provider asks for it, in native memory aligned to 64 bytes (a direct buffer, freed by the garbage
 * collector with the matrix): a Java array's elements start 16 bytes into an object aligned to 8, so a 512-bit load
 * from it spans two cache lines, which measured far slower in the zero-skipping kernel on AVX-512
 * (docs/design-notes.md, "Inference: skipping zeros").
 */
public final class PackedFloatMatrix {
    /** A cache line: the alignment of native panels. */
    static final long ALIGNMENT = 64;

    final int rows, columns, panelWidth;
    /** The panels on the heap; null when they are native. */
    final float[] data;
    /** The panels in native memory, 64-byte aligned, in the platform's byte order; null when on the heap. */
    final ByteBuffer direct;
    /**
     * The kernels' own view of the panels (the Panama kernels' memory segment), made by them on first use
     * and kept here: typed Object so that this class loads on JDK 17, where the SIMD kernels do not run.
     */
    private volatile Object view;
    /** The provider class that packed it: its layout is the only one its vecMat reads. */
    final Class<?> provider;
    /** The same values in another provider's panels, made on first use ({@link #twin}). */
    volatile PackedFloatMatrix twin;

    PackedFloatMatrix(int rows, int columns, int panelWidth, Class<?> provider, boolean nativePanels) {
        this.rows = rows;
        this.columns = columns;
        this.panelWidth = panelWidth;
        int panels = (columns + panelWidth - 1) / panelWidth;
        int length = Math.multiplyExact(Math.multiplyExact(panels, rows), panelWidth);
        this.data = nativePanels ? null : new float[length];
        this.direct = nativePanels ? aligned(Math.multiplyExact(length, Float.BYTES)) : null;
        this.provider = provider;
    }

    static ByteBuffer aligned(int bytes) {
        return ByteBuffer.allocateDirect(bytes + (int) ALIGNMENT).alignedSlice((int) ALIGNMENT).limit(bytes).slice()
                .order(ByteOrder.nativeOrder());
    }

    /** The panels in native memory (64-byte aligned, native byte order), or null when they are on the heap ({@link #data()}). */
    public ByteBuffer nativePanels() {
        return direct;
    }

    /** The kernels' view of the panels made by {@link #view(Object)}, or null before. */
    public Object view() {
        return view;
    }

    /** Keeps the kernels' view of the panels (racing threads keep equal ones). */
    public void view(Object v) {
        view = v;
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

    /** The panels on the heap, or null when they are native (then {@link #nativePanels()}). */
    public float[] data() {
        return data;
    }

    /** The provider class that packed it. */
    public Class<?> provider() {
        return provider;
    }

    /**
     * The same values in the panels of another provider's layout, made from this matrix's own on first
     * use and kept beside it (a later {@link FloatKernels#pack(float[], int, int, PackedFloatMatrix)} of
     * this matrix repacks that one): for kernels that switch providers, this matrix being row-major.
     */
    public PackedFloatMatrix twin(int panelWidth, Class<?> provider, boolean nativePanels) {
        PackedFloatMatrix t = twin;
        if (t == null) {
            t = new PackedFloatMatrix(rows, columns, panelWidth, provider, nativePanels);
            t.fill(data, 0, columns);
            twin = t;
        }
        return t;
    }

    /** Packs B (rows x columns at {@code bOff}, leading dimension ldb) into these panels. */
    void fill(float[] b, int bOff, int ldb) {
        int k = rows, n = columns, w = panelWidth;
        java.nio.FloatBuffer to = direct == null ? null : direct.asFloatBuffer();
        for (int col = 0, panel = 0; col < n; col += w, panel++) {
            int width = Math.min(w, n - col);
            for (int i = 0; i < k; i++) { // row copies, not a loop per value: packing runs once, often interpreted
                int at = (panel * k + i) * w;
                if (data == null) {
                    to.put(at, b, bOff + i * ldb + col, width);
                } else {
                    System.arraycopy(b, bOff + i * ldb + col, data, at, width);
                }
            }
        }
    }
}
