package dev.vecnet.spark;

import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Output;
import dev.vecnet.model.Weights;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;

/**
 * MLlib's multilayer perceptron in and out. MLlib's network is vecnet's seed family: sigmoid hidden
 * layers and a softmax output, float64 weights in one flat vector, each layer's weights column-major
 * as (outputs x inputs) — the same order as vecnet's (inputs x outputs) row-major — followed by its
 * biases. Both directions copy the values exactly.
 */
public final class Mllib {
    private Mllib() {
    }

    /**
     * The same network as a vecnet model: float64 weights, {@code precision} "f64" (MLlib's own
     * arithmetic: the same classes, probabilities within 1e-6), the columns and thresholds MLlib's model
     * had. {@code setPrecision("f32")} serves it with the float32 kernels.
     */
    public static VecnetClassificationModel fromMllib(MultilayerPerceptronClassificationModel mllib) {
        VecnetClassificationModel model = VecnetClassificationModel.of(weights(mllib.getLayers(), mllib.weights().toArray()));
        model.setPrecision("f64");
        model.setFeaturesCol(mllib.getFeaturesCol()).setPredictionCol(mllib.getPredictionCol())
                .setProbabilityCol(mllib.getProbabilityCol()).setRawPredictionCol(mllib.getRawPredictionCol());
        if (mllib.isDefined(mllib.thresholds())) {
            model.setThresholds(mllib.getThresholds());
        }
        return model;
    }

    /** vecnet's weights of MLlib's layer sizes and flat weight vector (checked against each other). */
    public static Weights weights(int[] layers, double[] flat) {
        if (layers.length < 2) {
            throw new IllegalArgumentException("MLlib's layers must name an input and an output size, got " + layers.length);
        }
        long expected = 0;
        for (int l = 0; l + 1 < layers.length; l++) {
            expected += (long) layers[l] * layers[l + 1] + layers[l + 1];
        }
        if (expected != flat.length) {
            throw new IllegalArgumentException("layers " + java.util.Arrays.toString(layers) + " need " + expected
                    + " weights, the vector has " + flat.length);
        }
        List<Weights.Dense> dense = new ArrayList<>();
        int at = 0;
        for (int l = 0; l + 1 < layers.length; l++) {
            int in = layers[l], out = layers[l + 1];
            double[] w = java.util.Arrays.copyOfRange(flat, at, at + in * out);
            at += in * out;
            double[] b = java.util.Arrays.copyOfRange(flat, at, at + out);
            at += out;
            dense.add(new Weights.Dense(in, out, w, b, l + 2 < layers.length ? Activation.SIGMOID : Activation.NONE, 0));
        }
        return new Weights(dense, Output.PROBABILITIES, true);
    }

    /**
     * MLlib's model of the same network; refused (IllegalArgumentException, saying why) when MLlib
     * cannot express it: a hidden activation other than sigmoid, an activation on the last layer, or an
     * output without a softmax. The float32 weights of an f32 model are widened exactly.
     */
    public static MultilayerPerceptronClassificationModel toMllib(VecnetClassificationModel model) {
        MultilayerPerceptronClassificationModel mllib = toMllib(model.weights(), model.uid());
        ParamMap columns = new ParamMap().put(mllib.featuresCol(), model.getFeaturesCol())
                .put(mllib.predictionCol(), model.getPredictionCol())
                .put(mllib.probabilityCol(), model.getProbabilityCol())
                .put(mllib.rawPredictionCol(), model.getRawPredictionCol());
        if (model.isDefined(model.thresholds())) {
            columns.put(mllib.thresholds(), model.getThresholds());
        }
        return mllib.copy(columns);
    }

    /** MLlib's model of these weights (see {@link #toMllib(VecnetClassificationModel)}). */
    public static MultilayerPerceptronClassificationModel toMllib(Weights w, String uid) {
        if (w.output() != Output.PROBABILITIES) {
            throw new IllegalArgumentException("this network ends in raw scores; MLlib's perceptron ends in a softmax");
        }
        int depth = w.layers().size();
        int[] layers = new int[depth + 1];
        long total = 0;
        for (int l = 0; l < depth; l++) {
            Weights.Dense d = w.layers().get(l);
            Activation expected = l + 1 < depth ? Activation.SIGMOID : Activation.NONE;
            if (!d.activation().equals(expected) || d.leak() != 0) {
                throw new IllegalArgumentException("layer " + (l + 1) + " is " + d.activationName() + "; MLlib's perceptron "
                        + "has sigmoid hidden layers and none before its softmax");
            }
            layers[l] = d.inputs();
            layers[l + 1] = d.outputs();
            total += d.w().length + d.b().length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a network of " + total + " weights; MLlib keeps them in one array");
        }
        double[] flat = new double[(int) total];
        int at = 0;
        for (Weights.Dense d : w.layers()) {
            System.arraycopy(d.w(), 0, flat, at, d.w().length);
            at += d.w().length;
            System.arraycopy(d.b(), 0, flat, at, d.b().length);
            at += d.b().length;
        }
        MultilayerPerceptronClassificationModel mllib = new MultilayerPerceptronClassificationModel(uid, Vectors.dense(flat));
        return mllib.copy(new ParamMap().put(mllib.layers(), layers));
    }
}
