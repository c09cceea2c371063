package dev.shinso.optim.lr;

import dev.shinso.optim.Optimizer;

/** Multiplies the lr by gamma every stepSize epochs, as torch.optim.lr_scheduler.StepLR: base · gamma^⌊epoch / stepSize⌋. */
public final class StepLR extends LRScheduler {
  private final int stepSize;
  private final double gamma;

  public StepLR(Optimizer optimizer, int stepSize) {
    this(optimizer, stepSize, 0.1);
  }

  public StepLR(Optimizer optimizer, int stepSize, double gamma) {
    super(optimizer);
    if (stepSize < 1) throw new IllegalArgumentException("StepLR: stepSize must be >= 1, got " + stepSize);
    if (!(gamma >= 0)) throw new IllegalArgumentException("StepLR: gamma must be >= 0, got " + gamma);
    this.stepSize = stepSize;
    this.gamma = gamma;
    initialStep();
  }

  @Override
  protected double lrAt(int group, double baseLr, long epoch) {
    return baseLr * Math.pow(gamma, epoch / stepSize);
  }
}
