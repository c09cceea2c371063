package dev.shinso.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.autograd.GradCheck;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.opentest4j.AssertionFailedError;

/**
 * The one helper the op tests share: gradient checks that name what failed, value comparisons
 * against plain-Java references, and inputs shaped for finite differences (leaves that are views,
 * values kept away from kinks and ties).
 */
public final class OpAssertions {
  /** GradCheck's defaults, PyTorch's: eps 1e-6, atol 1e-5, rtol 1e-3 (the check runs in float64). */
  public static final double EPS = GradCheck.EPS, ATOL = GradCheck.ATOL, RTOL = GradCheck.RTOL;

  private OpAssertions() {}

  /** Fails, naming op, input index, element, analytic and numeric values, when autograd disagrees with finite differences. */
  public static void assertGradCheck(String op, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
    assertGradCheck(op, EPS, ATOL, RTOL, f, inputs);
  }

  public static void assertGradCheck(String op, double eps, double atol, double rtol,
      Function<List<Tensor>, Tensor> f, Tensor... inputs) {
    for (int i = 0; i < inputs.length; i++) {
      if (!inputs[i].requiresGrad()) throw new IllegalArgumentException(op + ": grad-check input " + i + " must require grad");
    }
    GradCheck.Mismatch m = GradCheck.check(f, List.of(inputs), eps, atol, rtol);
    if (m != null) {
      Tensor x = inputs[m.input()];
      throw new AssertionFailedError(String.format(
          "%s: gradient of input %d (shape %s, strides %s) at element %d (index %s): analytic %.7g, numeric %.7g"
              + " (eps %g, atol %g, rtol %g)",
          op, m.input(), x.shapeString(), Arrays.toString(x.stridesArray()), m.element(),
          Arrays.toString(unravel(m.element(), x.shapeArray())), m.analytic(), m.numeric(), eps, atol, rtol));
    }
  }

  /** Element-by-element |actual - expected| <= atol + rtol·|expected|, and the shape. */
  public static void assertClose(String what, Tensor actual, int[] shape, double[] expected, double atol, double rtol) {
    assertThat(actual.shapeArray()).as("%s: shape", what).containsExactly(shape);
    float[] a = actual.toFloatArray();
    assertThat(a.length).as("%s: element count", what).isEqualTo(expected.length);
    for (int i = 0; i < a.length; i++) {
      double tol = atol + rtol * Math.abs(expected[i]);
      if (!(Math.abs(a[i] - expected[i]) <= tol) && !(Double.isNaN(expected[i]) && Float.isNaN(a[i]))
          && !(Double.isInfinite(expected[i]) && a[i] == expected[i])) {
        throw new AssertionFailedError(String.format("%s: element %d (index %s) is %.9g, expected %.9g (tolerance %.3g)",
            what, i, Arrays.toString(unravel(i, shape)), a[i], expected[i], tol), expected[i], a[i]);
      }
    }
  }

  /** Exact float equality (values that float arithmetic gives exactly: sums of small integers, copies). */
  public static void assertValues(String what, Tensor actual, int[] shape, float... expected) {
    assertThat(actual.shapeArray()).as("%s: shape", what).containsExactly(shape);
    assertThat(actual.toFloatArray()).as(what).containsExactly(expected);
  }

