package dev.shinso.optim.lr;

import dev.shinso.optim.Optimizer;

/**
 * Cosine annealing from the base lr to etaMin over tMax epochs, as
 * torch.optim.lr_scheduler.CosineAnnealingLR (its closed form):
 * etaMin + (base − etaMin)·(1 + cos(π·epoch/tMax))/2. Past tMax the lr rises again, as in PyTorch.
 */
public final class CosineAnnealingLR extends LRScheduler {
  private final int tMax;
  private final double etaMin;

  public CosineAnnealingLR(Optimizer optimizer, int tMax) {
    this(optimizer, tMax, 0);
  }

  public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
    super(optimizer);
    if (tMax < 1) throw new IllegalArgumentException("CosineAnnealingLR: tMax must be >= 1, got " + tMax);
    if (!(etaMin >= 0)) throw new IllegalArgumentException("CosineAnnealingLR: etaMin must be >= 0, got " + etaMin);
    this.tMax = tMax;
    this.etaMin = etaMin;
    initialStep();
  }

  @Override
  protected double lrAt(int group, double baseLr, long epoch) {
    return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
  }
}
