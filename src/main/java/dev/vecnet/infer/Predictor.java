package dev.vecnet.infer;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.FloatKernels;
import dev.vecnet.kernel.KernelThreads;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ConcurrentModificationException;

/**
 * Inference over a shared {@link Model}. Threading rule: a Predictor owns its scratch buffers and is
 * NOT thread-safe; give each thread its own ({@code model.predictor()}), the Model itself is shared.
 * A Predictor may pass from thread to thread (a pool), but a call made while another thread's call is
 * running is refused with a ConcurrentModificationException, never answered from shared scratch.
 * A call allocates nothing, a batch split over threads included: a batch runs in chunks of
 * {@link #CHUNK} images through buffers made with the predictor.
 *
 * <p>An image's probabilities are the same bits whichever call computes them: predict, a batch of
 * any size at any position, split over any number of threads.
 *
 * <p>Input policy: an image must have exactly {@code model.inputSize()} values and all of them
 * finite; a wrong length or a NaN/Inf value is rejected with an IllegalArgumentException naming it.
 */
public final class Predictor {
    /** Rows per thread below which a batch is not split: the kernels' own minimum for row-wise work. */
    private static final int MIN_ROWS_PER_THREAD = FloatKernels.VEC_MAT_MIN_ROWS_PER_THREAD;
    /**
     * Images per pass of a batch through both layers: their hidden activations (CHUNK x hidden) stay in
     * the first-level cache between the layers instead of a whole batch's going out to memory and back.
     */
    static final int CHUNK = 32;

    private final Model m;
    private final FloatKernels k;
    private final int threads;
    /** Scratch of each part of a batch split over threads: parts[0] is this predictor. */
    private final Predictor[] parts;
    private final float[] hidden, logits;
    /** The batch a split is running (set before the split, read by its parts): no per-call task object. */
    private float[] batchImages, batchProbabilities;
    private int batchFrom, batchTo;
    private final KernelThreads.Range part = this::runPart;
    /** 1 while a call runs (see {@link #enter()}). */
    @SuppressWarnings("unused")
    private volatile int inUse;
    private static final VarHandle IN_USE;

