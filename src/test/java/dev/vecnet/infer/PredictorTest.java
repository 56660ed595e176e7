package dev.vecnet.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.NetworkConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.generators.Generate;

/** The Predictor against the network it came from, its input policy, and 8 threads sharing one Model. */
class PredictorTest {

    private static float[] images(int count, int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[count * size];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        return x;
    }

    @Test
    void matchesTheNetworkAndTheBatchForm(@TempDir Path dir) throws IOException {
        for (Activation act : new Activation[] {Activation.SIGMOID, Activation.RELU}) {
            MultiLayerNet<float[]> net = MultiLayerNet.of(dev.vecnet.nn.Precision.F32, ModelFileTest.net(13, 9, 4, act), 16, 1);
            Path f = dir.resolve(act + ".vnet");
            ModelFormat.VNET.write(net.weights(), f);
            Predictor p = ModelFormat.read(f).predictor();
            float[] x = images(4, 13, 3);
            float[] batch = new float[16];
            p.predictBatch(x, 4, batch);
            float[] logits = net.predict(x, 4);
            float[] expected = new float[16];
            Kernels.f32().softmaxRows(4, 4, logits, 0, 4, expected, 0, 4);
            for (int i = 0; i < 4; i++) {
                float[] one = new float[4];
                p.predict(java.util.Arrays.copyOfRange(x, i * 13, (i + 1) * 13), one);
                for (int j = 0; j < 4; j++) {
                    assertEquals(expected[i * 4 + j], one[j], 1e-6f, act + " image " + i);
                    assertEquals(expected[i * 4 + j], batch[i * 4 + j], 1e-6f, act + " batch image " + i);
                }
                int best = 0;
                for (int j = 1; j < 4; j++) {
                    best = one[j] > one[best] ? j : best;
                }
                assertEquals(best, p.classify(java.util.Arrays.copyOfRange(x, i * 13, (i + 1) * 13)));
            }
        }
    }

    @Test
    void badInputIsRejectedByName(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.vnet");
        ModelFormat.VNET.write(ModelFileTest.net(5, 3, 2, Activation.SIGMOID), f);
        Predictor p = ModelFormat.read(f).predictor();
        var len = assertThrows(IllegalArgumentException.class, () -> p.classify(new float[4]));
        assertEquals("image has 4 values, the model expects 5", len.getMessage());
        var nan = assertThrows(IllegalArgumentException.class, () -> p.classify(new float[] {0, 0, Float.NaN, 0, 0}));
        assertEquals("image: value 2 is NaN; inputs must be finite", nan.getMessage());
        var inf = assertThrows(IllegalArgumentException.class, () -> p.predict(new float[] {0, 0, 0, Float.POSITIVE_INFINITY, 0}, new float[2]));
        assertTrue(inf.getMessage().contains("Infinity"), inf.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.predict(new float[5], new float[3]));
    }

    /** Random images with a blank stretch in every other one, as digits have (the kernel skips zeros). */
    private static float[] digitLike(int count, int size, long seed) {
        float[] x = images(count, size, seed);
        for (int i = 0; i < count; i += 2) {
            java.util.Arrays.fill(x, i * size, i * size + size / 2, 0f);
        }
        return x;
    }

    @Test
    void eightThreadsGiveTheSingleThreadResultsBitwise(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.vnet");
        ModelFormat.VNET.write(ModelFileTest.net(784, 50, 10, Activation.SIGMOID), f);
        Model model = ModelFormat.read(f);
        int count = 200;
        float[] x = digitLike(count, 784, 9);
        float[] expected = new float[count * 10];
        Predictor single = model.predictor();
        for (int i = 0; i < count; i++) {
            float[] probs = new float[10];
            single.predict(java.util.Arrays.copyOfRange(x, i * 784, (i + 1) * 784), probs);
            System.arraycopy(probs, 0, expected, i * 10, 10);
        }
        for (float[] got : onThreads(8, t -> () -> {
            Predictor p = model.predictor(); // one per thread: the documented rule
            float[] image = new float[784], probs = new float[10], out = new float[count * 10];
            for (int rep = 0; rep < 20; rep++) {
                for (int i = 0; i < count; i++) {
                    System.arraycopy(x, i * 784, image, 0, 784);
                    p.predict(image, probs);
                    System.arraycopy(probs, 0, out, i * 10, 10);
                }
            }
            return out;
        })) {
            assertArrayEquals(expected, got);
        }
    }

