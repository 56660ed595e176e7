package dev.vecnet.infer;

import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Output;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fresh JVM's service start: a model, {@link Model#warmup}, then four threads serving it; prints
 * "warm true|false" and each thread's bytes allocated over its calls. Run by {@link ModelWarmupTest}.
 */
public final class WarmupProbe {
    private WarmupProbe() {}

    public static void main(String[] args) throws Exception {
        Model model = Model.of("probe", TestWeights.random(3, false, Output.PROBABILITIES, List.of(Activation.SIGMOID), 784, 50, 10),
                dev.vecnet.runtime.KernelRuntime.f32());
        boolean warm = model.warmup(Duration.ofSeconds(Long.parseLong(args[0])));
        System.out.println("warm " + warm);
        System.out.println("kernels " + dev.vecnet.runtime.KernelRuntime.describe());
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] allocated = new long[4], first = new long[4];
        Thread[] threads = new Thread[allocated.length];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                Predictor p = model.predictor();
                SplittableRandom r = new SplittableRandom(id);
                float[] image = new float[784], out = new float[10], images = new float[100 * 784], outs = new float[100 * 10];
                for (int i = 0; i < image.length; i++) {
                    image[i] = r.nextInt(4) == 0 ? r.nextFloat() : 0f;
                }
                System.arraycopy(image, 0, images, 0, 784);
                long start = bean.getCurrentThreadAllocatedBytes();
                p.predict(image, out); // a thread's first call makes its scratch buffers (thread-local, once)
                p.classify(image);
                p.predictBatch(images, 100, outs);
                long before = bean.getCurrentThreadAllocatedBytes();
                first[id] = before - start;
                for (int i = 0; i < 5000; i++) {
                    p.predict(image, out);
                    p.classify(image);
                    if (i % 50 == 0) {
                        p.predictBatch(images, 100, outs);
                    }
                }
                allocated[id] = bean.getCurrentThreadAllocatedBytes() - before;
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("first calls " + java.util.Arrays.toString(first));
        System.out.println("allocated " + java.util.Arrays.toString(allocated));
    }
}
