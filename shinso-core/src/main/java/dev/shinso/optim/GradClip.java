package dev.shinso.optim;

import dev.shinso.autograd.NoGrad;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;
import java.util.List;

/** Gradient clipping, as torch.nn.utils.clip_grad_norm_ (PyTorch 1.13), on the gradients' device. */
public final class GradClip {
  private GradClip() {}

  /** {@link #clipGradNorm(List, double, double)} with the 2-norm. */
  public static Tensor clipGradNorm(List<? extends Tensor> params, double maxNorm) {
    return clipGradNorm(params, maxNorm, 2);
  }

  /**
   * Scales all gradients together, in place, so that their total norm (the norm of the vector of
   * every gradient element; {@code normType} p ≥ 1 or infinity) is at most about maxNorm: each
   * gradient is multiplied by min(1, maxNorm / (total + 1e-6)). Parameters without a gradient are
   * skipped. Returns the total norm before clipping, a 0-d tensor on the gradients' device (0 on the
   * CPU when no parameter has a gradient): nothing is read back to the host, so a training step that
   * clips does not wait for the device. As PyTorch, the total is the norm of the per-gradient norms,
   * in float32, and a non-finite total is not an error: the gradients are scaled by the resulting
   * coefficient (0 or NaN), as PyTorch's default {@code error_if_nonfinite=False} does.
   */
  public static Tensor clipGradNorm(List<? extends Tensor> params, double maxNorm, double normType) {
    if (!(maxNorm >= 0)) throw new IllegalArgumentException("clipGradNorm: invalid maxNorm " + maxNorm + " (must be >= 0)");
    if (!(normType >= 1)) throw new IllegalArgumentException("clipGradNorm: invalid normType " + normType + " (must be >= 1)");
    List<Tensor> grads = params.stream().map(Tensor::grad).filter(g -> g != null).toList();
    if (grads.isEmpty()) return Tensor.scalar(Device.CPU, 0f);
    try (NoGrad g = NoGrad.enter()) {
      boolean max = normType == Double.POSITIVE_INFINITY;
      Tensor norms = Tensor.stack(grads.stream().map(t -> max ? t.abs().max() : norm(t, normType)).toList(), 0);
      Tensor total = max ? norms.max() : norm(norms, normType);
      Tensor coef = Tensor.scalar(total.device(), (float) maxNorm).div(total.add(1e-6f)).clampMax(1f);
      for (Tensor grad : grads) grad.mul_(coef);
      return total;
    }
  }

  private static Tensor norm(Tensor x, double p) {
    return p == 2 ? x.mul(x).sum().sqrt() : x.abs().pow((float) p).sum().pow((float) (1 / p));
  }
}
