package dev.shinso.backend;

/**
 * The per-step constants of a fused optimiser update ({@link Backend#adamStep}, {@link Backend#sgdStep}).
 * Each is the float the unfused formula would use, computed once in double by the optimiser, so
 * the fused kernels repeat PyTorch's (and the composite tensor formula's) float operations exactly.
 */
public sealed interface OptimizerStep {
  /**
   * Adam: with g = grad + weightDecay·param (weightDecay 0: g = grad), m = beta1·m + oneMinusBeta1·g,
   * v = beta2·v + (oneMinusBeta2·g)·g, vmax = max(vmax, v) under amsgrad, then
   * param += (negStepSize·m) / (sqrt(v or vmax)/bias2Sqrt + eps).
   */
  record Adam(float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float negStepSize, float bias2Sqrt,
      float eps, float weightDecay) implements OptimizerStep {}

  /**
   * SGD: with d = grad + weightDecay·param, a momentum buffer b (when momentum ≠ 0) becomes d on the
   * first step and momentum·b + oneMinusDampening·d after; d is then d + momentum·b (Nesterov) or b;
   * finally param += negLr·d.
   */
  record Sgd(float weightDecay, float momentum, float oneMinusDampening, boolean nesterov, boolean firstStep,
      float negLr) implements OptimizerStep {}
}
