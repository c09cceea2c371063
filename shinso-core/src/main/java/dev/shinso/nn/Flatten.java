package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/** Merges dims startDim..endDim (default 1..−1, keeping the batch dim), e.g. [N, 1, 28, 28] → [N, 784]. */
public class Flatten extends Module {
  private final int startDim;
  private final int endDim;

  public Flatten() {
    this(1, -1);
  }

  public Flatten(int startDim, int endDim) {
    this.startDim = startDim;
    this.endDim = endDim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.flatten(startDim, endDim);
  }

  @Override
  protected String extraRepr() {
    return "start_dim=" + startDim + ", end_dim=" + endDim;
  }
}
