package dev.vecnet.jmh;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Mnist;
import dev.vecnet.kernel.Activation;
import dev.vecnet.kernel.FloatKernels;
import dev.vecnet.kernel.FloatKernelsImpl;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.nn.MultiLayerNet;
import dev.vecnet.nn.NetworkConfig;
import dev.vecnet.nn.Optimizer;
import dev.vecnet.nn.Precision;
import dev.vecnet.nn.WeightInit;
import dev.vecnet.train.Trainer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where a warm training step of the seed's network (784-50-10 sigmoid, batch 100, SGD, float32,
 * Panama kernels) spends its time, kernel call by kernel call, beside each call's multiply-add bound
 * at a given FMA peak. Every kernel call goes through a timing proxy (about 0.1 µs of its own per
 * call, reported as the gap between the untimed step and the sum of the parts); what is not a
 * kernel (drawing the batch, copying its pixels' bytes) is timed around the step's code.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar dev.vecnet.jmh.StepBreakdown [data set]
 * [peak GFLOP/s] [evaluation]}: a step by default, an evaluation of the test set with {@code evaluation}.
 */
public final class StepBreakdown {
    private static final int BATCH = 100, WARM = 4000, MEASURED = 3000;

    /** A kernel call's kind, its time and its count. */
    private static final class Part {
        long nanos, calls;
        double multiplyAdds, bytes;
    }

    private static final Map<String, Part> PARTS = new LinkedHashMap<>();
    private static boolean recording;

    private StepBreakdown() {}

