package dev.shinso.optim.lr;

import dev.shinso.optim.Optimizer;

/**
 * Linear warm-up (or decay): the lr goes from startFactor·base to endFactor·base over totalIters
 * epochs and stays there, as torch.optim.lr_scheduler.LinearLR:
 * base · (startFactor + (endFactor − startFactor) · min(epoch, totalIters) / totalIters).
 */
public final class LinearLR extends LRScheduler {
  private final double startFactor;
  private final double endFactor;
  private final int totalIters;

  /** PyTorch's defaults: from a third of the base lr to the base lr over 5 epochs. */
  public LinearLR(Optimizer optimizer) {
    this(optimizer, 1.0 / 3, 1.0, 5);
  }

  public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
    super(optimizer);
    if (!(startFactor > 0 && startFactor <= 1)) {
      throw new IllegalArgumentException("LinearLR: startFactor must be in (0, 1], got " + startFactor);
    }
    if (!(endFactor >= 0 && endFactor <= 1)) {
      throw new IllegalArgumentException("LinearLR: endFactor must be in [0, 1], got " + endFactor);
    }
    if (totalIters < 1) throw new IllegalArgumentException("LinearLR: totalIters must be >= 1, got " + totalIters);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    initialStep();
  }

  @Override
  protected double lrAt(int group, double baseLr, long epoch) {
    return baseLr * (startFactor + (endFactor - startFactor) * Math.min(totalIters, epoch) / totalIters);
  }
}
