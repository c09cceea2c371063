package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * Embeds timesteps t [B] as [B, dim] sines and cosines at geometrically spaced frequencies (see
 * {@link dev.shinso.ops.SinusoidalEmbedding}): how a diffusion U-Net is told how noisy its input is.
 * No parameters; a Linear layer after it learns what to make of the features.
 */
public class SinusoidalEmbedding extends Module {
  private final int dim;
  private final double maxPeriod;

  public SinusoidalEmbedding(int dim) {
    this(dim, 10_000);
  }

  public SinusoidalEmbedding(int dim, double maxPeriod) {
    if (dim < 2 || dim % 2 != 0) throw new IllegalArgumentException("SinusoidalEmbedding: dim must be even and at least 2, got " + dim);
    this.dim = dim;
    this.maxPeriod = maxPeriod;
  }

  @Override
  public Tensor forward(Tensor timesteps) {
    return Functional.sinusoidalEmbedding(timesteps, dim, maxPeriod);
  }

  public int dim() {
    return dim;
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim + ", max_period=" + PyRepr.of(maxPeriod);
  }
}
