package dev.shinso.data;

import dev.shinso.tensor.Tensor;

/** Samples held in two tensors whose first dimension indexes them (torch.utils.data.TensorDataset). */
public final class TensorDataset implements Dataset {
  private final Tensor inputs;
  private final Tensor targets;

  public TensorDataset(Tensor inputs, Tensor targets) {
    if (inputs.dim() == 0 || targets.dim() == 0 || inputs.size(0) != targets.size(0)) {
      throw new IllegalArgumentException("TensorDataset: inputs " + inputs.shapeString() + " and targets "
          + targets.shapeString() + " must have the same size in their first dimension");
    }
    this.inputs = inputs;
    this.targets = targets;
  }

  public Tensor inputs() {
    return inputs;
  }

  public Tensor targets() {
    return targets;
  }

  @Override
  public int size() {
    return inputs.size(0);
  }

  /** Views of row index of each tensor (no copy). */
  @Override
  public Sample get(int index) {
    Dataset.checkIndex("TensorDataset.get", index, size());
    return new Sample(inputs.select(0, index), targets.select(0, index));
  }

  /** One indexSelect per tensor, each on its own device (inputs and targets may live apart): a contiguous copy of the chosen rows. */
  @Override
  public Batch getBatch(int[] indices) {
    if (indices.length == 0) throw new IllegalArgumentException("TensorDataset.getBatch: no indices");
    long[] idx = new long[indices.length];
    for (int i = 0; i < indices.length; i++) idx[i] = Dataset.checkIndex("TensorDataset.getBatch", indices[i], size());
    Tensor inputIndex = Tensor.ofLongs(inputs.device(), idx);
    Tensor targetIndex = targets.device().equals(inputs.device()) ? inputIndex : Tensor.ofLongs(targets.device(), idx);
    return new Batch(inputs.detach().indexSelect(0, inputIndex), targets.detach().indexSelect(0, targetIndex));
  }
}
