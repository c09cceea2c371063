package dev.shinso.autograd;

import dev.shinso.internal.Tensors;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Checks analytic gradients against central finite differences, in float64 as PyTorch's
 * {@code gradcheck}: the inputs are converted to FLOAT64 (keeping their layout, so a leaf that is
 * a view stays one) and f runs on them, so every op on the way must compute in float64. The
 * defaults are PyTorch's: eps 1e-6, atol 1e-5, rtol 1e-3.
 */
public final class GradCheck {
  public static final double EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;

  private GradCheck() {}

  /** One mismatch: which input, which element, and both values. */
  public record Mismatch(int input, int element, double analytic, double numeric) {}

  /**
   * Compares d(sum(f(inputs) · w))/d(input) for a fixed random weight w (so every output element
   * matters) with central differences. Inputs must require grad; f must keep its computation in
   * the dtype of the tensors it is given (a float32 constant it adds is promoted, as in PyTorch).
   * Returns the worst mismatch or null.
   */
  public static Mismatch check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double eps, double atol, double rtol) {
    List<Tensor> leaves = new ArrayList<>();
    for (Tensor x : inputs) leaves.add(float64Leaf(x));
    Tensor weight;
    try (NoGrad g = NoGrad.enter()) {
      weight = weightFor(f.apply(detached(leaves)));
    }
    f.apply(leaves).mul(weight).sum().backward();
    return compare(leaves, eps, atol, rtol, (i, moved) -> {
      List<Tensor> args = new ArrayList<>(detached(leaves));
      args.set(i, moved);
      return weighted(f.apply(args), weight);
    });
  }

  public static Mismatch check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
    return check(f, inputs, EPS, ATOL, RTOL);
  }

  /**
   * The check for a function of state it reads itself, such as a module's parameters: params must
   * be FLOAT64 and require grad (convert the module with {@code to(DType.FLOAT64)} first). Each
   * finite difference moves one element of a parameter in place and puts it back.
   */
  public static Mismatch checkInPlace(Supplier<Tensor> f, List<? extends Tensor> params, double eps, double atol,
      double rtol) {
    for (Tensor p : params) {
      if (p.dtype() != DType.FLOAT64 || !p.requiresGrad()) {
        throw new IllegalArgumentException("GradCheck: parameters must be float64 and require grad, got "
            + p.dtype() + " " + p.shapeString());
      }
      p.setGrad(null);
    }
    Tensor weight;
    try (NoGrad g = NoGrad.enter()) {
      weight = weightFor(f.get());
    }
    f.get().mul(weight).sum().backward();
    return compare(List.copyOf(params), eps, atol, rtol, (i, moved) -> {
      Tensor p = params.get(i);
      Tensor original = p.detach().clone();
      p.copy_(moved);
      try {
        return weighted(f.get(), weight);
      } finally {
        p.copy_(original);
      }
    });
  }

  public static Mismatch checkInPlace(Supplier<Tensor> f, List<? extends Tensor> params) {
    return checkInPlace(f, params, EPS, ATOL, RTOL);
  }

  /** sum(f · w) for f's value with input i replaced by {@code moved}, run without a graph. */
  @FunctionalInterface
  private interface Objective {
    double at(int i, Tensor moved);
  }

  /** Each input's gradient (already computed by backward) against central differences of the objective. */
  private static Mismatch compare(List<Tensor> inputs, double eps, double atol, double rtol, Objective objective) {
    Mismatch worst = null;
    double worstExcess = 0;
    for (int i = 0; i < inputs.size(); i++) {
      Tensor x = inputs.get(i);
      double[] analytic = x.grad() == null ? new double[x.numel()] : x.grad().toDoubleArray();
      double[] base = x.toDoubleArray();
      for (int e = 0; e < base.length; e++) {
        double plus, minus;
        try (NoGrad g = NoGrad.enter()) {
          plus = objective.at(i, moved(x, base, e, base[e] + eps));
          minus = objective.at(i, moved(x, base, e, base[e] - eps));
        }
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

  /** x's values (base) with element e set to value, as a new FLOAT64 tensor of x's shape. */
  private static Tensor moved(Tensor x, double[] base, int e, double value) {
    double[] m = base.clone();
    m[e] = value;
    return Tensor.ofDoubles(x.device(), m, x.numel()).reshape(x.shapeArray());
  }

  /** A fixed random weight for the output (so every element matters), after checking it is float64. */
  private static Tensor weightFor(Tensor y) {
    requireFloat64(y);
    return Tensor.randn(y.device(), new Generator(42), y.shapeArray()).to(DType.FLOAT64);
  }

  private static double weighted(Tensor y, Tensor weight) {
    requireFloat64(y);
    double[] yv = y.toDoubleArray(), w = weight.toDoubleArray();
    double s = 0;
    for (int k = 0; k < yv.length; k++) s += yv[k] * w[k];
    return s;
  }

  /**
   * A FLOAT64 leaf requiring grad with x's values, shape, strides and offset, over a float64 copy
   * of x's whole storage (the elements x does not see are copied too, and never read).
   */
  static Tensor float64Leaf(Tensor x) {
    if (!x.requiresGrad()) throw new IllegalArgumentException("GradCheck: every input must require grad, got " + x.shapeString());
    int size = x.storage().size();
    Tensor all = Tensors.ofStorage(x.storage(), new int[] {size}, new int[] {1}, 0);
    Tensor copy;
    try (NoGrad g = NoGrad.enter()) {
      copy = all.detach().to(DType.FLOAT64);
    }
    return Tensors.ofStorage(copy.storage(), x.shapeArray(), x.stridesArray(), x.offset()).requiresGrad(true);
  }

  /** An output in float32 means some op on the way dropped to float32, and the differences would be noise. */
  private static void requireFloat64(Tensor y) {
    if (y.dtype() != DType.FLOAT64) {
      throw new IllegalStateException("GradCheck: f gave a " + y.dtype() + " output of shape " + y.shapeString()
          + " from float64 inputs; every op on the way must keep float64");
    }
  }

  private static List<Tensor> detached(List<Tensor> inputs) {
    return inputs.stream().map(Tensor::detach).toList();
  }
}
