package dev.vecnet.spark;

import dev.vecnet.infer.Model;
import dev.vecnet.infer.ModelFormat;
import dev.vecnet.model.Output;
import dev.vecnet.model.Weights;
import dev.vecnet.runtime.KernelRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models this JVM (an executor, or the driver in local mode) has decoded from their broadcast
 * bytes: each once per JVM, shared by its task threads (a {@link Model} is thread-safe; its
 * predictors are made per task). A few recent models are kept, the least recently used dropped.
 */
final class ExecutorModels {
    private static final int KEEP = 8;
    private static final Map<String, Decoded> MODELS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Decoded> eldest) {
            return size() > KEEP;
        }
    };

    /** A model's weights as stored, and its float32 serving model giving the last layer's raw scores. */
    record Decoded(Weights weights, Model scores) {
    }

    private ExecutorModels() {
    }

    static Decoded get(String key, byte[] vnet) {
        synchronized (MODELS) {
            Decoded d = MODELS.get(key);
            if (d == null) {
                d = decode(key, vnet);
                MODELS.put(key, d);
            }
            return d;
        }
    }

    /** The weights in a model's .vnet bytes. */
    static Weights weights(String name, byte[] vnet) {
        try {
            return ModelFormat.readWeights(vnet, name + ".vnet");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Decoded decode(String name, byte[] vnet) {
        Weights w = weights(name, vnet);
        Weights scores = new Weights(w.layers(), Output.SCORES, w.f64());
        // a Spark job scores many rows: the SIMD kernels from the first batch, not the scalar ones while they warm
        return new Decoded(w, Model.of(name, scores, KernelRuntime.f32ForWork(Double.MAX_VALUE)));
    }
}
