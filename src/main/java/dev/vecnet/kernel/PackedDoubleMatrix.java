// GENERATED from PackedFloatMatrix.java by src/codegen/float_to_double.py: edit that file, not this one.
package dev.vecnet.kernel;

/**
 * A k x n matrix copied once into the layout {@link DoubleKernels#vecMat} streams: panels of
 * {@code panelWidth} columns (a whole number of the provider's vectors; the last panel padded with
 * zeros), each panel k rows of panelWidth contiguous floats. Immutable after packing, so one
 * instance serves any number of threads; tied to the provider that packed it.
 */
public final class PackedDoubleMatrix {
    final int rows, columns, panelWidth;
    final double[] data;
    /** The provider class that packed it: its layout is the only one its vecMat reads. */
    final Class<?> provider;

    PackedDoubleMatrix(int rows, int columns, int panelWidth, Class<?> provider) {
        this.rows = rows;
        this.columns = columns;
        this.panelWidth = panelWidth;
        int panels = (columns + panelWidth - 1) / panelWidth;
        this.data = new double[Math.multiplyExact(Math.multiplyExact(panels, rows), panelWidth)];
        this.provider = provider;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }
}
