package dev.shinso.optim;

import java.util.List;

/**
 * Adam with decoupled weight decay, as torch.optim.AdamW (PyTorch 1.13): before the Adam update,
 * θ ·= 1 − lr·λ, instead of adding λθ to the gradient. The default weight decay is 1e-2. Its
 * options are {@link Adam.Options}: the same components under the same PyTorch names.
 *
 * <pre>{@code
 * var opt = new AdamW(model.parameters(), 1e-3).weightDecay(0.05);
 * }</pre>
 */
public final class AdamW extends Adam {
  public AdamW(List<?> params) {
    this(params, 1e-3);
  }

  public AdamW(List<?> params, double lr) {
    super(params, lr, 1e-2, true);
  }

  @Override
  public AdamW betas(double beta1, double beta2) {
    super.betas(beta1, beta2);
    return this;
  }

  @Override
  public AdamW eps(double eps) {
    super.eps(eps);
    return this;
  }

  @Override
  public AdamW weightDecay(double weightDecay) {
    super.weightDecay(weightDecay);
    return this;
  }

  @Override
  public AdamW amsgrad(boolean amsgrad) {
    super.amsgrad(amsgrad);
    return this;
  }
}
