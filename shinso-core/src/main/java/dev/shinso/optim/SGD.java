package dev.shinso.optim;

import dev.shinso.autograd.NoGrad;
import dev.shinso.backend.OptimizerStep;
import dev.shinso.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stochastic gradient descent with optional momentum, as torch.optim.SGD (PyTorch 1.13's
 * algorithm): with g the gradient plus {@code weightDecay}·θ, the buffer is b = g on the first step
 * and b = μ·b + (1 − dampening)·g after; the update is θ −= lr·b, or θ −= lr·(g + μ·b) with Nesterov.
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), 0.1).momentum(0.9).weightDecay(5e-4);
 * }</pre>
 */
public final class SGD extends Optimizer {
  public SGD(List<?> params, double lr) {
    super(params, defaults(lr));
  }

  private static Map<String, Object> defaults(double lr) {
    if (!(lr >= 0)) throw new IllegalArgumentException("SGD: invalid lr " + lr + " (must be >= 0)");
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("lr", lr);
    d.put("momentum", 0.0);
    d.put("dampening", 0.0);
    d.put("weight_decay", 0.0);
    d.put("nesterov", false);
    return d;
  }

  public SGD momentum(double momentum) {
    setDefault("momentum", momentum);
    return this;
  }

  public SGD dampening(double dampening) {
    setDefault("dampening", dampening);
    return this;
  }

  public SGD weightDecay(double weightDecay) {
    setDefault("weight_decay", weightDecay);
    return this;
  }

  /** Nesterov momentum; needs momentum > 0 and dampening 0 (checked when the group is stepped). */
  public SGD nesterov(boolean nesterov) {
    setDefault("nesterov", nesterov);
    return this;
  }

  @Override
  protected Set<String> stateNames(Map<String, Object> options) {
    return (Double) options.get("momentum") != 0 ? Set.of("momentum_buffer") : Set.of();
  }

  @Override
  public void step() {
    List<ParamGroup> groups = paramGroups();
    try (NoGrad g = NoGrad.enter()) {
      for (int gi = 0; gi < groups.size(); gi++) {
        ParamGroup group = groups.get(gi);
        double lr = group.lr(), momentum = group.getDouble("momentum"), dampening = group.getDouble("dampening");
        double weightDecay = group.getDouble("weight_decay");
        boolean nesterov = group.getBoolean("nesterov");
        if (nesterov && (momentum <= 0 || dampening != 0)) {
          throw new IllegalStateException("SGD: Nesterov momentum needs momentum > 0 and dampening 0, but parameter group "
              + gi + " has momentum " + momentum + " and dampening " + dampening);
        }
        for (Tensor p : group.params()) {
          Tensor grad = p.grad();
          if (grad == null) continue;
          Tensor buf = null;
          boolean first = false;
          if (momentum != 0) {
            Map<String, Tensor> st = state(p);
            buf = st.get("momentum_buffer");
            if (first = buf == null) st.put("momentum_buffer", buf = Tensor.zerosLike(p));
          }
          var constants = new OptimizerStep.Sgd((float) weightDecay, (float) momentum, (float) (1 - dampening), nesterov,
              first, (float) -lr);
          Tensor momentumBuffer = buf;
          Fused.update(p, target -> p.backend().sgdStep(target, grad.contiguous(), momentumBuffer, constants), buf);
        }
      }
    }
  }
}