    /**
     * Against the contract, two threads share one Predictor: every call that returns gives the single-thread
     * bits, and the overlapping calls fail loudly (ConcurrentModificationException) instead of mixing scratch.
     */
    @Test
    void onePredictorOnTwoThreadsFailsLoudlyNeverWrongly(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.vnet");
        ModelFormat.VNET.write(ModelFileTest.net(784, 50, 10, Activation.SIGMOID), f);
        Model model = ModelFormat.read(f);
        int count = 64;
        float[] x = digitLike(count, 784, 5);
        float[] expected = new float[count * 10];
        model.predictor().predictBatch(x, count, expected);
        Predictor shared = model.predictor();
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(2);
        long deadline = System.nanoTime() + 5_000_000_000L;
        onThreads(2, t -> () -> {
            float[] image = new float[784], probs = new float[10];
            start.countDown();
            start.await();
            for (int call = 0; call < 200_000 && (refused.get() < 100 || call < 20_000) && System.nanoTime() < deadline;
                    call++) {
                int i = (call * 7 + t) % count;
                System.arraycopy(x, i * 784, image, 0, 784);
                try {
                    shared.predict(image, probs);
                } catch (java.util.ConcurrentModificationException e) {
                    refused.incrementAndGet();
                    continue;
                }
                assertArrayEquals(java.util.Arrays.copyOfRange(expected, i * 10, i * 10 + 10), probs,
                        "a call that returns gives the right probabilities");
            }
            return probs;
        });
        assertTrue(refused.get() > 0, "overlapping calls are refused");
        float[] probs = new float[10]; // and the predictor is usable again afterwards
        shared.predict(java.util.Arrays.copyOfRange(x, 0, 784), probs);
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 0, 10), probs);
    }

    /** Runs task(t) on its own thread for each t &lt; threads, all at once; their results in order. */
    private static List<float[]> onThreads(int threads, IntFunction<Callable<float[]>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(task.apply(t)));
            }
            List<float[]> results = new ArrayList<>();
            for (Future<float[]> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Threaded predictors on several threads at once share the kernel workers: same bits as one thread. */
    @Test
    void splitBatchesFromFourThreadsAtOnceGiveTheSingleThreadResultsBitwise(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.vnet");
        ModelFormat.VNET.write(ModelFileTest.net(784, 50, 10, Activation.SIGMOID), f);
        Model model = ModelFormat.read(f);
        int count = 4 * dev.vecnet.kernel.FloatKernels.VEC_MAT_MIN_ROWS_PER_THREAD + 3;
        float[] x = digitLike(count, 784, 5);
        float[] expected = new float[count * 10];
        model.predictor().predictBatch(x, count, expected);
        for (float[] got : onThreads(4, t -> () -> {
            Predictor p = model.predictor(2 + t % 3);
            float[] out = new float[count * 10];
            for (int rep = 0; rep < 50; rep++) {
                p.predictBatch(x, count, out);
            }
            return out;
        })) {
            assertArrayEquals(expected, got);
        }
    }

    @Test
    void batchesAtOffsetsAndOnTwoThreadsAgree(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.vnet");
        ModelFormat.VNET.write(ModelFileTest.net(37, 11, 5, Activation.RELU), f);
        Model model = ModelFormat.read(f);
        int count = 2 * dev.vecnet.kernel.FloatKernels.VEC_MAT_MIN_ROWS_PER_THREAD + 5; // enough rows for two threads
        float[] x = digitLike(count + 3, 37, 4);
        float[] all = new float[count * 5], shifted = new float[count * 5 + 7], two = new float[count * 5];
        model.predictor().predictBatch(java.util.Arrays.copyOfRange(x, 3 * 37, (count + 3) * 37), count, all);
        model.predictor().predictBatch(x, 3 * 37, count, shifted, 7);
        model.predictor(2).predictBatch(x, 3 * 37, count, two, 0);
        assertArrayEquals(all, java.util.Arrays.copyOfRange(shifted, 7, 7 + count * 5), "offsets");
        assertArrayEquals(all, two, "two threads");
        float[] one = new float[5];
        for (int i = 0; i < count; i++) {
            model.predictor().predict(java.util.Arrays.copyOfRange(x, (i + 3) * 37, (i + 4) * 37), one);
            assertArrayEquals(one, java.util.Arrays.copyOfRange(all, i * 5, i * 5 + 5), "image " + i + " batch vs single");
        }
        var e = assertThrows(IllegalArgumentException.class, () -> model.predictor().predictBatch(x, 40, count + 3, all, 0));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.predictor(0));
    }

    record Case(int input, int hidden, int output, int count, Activation act, long seed) {}

    /**
     * An image's probabilities are the same bits from predict and from a batch of any size, wherever
     * the image sits in it, over shapes that reach every panel width of the packed weights (1 to 9
     * vectors of columns at 256 bits) and both parities of the narrow layer's rows.
     */
    @Test
    void anImageGetsTheSameBitsFromEveryForm() {
        var cases = integers().between(1, 90).zip(integers().between(1, 70), integers().between(2, 20),
                        integers().between(1, 9), (i, h, o, n) -> new int[] {i, h, o, n})
                .zip(Generate.pick(List.of(Activation.SIGMOID, Activation.RELU)), longs().all(),
                        (s, act, seed) -> new Case(s[0], s[1], s[2], s[3], act, seed));
        qt().withExamples(80).forAll(cases).checkAssert(c -> {
            MultiLayerNet<float[]> net = new MultiLayerNet<>(dev.vecnet.nn.Precision.F32, NetworkConfig.of(c.input, c.hidden, c.output).withActivation(c.act).withInit(dev.vecnet.nn.WeightInit.STD, 0.5).withSeed(c.seed).withMaxBatch(c.count).withThreads(1));
            Predictor p = Model.of("the network", net.weights(), dev.vecnet.kernel.Kernels.f32()).predictor();
            float[] x = digitLike(c.count, c.input, c.seed);
            float[] batch = new float[c.count * c.output], one = new float[c.output];
            p.predictBatch(x, c.count, batch);
            for (int i = 0; i < c.count; i++) {
                p.predict(java.util.Arrays.copyOfRange(x, i * c.input, (i + 1) * c.input), one);
                assertArrayEquals(java.util.Arrays.copyOfRange(batch, i * c.output, (i + 1) * c.output), one,
                        c + ": image " + i);
            }
        });
    }

    @Test
    void nonFiniteWeightsAreRejectedOnLoad(@TempDir Path dir) throws IOException {
        MultiLayerNet<float[]> net = MultiLayerNet.of(dev.vecnet.nn.Precision.F32, ModelFileTest.net(4, 3, 2, Activation.SIGMOID), 16, 1);
        net.parameters().get(2).value()[4] = Float.NaN;
        Path f = dir.resolve("m.vnet");
        var refused = assertThrows(IOException.class, () -> ModelFormat.VNET.write(net.weights(), f));
        assertTrue(refused.getMessage().contains("not finite (W2[4] is NaN)"), refused.getMessage());
        java.nio.file.Files.write(f, ModelFile.toBytes(net.weights())); // such a file, made by something else
        var e = assertThrows(IOException.class, () -> ModelFormat.read(f));
        assertTrue(e.getMessage().endsWith("W2[4] is NaN; a model's parameters must be finite"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Model.of("the network", net.weights(), dev.vecnet.kernel.Kernels.f32()));
    }

    /**
     * Inputs are checked through the first layer's sums (a NaN or an infinity in an image makes all of
     * its sums non-finite): every position and both kinds are caught, in single and batch form, and
     * huge but finite inputs whose sums overflow are accepted.
     */
    @Test
    void everyNonFiniteInputIsCaughtWhereverItIs(@TempDir Path dir) throws IOException {
        for (int hidden : new int[] {3, 50}) { // a narrow panel (no zero skipping) and a wide one
            Path f = dir.resolve("m" + hidden + ".vnet");
            ModelFormat.VNET.write(ModelFileTest.net(37, hidden, 4, Activation.RELU), f);
            Predictor p = ModelFormat.read(f).predictor();
            for (int pos = 0; pos < 37; pos++) {
                for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                    float[] image = new float[37]; // zeros: the kernel skips them, not the bad value
                    image[pos] = bad;
                    var e = assertThrows(IllegalArgumentException.class, () -> p.classify(image), pos + " " + bad);
                    assertEquals("image: value " + pos + " is " + bad + "; inputs must be finite", e.getMessage());
                    float[] batch = digitLike(5, 37, pos);
                    batch[3 * 37 + pos] = bad;
                    var b = assertThrows(IllegalArgumentException.class, () -> p.predictBatch(batch, 5, new float[20]));
                    assertEquals("image 3: value " + pos + " is " + bad + "; inputs must be finite", b.getMessage());
                }
            }
            // a batch split over 3 threads: bad images in the last and the middle part, the first is named
            Predictor three = ModelFormat.read(f).predictor(3);
            int rows = 3 * dev.vecnet.kernel.FloatKernels.VEC_MAT_MIN_ROWS_PER_THREAD + 2;
            float[] split = digitLike(rows, 37, 9);
            split[(rows - 1) * 37 + 5] = Float.NaN;
            split[(rows / 2) * 37 + 6] = Float.NEGATIVE_INFINITY;
            for (int round = 0; round < 20; round++) {
                var e = assertThrows(IllegalArgumentException.class, () -> three.predictBatch(split, rows, new float[rows * 4]));
                assertEquals("image " + rows / 2 + ": value 6 is -Infinity; inputs must be finite", e.getMessage());
            }
            split[(rows / 2) * 37 + 6] = 0f;
            split[(rows - 1) * 37 + 5] = 0f;
            float[] threeOut = new float[rows * 4], oneOut = new float[rows * 4];
            three.predictBatch(split, rows, threeOut);
            p.predictBatch(split, rows, oneOut);
            assertArrayEquals(oneOut, threeOut, "after the failures, three threads = one");
            float[] huge = new float[37];
            java.util.Arrays.fill(huge, 3e38f);
            p.predict(huge, new float[4]); // the sums overflow, the inputs are finite: accepted (IEEE decides the rest)
            p.predictBatch(huge, 1, new float[4]);
        }
    }
}
