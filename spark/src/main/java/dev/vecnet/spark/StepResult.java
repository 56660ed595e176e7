package dev.vecnet.spark;

import java.io.Serializable;

/**
 * One partition's part of a step or round: the rows it used, their mean loss, and its values: the
 * mean gradient (all parameters, flat), or the weights and optimizer state its local steps reached.
 */
record StepResult(int partition, int rows, double loss, Object values) implements Serializable {
}
