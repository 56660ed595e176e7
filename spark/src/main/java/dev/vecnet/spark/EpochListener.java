package dev.vecnet.spark;

import dev.vecnet.model.Weights;

/**
 * Told on the driver after each epoch of {@link VecnetClassifier#fit}: the epoch (from 1), the mean
 * training loss of its steps and the weights reached. Returning false ends the training there (early
 * stopping, a validation check); the model is made of those weights.
 */
@FunctionalInterface
public interface EpochListener {
    boolean epochDone(int epoch, double meanLoss, Weights weights);
}
