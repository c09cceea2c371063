package dev.shinso.optim;

import dev.shinso.autograd.NoGrad;
import dev.shinso.backend.OptimizerStep;
import dev.shinso.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adam, as torch.optim.Adam (PyTorch 1.13's algorithm): with g the gradient plus
 * {@code weightDecay}·θ, m = β₁m + (1 − β₁)g, v = β₂v + (1 − β₂)g², and
 * θ −= lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε); with amsgrad, v is replaced by its running maximum.
 * The bias corrections are computed in double, as PyTorch does in Python.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), 3e-4).betas(0.9, 0.98).amsgrad(true);
 * }</pre>
 */
public class Adam extends TypedOptimizer<Adam.Options> {
  /**
   * Adam's (and AdamW's) options, PyTorch's {@code lr}, {@code betas} (β₁ and β₂, each in [0, 1)),
   * {@code eps}, {@code weight_decay} and {@code amsgrad}.
   */
  public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad)
      implements OptimizerOptions<Options> {
    public Options {
      OptimizerOptions.checkLr(lr);
      checkBeta(0, beta1);
      checkBeta(1, beta2);
      OptimizerOptions.checkNonNegative("eps", eps);
      OptimizerOptions.checkNonNegative("weight_decay", weightDecay);
    }

    private static void checkBeta(int i, double beta) {
      if (!(beta >= 0 && beta < 1)) {
        throw new IllegalArgumentException("invalid beta " + i + " " + beta + " (must be in [0, 1))");
      }
    }

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no amsgrad. */
    public static Options defaults(double lr, double weightDecay) {
      return new Options(lr, 0.9, 0.999, 1e-8, weightDecay, false);
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public Options withBetas(double beta1, double beta2) {
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public Options withEps(double eps) {
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    @Override
    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public Options withAmsgrad(boolean amsgrad) {
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }
  }

  private final boolean decoupledWeightDecay;

  public Adam(List<?> params) {
    this(params, 1e-3);
  }

  public Adam(List<?> params, double lr) {
    this(params, lr, 0.0, false);
  }

  /** For AdamW: weight decay applied to θ directly (θ ·= 1 − lr·λ) instead of added to the gradient. */
  Adam(List<?> params, double lr, double weightDecay, boolean decoupledWeightDecay) {
    if (!(lr >= 0)) {
      throw new IllegalArgumentException((decoupledWeightDecay ? "AdamW" : "Adam") + ": invalid lr " + lr
          + " (must be >= 0)");
    }
    this.decoupledWeightDecay = decoupledWeightDecay;
    super(params, Options.defaults(lr, weightDecay), OptimizerStateCodec.ADAM_OPTIONS);
  }

  public Adam betas(double beta1, double beta2) {
    updateDefaults(o -> o.withBetas(beta1, beta2));
    return this;
  }

  public Adam eps(double eps) {
    updateDefaults(o -> o.withEps(eps));
    return this;
  }

  public Adam weightDecay(double weightDecay) {
    updateDefaults(o -> o.withWeightDecay(weightDecay));
    return this;
  }

  public Adam amsgrad(boolean amsgrad) {
    updateDefaults(o -> o.withAmsgrad(amsgrad));
    return this;
  }

  @Override
  protected Set<String> stateNames(Options options) {
    return options.amsgrad()
        ? Set.of("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq")
        : Set.of("step", "exp_avg", "exp_avg_sq");
  }

  @Override
  public void step() {
    try (NoGrad g = NoGrad.enter()) {
      for (ParamGroup<Options> group : paramGroups()) {
        Options o = group.options();
        for (Tensor p : group.params()) {
          if (p.grad() != null) update(p, p.grad(), o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(), o.amsgrad());
        }
      }
    }
  }

  private void update(Tensor p, Tensor grad, double lr, double beta1, double beta2, double eps, double weightDecay,
      boolean amsgrad) {
    Map<String, Tensor> st = state(p);
    if (st.isEmpty()) {
      st.put("step", StateTensors.ofLong(0));
      st.put("exp_avg", Tensor.zerosLike(p));
      st.put("exp_avg_sq", Tensor.zerosLike(p));
    }
    long step = increment(st.get("step"));
    if (decoupledWeightDecay) p.mul_((float) (1 - lr * weightDecay));
    // Switched on after some steps, amsgrad's running maximum starts from zero, as a fresh state would.
    Tensor max = amsgrad ? st.computeIfAbsent("max_exp_avg_sq", k -> Tensor.zerosLike(p)) : null;
    double stepSize = lr / (1 - Math.pow(beta1, step));
    double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
    var constants = new OptimizerStep.Adam((float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2),
        (float) -stepSize, (float) biasCorrection2Sqrt, (float) eps, decoupledWeightDecay ? 0f : (float) weightDecay);
    Fused.update(p, target -> p.backend().adamStep(target, grad.contiguous(), st.get("exp_avg"), st.get("exp_avg_sq"),
        max, constants), st.get("exp_avg"), st.get("exp_avg_sq"), max);
  }
}
