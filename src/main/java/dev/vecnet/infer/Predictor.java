package dev.vecnet.infer;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.FloatKernels;
import dev.vecnet.kernel.KernelThreads;
import dev.vecnet.kernel.Parallel;
import dev.vecnet.model.Output;
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
    /** Each layer's outputs for a chunk of rows: CHUNK x sizes[l + 1]; the last one holds the logits. */
    private final float[][] outputs;
    private final float[] logits;
    /** The batch a split is running (set before the split, read by its parts): no per-call task object. */
    private float[] batchImages, batchProbabilities;
    private int batchFrom, batchTo;
    private final Parallel.Range part = this::runPart;
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
        this.outputs = new float[model.depth][];
        for (int l = 0; l < model.depth; l++) {
            outputs[l] = new float[CHUNK * model.sizes[l + 1]];
        }
        this.logits = outputs[model.depth - 1];
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

    /**
     * What the model outputs for one image (length outputSize): the softmax of the last layer, or its
     * scores when the model ends without one ({@link Model#output()}).
     */
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
        int out = m.outputSize();
        if (probabilities == null || probabilities.length != out) {
            throw new IllegalArgumentException("probabilities must have " + out + " elements, got "
                    + (probabilities == null ? "null" : probabilities.length));
        }
        forwardOne(image);
        finish(1, probabilities, 0);
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
        forwardOne(image);
        int best = 0;
        for (int j = 1; j < m.outputSize(); j++) {
            if (logits[j] > logits[best]) {
                best = j;
            }
        }
        return best;
    }

    /** count images, contiguous in {@code images}; their probabilities, contiguous, into {@code probabilities}. */
    public void predictBatch(float[] images, int count, float[] probabilities) {
        if (count < 1 || images == null || (long) count * m.inputSize() != images.length) {
            throw new IllegalArgumentException("images must hold count x " + m.inputSize() + " = " + (long) count * m.inputSize()
                    + " values, got " + (images == null ? "null" : images.length));
        }
        if (probabilities == null || (long) count * m.outputSize() != probabilities.length) {
            throw new IllegalArgumentException("probabilities must hold " + (long) count * m.outputSize() + " values");
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
        if (count < 1 || from < 0 || to < 0 || from + (long) count * m.inputSize() > images.length
                || to + (long) count * m.outputSize() > probabilities.length) {
            throw new IllegalArgumentException("a batch of " + count + " x " + m.inputSize() + " values from " + from
                    + " (array of " + images.length + ") with " + count + " x " + m.outputSize() + " probabilities from " + to
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
                check(images, from + i * m.inputSize(), i);
            }
            throw e;
        } finally {
            batchImages = null; // the caller's arrays are not kept past the call
            batchProbabilities = null;
        }
    }

    /** Part {@code index} of a split batch: its rows [lo, hi), on that part's predictor. */
    private void runPart(int index, int lo, int hi) {
        parts[index].probabilities(batchImages, batchFrom + lo * m.inputSize(), hi - lo, lo, batchProbabilities,
                batchTo + lo * m.outputSize());
    }

    /**
     * The whole network for rows [first, first + rows) of a batch, on this predictor's scratch and the
     * calling thread, {@link #CHUNK} rows at a time.
     */
    private void probabilities(float[] images, int from, int rows, int first, float[] probabilities, int to) {
        for (int done = 0; done < rows; done += CHUNK) {
            int chunk = Math.min(CHUNK, rows - done);
            forwardRows(images, from + done * m.inputSize(), chunk, first + done);
            finish(chunk, probabilities, to + done * m.outputSize());
        }
    }

    /** The model's output for {@code rows} rows of logits: their softmax, or the scores as they are. */
    private void finish(int rows, float[] out, int to) {
        int n = m.outputSize();
        if (m.output == Output.PROBABILITIES) {
            k.softmaxRows(rows, n, logits, 0, n, out, to, n);
        } else {
            System.arraycopy(logits, 0, out, to, rows * n);
        }
    }

    /**
     * Every layer by the packed-weights kernel (no blocking, no padding of rows), one image or a batch
     * row by row: an image's outputs are the same bits whichever call computes them.
     * Inputs are checked through the first layer's sums, before bias and activation: a NaN or an
     * infinity anywhere in an image makes every sum of its row NaN or infinite (the kernel counts NaN
     * as nonzero, and 0·∞ is NaN), so a few values are checked instead of every pixel; only then is
     * the image itself searched, to name the value (a sum that overflowed from finite inputs passes).
     * Below: one image (at offset 0) by the single-row kernel; up to {@link #CHUNK} rows of a batch by
     * the row kernel, {@code first} being the batch index of their first row, for messages.
     */
    private void forwardOne(float[] x) {
        int width = m.sizes[1];
        k.vecMat(x, 0, m.packed[0], null, 0, Activation.NONE, outputs[0], 0);
        checkSums(x, 0, 1, -1);
        k.biasActivation(1, width, outputs[0], 0, width, m.b[0], 0, m.kernelActivations[0]);
        for (int l = 1; l < m.depth; l++) {
            k.vecMat(outputs[l - 1], 0, m.packed[l], m.b[l], 0, m.kernelActivations[l], outputs[l], 0);
        }
    }

    private void forwardRows(float[] x, int from, int rows, int first) {
        int width = m.sizes[1];
        k.vecMatRows(rows, x, from, m.inputSize(), m.packed[0], null, 0, Activation.NONE, outputs[0], 0, width, 1);
        checkSums(x, from, rows, first);
        k.biasActivation(rows, width, outputs[0], 0, width, m.b[0], 0, m.kernelActivations[0]);
        for (int l = 1; l < m.depth; l++) {
            k.vecMatRows(rows, outputs[l - 1], 0, m.sizes[l], m.packed[l], m.b[l], 0, m.kernelActivations[l], outputs[l], 0,
                    m.sizes[l + 1], 1);
        }
    }

    /** Rejects the first image whose first-layer sums are not all finite and that holds a NaN or an infinity. */
    private void checkSums(float[] x, int from, int rows, int first) {
        int at = 0, width = m.sizes[1];
        while (at < rows * width) {
            int bad = k.firstNonFinite(rows * width - at, outputs[0], at);
            if (bad < 0) {
                return;
            }
            int row = (at + bad) / width;
            check(x, from + row * m.inputSize(), first < 0 ? -1 : first + row);
            at = (row + 1) * width; // finite inputs that overflowed: go on after this row
        }
    }

    private void checkLength(float[] image) {
        if (image == null || image.length != m.inputSize()) {
            throw new IllegalArgumentException("image has " + (image == null ? "no" : image.length)
                    + " values, the model expects " + m.inputSize());
        }
    }

    /** The m.inputSize() values from {@code from} (already known to be in the array) must all be finite. */
    private void check(float[] x, int from, int batchIndex) {
        int bad = k.firstNonFinite(m.inputSize(), x, from);
        if (bad >= 0) {
            throw new IllegalArgumentException((batchIndex < 0 ? "image" : "image " + batchIndex) + ": value " + bad
                    + " is " + x[from + bad] + "; inputs must be finite");
        }
    }
}