    static {
        try {
            IN_USE = MethodHandles.lookup().findVarHandle(Predictor.class, "inUse", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Predictor(Model model, int threads) {
        this.m = model;
        this.k = model.kernels;
        this.threads = threads;
        this.hidden = new float[CHUNK * model.hidden];
        this.logits = new float[CHUNK * model.output];
        this.parts = new Predictor[threads];
        parts[0] = this;
        for (int i = 1; i < threads; i++) {
            parts[i] = new Predictor(model, 1);
        }
    }

    /**
     * Marks this predictor in use; a second thread entering while the first is inside gets an exception
     * instead of sharing the scratch buffers (which would give it, or the first thread, wrong
     * probabilities without a word). One atomic exchange per call.
     */
    private void enter() {
        if ((int) IN_USE.getAndSet(this, 1) != 0) {
            throw new ConcurrentModificationException("this Predictor is in use by another thread; a Predictor is not "
                    + "thread-safe: give each thread its own (model.predictor()), all sharing one Model");
        }
    }

    private void exit() {
        IN_USE.setRelease(this, 0);
    }

    /** probabilities (length outputSize) = softmax of the network's output for one image. */
    public void predict(float[] image, float[] probabilities) {
        enter();
        try {
            predictOne(image, probabilities);
        } finally {
            exit();
        }
    }

    private void predictOne(float[] image, float[] probabilities) {
        checkLength(image);
        if (probabilities == null || probabilities.length != m.output) {
            throw new IllegalArgumentException("probabilities must have " + m.output + " elements, got "
                    + (probabilities == null ? "null" : probabilities.length));
        }
        forward(image, 0, 1, -1);
        k.softmaxRows(1, m.output, logits, 0, m.output, probabilities, 0, m.output);
    }

    /** The most probable class of one image. */
    public int classify(float[] image) {
        enter();
        try {
            return classifyOne(image);
        } finally {
            exit();
        }
    }

    private int classifyOne(float[] image) {
        checkLength(image);
        forward(image, 0, 1, -1);
        int best = 0;
        for (int j = 1; j < m.output; j++) {
            if (logits[j] > logits[best]) {
                best = j;
            }
        }
        return best;
    }

    /** count images, contiguous in {@code images}; their probabilities, contiguous, into {@code probabilities}. */
    public void predictBatch(float[] images, int count, float[] probabilities) {
        if (count < 1 || images == null || (long) count * m.input != images.length) {
            throw new IllegalArgumentException("images must hold count x " + m.input + " = " + (long) count * m.input
                    + " values, got " + (images == null ? "null" : images.length));
        }
        if (probabilities == null || (long) count * m.output != probabilities.length) {
            throw new IllegalArgumentException("probabilities must hold " + (long) count * m.output + " values");
        }
        predictBatch(images, 0, count, probabilities, 0);
    }

    /**
     * count images, contiguous from {@code images[from]}; their probabilities, contiguous, into
     * {@code probabilities} from {@code to}. The arrays may be longer than the batch.
     */
    public void predictBatch(float[] images, int from, int count, float[] probabilities, int to) {
        enter();
        try {
            batch(images, from, count, probabilities, to);
        } finally {
            exit();
        }
    }

    private void batch(float[] images, int from, int count, float[] probabilities, int to) {
        if (images == null || probabilities == null) {
            throw new IllegalArgumentException("images and probabilities must not be null");
        }
        if (count < 1 || from < 0 || to < 0 || from + (long) count * m.input > images.length
                || to + (long) count * m.output > probabilities.length) {
            throw new IllegalArgumentException("a batch of " + count + " x " + m.input + " values from " + from
                    + " (array of " + images.length + ") with " + count + " x " + m.output + " probabilities from " + to
                    + " (array of " + probabilities.length + ") does not fit");
        }
        int split = KernelThreads.parts(count, threads, MIN_ROWS_PER_THREAD);
        if (split == 1) {
            probabilities(images, from, count, 0, probabilities, to);
            return;
        }
        batchImages = images;
        batchProbabilities = probabilities;
        batchFrom = from;
        batchTo = to;
        try {
            KernelThreads.run(count, split, MIN_ROWS_PER_THREAD, part);
        } catch (IllegalArgumentException e) {
            for (int i = 0; i < count; i++) { // several parts may have failed: name the first bad image
                check(images, from + i * m.input, i);
            }
            throw e;
        } finally {
            batchImages = null; // the caller's arrays are not kept past the call
            batchProbabilities = null;
        }
    }

    /** Part {@code index} of a split batch: its rows [lo, hi), on that part's predictor. */
    private void runPart(int index, int lo, int hi) {
        parts[index].probabilities(batchImages, batchFrom + lo * m.input, hi - lo, lo, batchProbabilities,
                batchTo + lo * m.output);
    }

    /**
     * The whole network for rows [first, first + rows) of a batch, on this predictor's scratch and the
     * calling thread, {@link #CHUNK} rows at a time.
     */
    private void probabilities(float[] images, int from, int rows, int first, float[] probabilities, int to) {
        for (int done = 0; done < rows; done += CHUNK) {
            int chunk = Math.min(CHUNK, rows - done);
            forward(images, from + done * m.input, chunk, first + done);
            k.softmaxRows(chunk, m.output, logits, 0, m.output, probabilities, to + done * m.output, m.output);
        }
    }

    /**
     * Both layers by the packed-weights kernel (no blocking, no padding of rows), one image or a batch
     * row by row: an image's probabilities are the same bits whichever call computes them.
     * Inputs are checked through the first layer's sums, before bias and activation: a NaN or an
     * infinity anywhere in an image makes every sum of its row NaN or infinite (the kernel counts NaN
     * as nonzero, and 0·∞ is NaN), so a few values are checked instead of every pixel; only then is
     * the image itself searched, to name the value (a sum that overflowed from finite inputs passes).
     * {@code first} is the batch index of the first row, for messages (-1: a single image); a batch
     * passes at most {@link #CHUNK} rows.
     */
    private void forward(float[] x, int from, int rows, int first) {
        if (first < 0) {
            k.vecMat(x, from, m.w1Packed, null, 0, Activation.NONE, hidden, 0);
            checkSums(x, from, 1, first);
            k.biasActivation(1, m.hidden, hidden, 0, m.hidden, m.b1, 0, m.activation);
            k.vecMat(hidden, 0, m.w2Packed, m.b2, 0, Activation.NONE, logits, 0);
            return;
        }
        k.vecMatRows(rows, x, from, m.input, m.w1Packed, null, 0, Activation.NONE, hidden, 0, m.hidden, 1);
        checkSums(x, from, rows, first);
        k.biasActivation(rows, m.hidden, hidden, 0, m.hidden, m.b1, 0, m.activation);
        // the 50 -> 10 layer by the same kernel as one image's (two rows per load of W2): the same bits
        k.vecMatRows(rows, hidden, 0, m.hidden, m.w2Packed, m.b2, 0, Activation.NONE, logits, 0, m.output, 1);
    }

    /** Rejects the first image whose first-layer sums are not all finite and that holds a NaN or an infinity. */
    private void checkSums(float[] x, int from, int rows, int first) {
        int at = 0;
        while (at < rows * m.hidden) {
            int bad = k.firstNonFinite(rows * m.hidden - at, hidden, at);
            if (bad < 0) {
                return;
            }
            int row = (at + bad) / m.hidden;
            check(x, from + row * m.input, first < 0 ? -1 : first + row);
            at = (row + 1) * m.hidden; // finite inputs that overflowed: go on after this row
        }
    }

    private void checkLength(float[] image) {
        if (image == null || image.length != m.input) {
            throw new IllegalArgumentException("image has " + (image == null ? "no" : image.length)
                    + " values, the model expects " + m.input);
        }
    }

    /** The m.input values from {@code from} (already known to be in the array) must all be finite. */
    private void check(float[] x, int from, int batchIndex) {
        int bad = k.firstNonFinite(m.input, x, from);
        if (bad >= 0) {
            throw new IllegalArgumentException((batchIndex < 0 ? "image" : "image " + batchIndex) + ": value " + bad
                    + " is " + x[from + bad] + "; inputs must be finite");
        }
    }
}
