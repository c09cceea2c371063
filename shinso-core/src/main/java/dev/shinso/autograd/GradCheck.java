package dev.shinso.autograd;

import dev.shinso.tensor.Tensor;
import java.util.List;
import java.util.function.Function;

/**
 * Checks analytic gradients against central finite differences. Float32 arithmetic limits the
 * precision of the differences, so the defaults (eps 1e-2 on inputs of order 1, tolerances 1e-2)
 * catch a wrong formula without tripping on rounding.
 */
public final class GradCheck {
  private GradCheck() {}

  /** One mismatch: which input, which element, and both values. */
  public record Mismatch(int input, int element, double analytic, double numeric) {}

  /**
   * Compares d(sum(f(inputs) · w))/d(input) for a fixed random weight w (so every output element
   * matters) with central differences. Inputs must require grad. Returns the worst mismatch or null.
   */
  public static Mismatch check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double eps, double atol, double rtol) {
    Tensor probe;
    try (NoGrad g = NoGrad.enter()) {
      probe = f.apply(detached(inputs));
    }
    Tensor weight = Tensor.randn(probe.device(), new dev.shinso.tensor.Generator(42), probe.shapeArray());
    for (Tensor x : inputs) x.setGrad(null);
    Tensor out = f.apply(inputs);
    out.mul(weight).sum().backward();

    Mismatch worst = null;
    double worstExcess = 0;
    for (int i = 0; i < inputs.size(); i++) {
      Tensor x = inputs.get(i);
      float[] analytic = x.grad() == null ? new float[x.numel()] : x.grad().toFloatArray();
      float[] base = x.toFloatArray();
      for (int e = 0; e < base.length; e++) {
        double plus = objective(f, inputs, i, base, e, base[e] + eps, weight);
        double minus = objective(f, inputs, i, base, e, base[e] - eps, weight);
        double numeric = (plus - minus) / (2 * eps);
        double excess = Math.abs(analytic[e] - numeric) - (atol + rtol * Math.abs(numeric));
        if (excess > worstExcess || Double.isNaN(analytic[e]) != Double.isNaN(numeric)) {
          worstExcess = Double.isNaN(excess) ? Double.MAX_VALUE : excess;
          worst = new Mismatch(i, e, analytic[e], numeric);
        }
      }
    }
    return worst;
  }

  public static Mismatch check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
    return check(f, inputs, 1e-2, 1e-2, 1e-2);
  }

  /** f evaluated (in double) with element e of input i set to value, the others as they are. */
  private static double objective(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, int i, float[] base, int e,
      double value, Tensor weight) {
    try (NoGrad g = NoGrad.enter()) {
      List<Tensor> args = new java.util.ArrayList<>(detached(inputs));
      float[] moved = base.clone();
      moved[e] = (float) value;
      args.set(i, Tensor.of(inputs.get(i).device(), moved, inputs.get(i).shapeArray()));
      float[] y = f.apply(args).toFloatArray();
      float[] w = weight.toFloatArray();
      double s = 0;
      for (int k = 0; k < y.length; k++) s += (double) y[k] * w[k];
      return s;
    }
  }

  private static List<Tensor> detached(List<Tensor> inputs) {
    return inputs.stream().map(Tensor::detach).toList();
  }
}
