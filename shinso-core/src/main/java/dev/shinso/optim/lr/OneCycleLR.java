package dev.shinso.optim.lr;

import dev.shinso.optim.Optimizer;
import dev.shinso.optim.ParamGroup;

/**
 * The 1cycle policy, as torch.optim.lr_scheduler.OneCycleLR (lr only; momentum is not cycled): from
 * maxLr/divFactor up to maxLr over the first pctStart of totalSteps, then down to
 * maxLr/(divFactor·finalDivFactor); with threePhase, back down to maxLr/divFactor over a second
 * pctStart before the final descent. The phase boundaries and annealing are PyTorch's, so the values
 * match step by step. Stepping past totalSteps is an error, as in PyTorch.
 */
public final class OneCycleLR extends LRScheduler {
  /** How the lr moves within a phase. */
  public enum AnnealStrategy { COS, LINEAR }

  private final double maxLr;
  private final int totalSteps;
  private final AnnealStrategy annealStrategy;
  private final double initialLr;
  private final double minLr;
  private final double[] phaseEnds;
  private final double[][] phaseLrs;

  public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
    this(optimizer, maxLr, totalSteps, 0.3, AnnealStrategy.COS, 25, 1e4, false);
  }

  public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart, AnnealStrategy annealStrategy,
      double divFactor, double finalDivFactor, boolean threePhase) {
    if (!(maxLr >= 0)) throw new IllegalArgumentException("OneCycleLR: maxLr must be >= 0, got " + maxLr);
    if (totalSteps < 1) throw new IllegalArgumentException("OneCycleLR: totalSteps must be >= 1, got " + totalSteps);
    if (!(pctStart >= 0 && pctStart <= 1)) {
      throw new IllegalArgumentException("OneCycleLR: pctStart must be in [0, 1], got " + pctStart);
    }
    if (!(divFactor > 0) || !(finalDivFactor > 0)) {
      throw new IllegalArgumentException("OneCycleLR: divFactor and finalDivFactor must be > 0, got " + divFactor
          + " and " + finalDivFactor);
    }
    // As in PyTorch, the schedule's starting lr becomes every group's initial_lr (the base lr).
    for (ParamGroup<?> g : optimizer.paramGroups()) g.setInitialLr(maxLr / divFactor);
    super(optimizer);
    this.maxLr = maxLr;
    this.totalSteps = totalSteps;
    this.annealStrategy = annealStrategy;
    this.initialLr = maxLr / divFactor;
    this.minLr = initialLr / finalDivFactor;
    if (threePhase) {
      phaseEnds = new double[] {pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1};
      phaseLrs = new double[][] {{initialLr, maxLr}, {maxLr, initialLr}, {initialLr, minLr}};
    } else {
      phaseEnds = new double[] {pctStart * totalSteps - 1, totalSteps - 1};
      phaseLrs = new double[][] {{initialLr, maxLr}, {maxLr, minLr}};
    }
    initialStep();
  }

  @Override
  protected double lrAt(int group, double baseLr, long epoch) {
    if (epoch > totalSteps) {
      throw new IllegalStateException("OneCycleLR: tried to step " + (epoch + 1) + " times; the schedule has "
          + totalSteps + " total steps");
    }
    double start = 0;
    for (int i = 0; ; i++) {
      double end = phaseEnds[i];
      if (epoch <= end || i == phaseEnds.length - 1) {
        double pct = (epoch - start) / (end - start);
        double from = phaseLrs[i][0], to = phaseLrs[i][1];
        return switch (annealStrategy) {
          case COS -> to + (from - to) / 2.0 * (Math.cos(Math.PI * pct) + 1);
          case LINEAR -> (to - from) * pct + from;
        };
      }
      start = end;
    }
  }

  public double maxLr() {
    return maxLr;
  }
}
