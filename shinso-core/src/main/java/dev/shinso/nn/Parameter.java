package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * A tensor that a {@link Module} owns and an optimiser updates: a leaf that requires grad. It
 * shares the storage of the tensor it was made from.
 */
public final class Parameter extends Tensor {
  public Parameter(Tensor data) {
    super(data.isContiguous() ? data.detach() : data.contiguousCopy());
    requiresGrad(true);
  }
}
