package dev.shinso.optim;

import dev.shinso.autograd.NoGrad;
import dev.shinso.tensor.Tensor;
import java.util.List;

/** Gradient clipping, as torch.nn.utils.clip_grad_norm_ (PyTorch 1.13). */
public final class GradClip {
  private GradClip() {}

  /** {@link #clipGradNorm(List, double, double)} with the 2-norm. */
  public static double clipGradNorm(List<? extends Tensor> params, double maxNorm) {
    return clipGradNorm(params, maxNorm, 2);
  }

  /**
   * Scales all gradients together, in place, so that their total norm (the norm of the vector of
   * every gradient element; {@code normType} p ≥ 1 or infinity) is at most about maxNorm: when the
   * total is above, each gradient is multiplied by maxNorm / (total + 1e-6). Parameters without a
   * gradient are skipped. Returns the total norm before clipping (0 when no parameter has a
   * gradient). Each gradient is reduced by the backend in float32; the total across gradients is
   * accumulated in double. A non-finite total is not an error: the gradients are scaled by the
   * resulting coefficient (0 or NaN), as PyTorch's default {@code error_if_nonfinite=False} does.
   */
  public static double clipGradNorm(List<? extends Tensor> params, double maxNorm, double normType) {
    if (!(maxNorm >= 0)) throw new IllegalArgumentException("clipGradNorm: invalid maxNorm " + maxNorm + " (must be >= 0)");
    if (!(normType >= 1)) throw new IllegalArgumentException("clipGradNorm: invalid normType " + normType + " (must be >= 1)");
    double total = 0;
    try (NoGrad g = NoGrad.enter()) {
      for (Tensor p : params) {
        Tensor grad = p.grad();
        if (grad == null) continue;
        if (normType == Double.POSITIVE_INFINITY) total = Math.max(total, grad.abs().max().item());
        else if (normType == 2) total += grad.mul(grad).sum().item();
        else total += grad.abs().pow((float) normType).sum().item();
      }
      if (normType == 2) total = Math.sqrt(total);
      else if (normType != Double.POSITIVE_INFINITY) total = Math.pow(total, 1 / normType);
      double coef = maxNorm / (total + 1e-6);
      if (!(coef >= 1)) {
        for (Tensor p : params) if (p.grad() != null) p.grad().mul_((float) coef);
      }
    }
    return total;
  }
}
