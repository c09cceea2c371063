package dev.shinso.optim;

import dev.shinso.autograd.NoGrad;
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
          Tensor d = p.grad();
          if (d == null) continue;
          if (weightDecay != 0) d = d.add(p.mul((float) weightDecay));
          if (momentum != 0) {
            Map<String, Tensor> st = state(p);
            Tensor buf = st.get("momentum_buffer");
            if (buf == null) st.put("momentum_buffer", buf = d.contiguousCopy());
            else buf.mul_((float) momentum).add_(d, (float) (1 - dampening));
            d = nesterov ? d.add(buf.mul((float) momentum)) : buf;
          }
          p.add_(d, (float) -lr);
        }
      }
    }
  }
}
