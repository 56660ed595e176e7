package dev.vecnet.spark;

import java.io.Serializable;

/** One partition's part of a step: its rows' mean gradient (all parameters, flat) and mean loss. */
record StepResult(int partition, int rows, double loss, Object gradient) implements Serializable {
}