  public static double[] toDoubles(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) d[i] = a[i];
    return d;
  }

  public static float[] randn(Generator g, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = g.nextGaussian();
    return a;
  }

  /** Values at least margin away from point (a value closer is pushed out, keeping its side). */
  public static float[] awayFrom(float[] a, float point, float margin) {
    float[] r = a.clone();
    for (int i = 0; i < r.length; i++) {
      float d = r[i] - point;
      if (Math.abs(d) < margin) r[i] = point + (d < 0 ? -margin : margin) + d;
    }
    return r;
  }

  /** Positive values in [lo, lo + |N(0,1)|), for log, sqrt, pow bases and divisors. */
  public static float[] positive(Generator g, int n, float lo) {
    float[] a = randn(g, n);
    for (int i = 0; i < n; i++) a[i] = lo + Math.abs(a[i]);
    return a;
  }

  /** n distinct values spaced 0.1 apart (around 0), shuffled: no ties, and finite differences cannot reorder them. */
  public static float[] distinct(Generator g, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = (i - n / 2) * 0.1f;
    for (int i = n - 1; i > 0; i--) {
      int j = (int) g.nextLong(i + 1);
      float t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** A leaf requiring grad over a copy of data. */
  public static Tensor leaf(float[] data, int... shape) {
    return Tensor.of(data, shape).requiresGrad(true);
  }

  /**
   * A leaf that is a non-contiguous view of the given logical shape: data is laid out in a
   * larger buffer and the leaf is made by {@code view} (e.g. a transpose or a narrow), then marked
   * as requiring grad. Its logical values are data in row-major order.
   */
  public static Tensor transposedLeaf(float[] data, int rows, int cols) {
    float[] t = new float[data.length];
    for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = data[i * cols + j];
    Tensor view = Tensor.of(t, cols, rows).transpose(0, 1);
    assertThat(view.isContiguous()).isEqualTo(rows == 1 || cols == 1);
    return view.requiresGrad(true);
  }

  /** A leaf whose last dim is a strided slice (every second element) of a buffer twice as wide. */
  public static Tensor slicedLeaf(float[] data, int... shape) {
    int last = shape[shape.length - 1];
    int outer = data.length / last;
    float[] wide = new float[data.length * 2];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < last; j++) {
        wide[o * 2 * last + 2 * j] = data[o * last + j];
        wide[o * 2 * last + 2 * j + 1] = Float.NaN; // must never be read
      }
    }
    int[] wideShape = shape.clone();
    wideShape[shape.length - 1] = 2 * last;
    Tensor view = Tensor.of(wide, wideShape).slice(shape.length - 1, 0, 2 * last, 2);
    assertThat(view.isContiguous()).isEqualTo(last == 1 && outer == 1);
    return view.requiresGrad(true);
  }

  /** A shape of the given rank with sizes in [1, max], drawn from g. */
  public static int[] randomShape(Generator g, int rank, int max) {
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) s[i] = 1 + (int) g.nextLong(max);
    return s;
  }

  public static int numel(int... shape) {
    int n = 1;
    for (int s : shape) n *= s;
    return n;
  }

  /** Runs backward of sum(f(x)·1) and returns x's gradient (for ops whose gradient is known exactly). */
  public static float[] gradOfSum(UnaryOperator<Tensor> f, Tensor x) {
    x.setGrad(null);
    f.apply(x).sum().backward();
    assertThat(x.grad()).as("gradient of a leaf after backward").isNotNull();
    assertThat(x.grad().shapeArray()).containsExactly(x.shapeArray());
    return x.grad().toFloatArray();
  }

  /** NumPy broadcasting of two shapes, written out here so the tests do not depend on shinso's. */
  public static int[] broadcastShape(int[] a, int[] b) {
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
      int db = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
      if (da != db && da != 1 && db != 1) throw new IllegalArgumentException("shapes do not broadcast");
      out[i] = Math.max(da, db);
    }
    return out;
  }

  /** The flat (row-major) index into a tensor of shape {@code shape} read at output index {@code idx}, broadcasting. */
  public static int broadcastIndex(int[] idx, int[] shape) {
    int lead = idx.length - shape.length, flat = 0;
    for (int d = 0; d < shape.length; d++) flat = flat * shape[d] + (shape[d] == 1 ? 0 : idx[d + lead]);
    return flat;
  }

  /** f(a, b) elementwise in double with broadcasting: the reference for binary ops. */
  public static double[] broadcastRef(float[] a, int[] as, float[] b, int[] bs, java.util.function.DoubleBinaryOperator f) {
    int[] out = broadcastShape(as, bs);
    double[] r = new double[numel(out)];
    if (Arrays.equals(as, out) && Arrays.equals(bs, out)) {
      for (int i = 0; i < r.length; i++) r[i] = f.applyAsDouble(a[i], b[i]);
      return r;
    }
    for (int i = 0; i < r.length; i++) {
      int[] idx = unravel(i, out);
      r[i] = f.applyAsDouble(a[broadcastIndex(idx, as)], b[broadcastIndex(idx, bs)]);
    }
    return r;
  }

  public static int[] unravel(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] == 0) return idx;
      idx[d] = flat % shape[d];
      flat /= shape[d];
    }
    return idx;
  }
}
