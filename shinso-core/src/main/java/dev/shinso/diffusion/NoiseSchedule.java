package dev.shinso.diffusion;

/**
 * The forward (noising) process of DDPM (Ho et al. 2020): T steps with variances βₜ, αₜ = 1 − βₜ and
 * ᾱₜ = ∏ αₛ, so that xₜ = √ᾱₜ·x₀ + √(1 − ᾱₜ)·ε in one jump. Linear βₜ from 1e-4 to 0.02 (the
 * paper's), or the cosine schedule (Nichol &amp; Dhariwal 2021) whose ᾱₜ falls more gently, so fewer
 * steps are wasted on pure noise. Index t runs 0 … T−1 (the paper's 1 … T).
 */
public record NoiseSchedule(String kind, double[] betas, double[] alphasCumprod) {
  public static final java.util.List<String> KINDS = java.util.List.of("linear", "cosine");

  public static NoiseSchedule of(String kind, int steps) {
    return switch (kind) {
      case "linear" -> linear(steps, 1e-4, 0.02);
      case "cosine" -> cosine(steps, 0.008);
      default -> throw new IllegalArgumentException("unknown noise schedule '" + kind + "'; valid: " + String.join(", ", KINDS));
    };
  }

  public static NoiseSchedule linear(int steps, double betaStart, double betaEnd) {
    requireSteps(steps);
    double[] betas = new double[steps];
    for (int t = 0; t < steps; t++) betas[t] = betaStart + (betaEnd - betaStart) * t / Math.max(1, steps - 1);
    return new NoiseSchedule("linear", betas, cumprod(betas));
  }

  /** ᾱ(t) = f(t)/f(0) with f(t) = cos²(((t/T) + s)/(1 + s)·π/2); βₜ clipped at 0.999 as in the paper. */
  public static NoiseSchedule cosine(int steps, double s) {
    requireSteps(steps);
    double[] betas = new double[steps];
    for (int t = 0; t < steps; t++) {
      betas[t] = Math.min(0.999, 1 - f(t + 1, steps, s) / f(t, steps, s));
    }
    return new NoiseSchedule("cosine", betas, cumprod(betas));
  }

  private static double f(double t, int steps, double s) {
    double c = Math.cos((t / steps + s) / (1 + s) * Math.PI / 2);
    return c * c;
  }

  private static double[] cumprod(double[] betas) {
    double[] ab = new double[betas.length];
    double p = 1;
    for (int t = 0; t < betas.length; t++) ab[t] = p *= 1 - betas[t];
    return ab;
  }

  private static void requireSteps(int steps) {
    if (steps < 1) throw new IllegalArgumentException("noise schedule: steps must be positive, got " + steps);
  }

  public int steps() {
    return betas.length;
  }

  /** ᾱₜ, or 1 for t = −1 (before the first step: the clean image). */
  public double alphaBar(int t) {
    return t < 0 ? 1 : alphasCumprod[t];
  }
}
