package dev.vecnet.model;

/** What a model's last layer gives: class probabilities (a softmax, or the exp of a log-softmax) or raw scores. */
public enum Output {
    /** softmax of the last layer: each row sums to 1. */
    PROBABILITIES,
    /** the last layer's values as they are (a graph that ends without a softmax). */
    SCORES
}
