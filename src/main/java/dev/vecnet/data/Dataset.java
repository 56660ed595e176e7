package dev.vecnet.data;


/**
 * Images and labels of one split, kept as the file's bytes (a quarter of the memory of floats) and
 * scaled to [0, 1] as the book's load_mnist(normalize=True) does, float32 x / 255, when gathered.
 */
public final class Dataset {
    /** x / 255 in float32 for every byte x: bitwise the division (and the kernels' scaleBytes). */
    private static final float[] SCALED = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            SCALED[i] = i / 255f;
        }
    }

    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final int features;
    private final int classes;

    public Dataset(String name, IdxFile.Images images, byte[] labels, int classes) {
        if (images.count() != labels.length) {
            throw new IllegalArgumentException(name + ": " + images.count() + " images but " + labels.length + " labels");
        }
        this.name = name;
        this.pixels = images.pixels();
        this.features = images.size();
        this.classes = classes;
        this.labels = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int t = labels[i] & 0xff;
            if (t >= classes) {
                throw new IllegalArgumentException(name + ": label " + t + " of sample " + i + " is not in [0, " + classes + ")");
            }
            this.labels[i] = t;
        }
    }

    public String name() {
        return name;
    }

    public int size() {
        return labels.length;
    }

    public int features() {
        return features;
    }

    public int classes() {
        return classes;
    }

    public int label(int i) {
        return labels[i];
    }

    /** The share of nonzero pixels over the first (at most) 1000 samples. */
    public double density() {
        int n = Math.min(size(), 1000) * features;
        long nonzero = 0;
        for (int i = 0; i < n; i++) {
            nonzero += pixels[i] != 0 ? 1 : 0;
        }
        return n == 0 ? 0 : (double) nonzero / n;
    }

    /** Copies sample {@code sample}, scaled, into row {@code row} (length features()) of {@code x}. */
    public void copyTo(int sample, float[] x, int row) {
        int src = sample * features, dst = row * features;
        for (int j = 0; j < features; j++) {
            x[dst + j] = SCALED[pixels[src + j] & 0xff];
        }
    }

    /**
     * Reads one byte of each cache line of a sample's pixels and returns their sum, so the caller can
     * keep it (a read whose result is unused may be dropped): touching the lines of a whole random
     * batch first lets the CPU fetch them all at once, where copying sample by sample waits for each.
     */
    public int touch(int sample) {
        int sum = 0, from = sample * features;
        for (int j = 0; j < features; j += 64) {
            sum += pixels[from + j];
        }
        return sum + pixels[from + features - 1];
    }

    /** Turns a sample's pixel bytes into a row of values (a network's precision scaling them by a kernel). */
    @FunctionalInterface
    public interface PixelScaler<A> {
        /** x[to..to+len) = pixels[from..from+len) scaled; the pixels are the data set's own: read them only. */
        void scale(int len, byte[] pixels, int from, A x, int to);
    }

    /** Sample {@code sample} into row {@code row} of x by {@code scaler}. */
    public <A> void copyTo(int sample, A x, int row, PixelScaler<A> scaler) {
        scaler.scale(features, pixels, sample * features, x, row * features);
    }

    /**
     * Samples [from, from + count) into rows [0, count) of x by {@code scaler}, in one call: they lie one
     * after the other, so an evaluation scales a whole chunk at once (the same values as row by row).
     */
    public <A> void copyRowsTo(int from, int count, A x, PixelScaler<A> scaler) {
        if (from < 0 || count < 0 || from + count > size()) {
            throw new IndexOutOfBoundsException("samples [" + from + ", " + (from + count) + ") of " + size());
        }
        scaler.scale(count * features, pixels, from * features, x, 0);
    }

    public void copyTo(int sample, double[] x, int row) {
        int src = sample * features, dst = row * features;
        for (int j = 0; j < features; j++) {
            x[dst + j] = SCALED[pixels[src + j] & 0xff];
        }
    }
}
