package dev.shinso.data;

import dev.shinso.tensor.Tensor;

/** A mini-batch: inputs and targets whose first dimension indexes the samples. */
public record Batch(Tensor inputs, Tensor targets) {
  /** Number of samples in the batch. */
  public int size() {
    return inputs.size(0);
  }
}