    public static void main(String[] args) throws Exception {
        String dataset = args.length > 0 ? args[0] : "mnist-10k";
        double peak = args.length > 1 ? Double.parseDouble(args[1]) : 0;
        Mnist.Splits data = dataset.equals("mnist-10k") ? Mnist.embedded() : Mnist.byName(dataset);
        FloatKernelsImpl panama = Kernels.f32(Kernels.Provider.PANAMA).implementation();
        FloatKernelsImpl timed = (FloatKernelsImpl) Proxy.newProxyInstance(StepBreakdown.class.getClassLoader(),
                new Class<?>[] {FloatKernelsImpl.class}, (proxy, m, a) -> call(panama, m, a));
        Precision<float[]> plain = Precision.f32(FloatKernels.of(panama)), timing = Precision.f32(FloatKernels.of(timed));
        if (args.length > 2 && args[2].equals("evaluation")) {
            evaluation(plain, timing, data, peak);
            return;
        }
        double untimed = stepMicros(plain, data.train(), false);
        stepMicros(timing, data.train(), true);
        double sum = 0;
        for (Part p : PARTS.values()) {
            sum += p.nanos / 1e3 / MEASURED;
        }
        System.out.printf(Locale.ROOT, "%s, warm step of 784-50-10 sigmoid, batch %d, SGD, float32, %s kernels (%d lanes)%n",
                data.train().name(), BATCH, panama.name(), panama.lanes());
        System.out.printf(Locale.ROOT, "untimed step %.1f µs; timed parts sum to %.1f µs (the proxy's own cost included)%n%n", untimed, sum);
        System.out.printf(Locale.ROOT, "| part | calls/step | µs/step | share | multiply-adds/step | bound at %.0f GFLOP/s |%n", peak);
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        double bound = 0;
        for (Map.Entry<String, Part> e : PARTS.entrySet()) {
            Part p = e.getValue();
            double us = p.nanos / 1e3 / MEASURED, ma = p.multiplyAdds / MEASURED, b = peak > 0 ? 2 * ma / peak / 1e3 : 0;
            bound += b;
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.0f %% | %.0f | %s |%n", e.getKey(), p.calls / (double) MEASURED, us,
                    100 * us / sum, ma, peak > 0 ? String.format(Locale.ROOT, "%.2f µs", b) : "–");
        }
        System.out.printf(Locale.ROOT, "%nmultiply-add bound of the step: %.1f µs (the step is %.1fx it)%n", bound, bound > 0 ? untimed / bound : 0);
    }

    /** The same for an evaluation of the test set (in chunks, as training evaluates). */
    private static void evaluation(Precision<float[]> plain, Precision<float[]> timing, Mnist.Splits data, double peak) {
        double[] untimed = new double[1];
        for (Precision<float[]> p : java.util.List.of(plain, timing)) {
            MultiLayerNet<float[]> net = new MultiLayerNet<>(p, NetworkConfig.of(784, 50, 10).withActivation(Activation.SIGMOID)
                    .withInit(WeightInit.STD, 0.01).withSeed(0).withMaxBatch(1000));
            Trainer<float[]> trainer = new Trainer<>(net);
            double sink = 0;
            for (int i = 0; i < 30; i++) {
                sink += trainer.accuracy(data.test());
            }
            PARTS.clear();
            recording = p == timing;
            long t0 = System.nanoTime();
            int runs = 20;
            for (int i = 0; i < runs; i++) {
                sink += trainer.accuracy(data.test());
            }
            long t = System.nanoTime() - t0;
            recording = false;
            if (p == plain) {
                untimed[0] = t / 1e3 / runs;
            } else {
                System.out.printf(Locale.ROOT, "%s, evaluation of %d images: untimed %.0f µs (%.2f µs an image)%n%n", data.test().name(),
                        data.test().size(), untimed[0], untimed[0] / data.test().size());
                System.out.println("| part | calls | µs | multiply-adds |");
                System.out.println("| --- | --- | --- | --- |");
                for (Map.Entry<String, Part> e : PARTS.entrySet()) {
                    Part q = e.getValue();
                    System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |%n", e.getKey(), q.calls / (double) runs, q.nanos / 1e3 / runs,
                            q.multiplyAdds / runs);
                }
            }
            if (sink == 42) {
                System.out.println();
            }
        }
    }

    /** Mean µs of a warm step, its kernel calls timed when {@code record}. */
    private static double stepMicros(Precision<float[]> p, Dataset train, boolean record) {
        MultiLayerNet<float[]> net = new MultiLayerNet<>(p, NetworkConfig.of(784, 50, 10).withActivation(Activation.SIGMOID)
                .withInit(WeightInit.STD, 0.01).withSeed(0).withMaxBatch(BATCH));
        Optimizer<float[]> sgd = Optimizer.of(Optimizer.Kind.SGD, net, 0.1);
        Dataset.PixelScaler<float[]> pixels = Trainer.pixels(p);
        float[] x = p.alloc(BATCH * 784);
        int[] labels = new int[BATCH];
        SplittableRandom random = new SplittableRandom(0);
        double sink = 0;
        for (int i = 0; i < WARM; i++) {
            sink += step(net, sgd, train, pixels, x, labels, random);
        }
        PARTS.clear();
        recording = record;
        long t0 = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            sink += step(net, sgd, train, pixels, x, labels, random);
        }
        long t = System.nanoTime() - t0;
        recording = false;
        if (sink == 42) {
            System.out.println();
        }
        return t / 1e3 / MEASURED;
    }

    private static double step(MultiLayerNet<float[]> net, Optimizer<float[]> sgd, Dataset train,
                               Dataset.PixelScaler<float[]> pixels, float[] x, int[] labels, SplittableRandom random) {
        long g0 = System.nanoTime();
        for (int r = 0; r < BATCH; r++) {
            int sample = random.nextInt(train.size());
            train.copyTo(sample, x, r, pixels);
            labels[r] = train.label(sample);
        }
        if (recording) {
            add("gather the batch (draw, copy, scale bytes)", System.nanoTime() - g0, 0, 0);
        }
        double loss = net.gradient(x, labels, BATCH);
        sgd.step();
        return loss;
    }

    private static Object call(FloatKernelsImpl target, Method m, Object[] a) throws Throwable {
        if (!recording || m.getName().equals("name") || m.getName().equals("lanes") || m.getName().equals("scalar")
                || m.getName().equals("panelWidth") || m.getName().equals("nativePanels")) {
            return invoke(target, m, a);
        }
        long t0 = System.nanoTime();
        Object r = invoke(target, m, a);
        long t = System.nanoTime() - t0;
        String key = m.getName();
        double ma = 0;
        switch (key) {
            case "gemm" -> {
                int mm = (int) a[2], n = (int) a[3], k = (int) a[4];
                key = "gemm " + mm + "x" + n + "x" + k + " " + a[0] + a[1] + (a[16] != null ? " +bias" : "")
                        + (a[18] != Activation.NONE ? " " + a[18] : "");
                ma = (double) mm * n * k;
            }
            case "sparseTransposeTimes" -> {
                key = "sparse xᵀ·d " + a[0] + "x" + a[1] + "x" + a[2];
                ma = Double.NaN; // depends on the batch's nonzeros
            }
            case "biasActivation", "softmaxRows", "columnSums", "argmaxRows" -> key += " " + a[0] + "x" + a[1];
            default -> {
                if (a != null && a.length > 0 && a[0] instanceof Integer len) {
                    key += " " + len;
                }
            }
        }
        add(key, t, ma, 0);
        return r;
    }

    private static Object invoke(FloatKernelsImpl target, Method m, Object[] a) throws Throwable {
        try {
            return m.invoke(target, a);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void add(String key, long nanos, double multiplyAdds, double bytes) {
        Part p = PARTS.computeIfAbsent(key, k -> new Part());
        p.nanos += nanos;
        p.calls++;
        p.multiplyAdds += Double.isNaN(multiplyAdds) ? 0 : multiplyAdds;
        p.bytes += bytes;
    }
}
