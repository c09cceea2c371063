package dev.shinso.optim;

import dev.shinso.autograd.NoGrad;
import dev.shinso.backend.OptimizerStep;
import dev.shinso.tensor.Tensor;
import java.util.LinkedHashMap;
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
public class Adam extends Optimizer {
  private final boolean decoupledWeightDecay;

  public Adam(List<?> params) {
    this(params, 1e-3);
  }

  public Adam(List<?> params, double lr) {
    this(params, lr, 0.0, false);
  }

  /** For AdamW: weight decay applied to θ directly (θ ·= 1 − lr·λ) instead of added to the gradient. */
  Adam(List<?> params, double lr, double weightDecay, boolean decoupledWeightDecay) {
    super(params, defaults(decoupledWeightDecay ? "AdamW" : "Adam", lr, weightDecay));
    this.decoupledWeightDecay = decoupledWeightDecay;
  }

  private static Map<String, Object> defaults(String name, double lr, double weightDecay) {
    if (!(lr >= 0)) throw new IllegalArgumentException(name + ": invalid lr " + lr + " (must be >= 0)");
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("lr", lr);
    d.put("betas", new double[] {0.9, 0.999});
    d.put("eps", 1e-8);
    d.put("weight_decay", weightDecay);
    d.put("amsgrad", false);
    return d;
  }

  public Adam betas(double beta1, double beta2) {
    checkBetas(getClass().getSimpleName(), -1, new double[] {beta1, beta2});
    setDefault("betas", new double[] {beta1, beta2});
    return this;
  }

  public Adam eps(double eps) {
    setDefault("eps", eps);
    return this;
  }

  public Adam weightDecay(double weightDecay) {
    setDefault("weight_decay", weightDecay);
    return this;
  }

  public Adam amsgrad(boolean amsgrad) {
    setDefault("amsgrad", amsgrad);
    return this;
  }

  @Override
  protected Set<String> stateNames(Map<String, Object> options) {
    return (Boolean) options.get("amsgrad")
        ? Set.of("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq")
        : Set.of("step", "exp_avg", "exp_avg_sq");
  }

  private static void checkBetas(String name, int group, double[] betas) {
    for (int i = 0; i < 2; i++) {
      if (!(betas[i] >= 0 && betas[i] < 1)) {
        throw new IllegalArgumentException(name + ": invalid beta " + i + " " + betas[i] + " (must be in [0, 1))"
            + (group < 0 ? "" : " in parameter group " + group));
      }
    }
  }

  @Override
  public void step() {
    List<ParamGroup> groups = paramGroups();
    try (NoGrad g = NoGrad.enter()) {
      for (int gi = 0; gi < groups.size(); gi++) {
        ParamGroup group = groups.get(gi);
        double lr = group.lr(), eps = group.getDouble("eps"), weightDecay = group.getDouble("weight_decay");
        double[] betas = group.getDoubles("betas");
        checkBetas(getClass().getSimpleName(), gi, betas);
        boolean amsgrad = group.getBoolean("amsgrad");
        for (Tensor p : group.params()) {
          if (p.grad() != null) update(p, p.grad(), lr, betas[0], betas[1], eps, weightDecay, amsgrad);
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
