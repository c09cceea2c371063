package dev.shinso.optim;

import dev.shinso.autograd.NoGrad;
import dev.shinso.backend.OptimizerStep;
import dev.shinso.tensor.Tensor;
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
public final class SGD extends TypedOptimizer<SGD.Options> {
  /**
   * SGD's options, PyTorch's {@code lr}, {@code momentum}, {@code dampening}, {@code weight_decay}
   * and {@code nesterov}. Nesterov momentum needs momentum > 0 and dampening 0; since the fluent
   * setters may set them in any order, that is checked when a group is stepped.
   */
  public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov)
      implements OptimizerOptions<Options> {
    public Options {
      OptimizerOptions.checkLr(lr);
      OptimizerOptions.checkNonNegative("momentum", momentum);
      OptimizerOptions.checkNonNegative("dampening", dampening);
      OptimizerOptions.checkNonNegative("weight_decay", weightDecay);
    }

    /** PyTorch's defaults: no momentum, dampening or weight decay. */
    public static Options defaults(double lr) {
      return new Options(lr, 0, 0, 0, false);
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov);
    }

    @Override
    public Options withMomentum(double momentum) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov);
    }

    public Options withDampening(double dampening) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov);
    }

    @Override
    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov);
    }

    public Options withNesterov(boolean nesterov) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov);
    }
  }

  public SGD(List<?> params, double lr) {
    if (!(lr >= 0)) throw new IllegalArgumentException("SGD: invalid lr " + lr + " (must be >= 0)");
    super(params, Options.defaults(lr), OptimizerStateCodec.SGD_OPTIONS);
  }

  public SGD momentum(double momentum) {
    updateDefaults(o -> o.withMomentum(momentum));
    return this;
  }

  public SGD dampening(double dampening) {
    updateDefaults(o -> o.withDampening(dampening));
    return this;
  }

  public SGD weightDecay(double weightDecay) {
    updateDefaults(o -> o.withWeightDecay(weightDecay));
    return this;
  }

  /** Nesterov momentum; needs momentum > 0 and dampening 0 (checked when the group is stepped). */
  public SGD nesterov(boolean nesterov) {
    updateDefaults(o -> o.withNesterov(nesterov));
    return this;
  }

  @Override
  protected Set<String> stateNames(Options options) {
    return options.momentum() != 0 ? Set.of("momentum_buffer") : Set.of();
  }

  @Override
  public void step() {
    List<ParamGroup<Options>> groups = paramGroups();
    try (NoGrad g = NoGrad.enter()) {
      for (int gi = 0; gi < groups.size(); gi++) {
        ParamGroup<Options> group = groups.get(gi);
        Options o = group.options();
        double lr = o.lr(), momentum = o.momentum(), dampening = o.dampening();
        if (o.nesterov() && (momentum <= 0 || dampening != 0)) {
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
          var constants = new OptimizerStep.Sgd((float) o.weightDecay(), (float) momentum, (float) (1 - dampening),
              o.nesterov(), first, (float) -lr);
          Tensor momentumBuffer = buf;
          Fused.update(p, target -> p.backend().sgdStep(target, grad.contiguous(), momentumBuffer, constants), buf);
        }
      }
    }
  }
}
