package dev.shinso.ops;

import static dev.shinso.testing.OpAssertions.assertClose;
import static dev.shinso.testing.OpAssertions.assertGradCheck;
import static dev.shinso.testing.OpAssertions.assertValues;
import static dev.shinso.testing.OpAssertions.awayFrom;
import static dev.shinso.testing.OpAssertions.gradOfSum;
import static dev.shinso.testing.OpAssertions.leaf;
import static dev.shinso.testing.OpAssertions.numel;
import static dev.shinso.testing.OpAssertions.positive;
import static dev.shinso.testing.OpAssertions.randn;
import static dev.shinso.testing.OpAssertions.randomShape;
import static dev.shinso.testing.OpAssertions.slicedLeaf;
import static dev.shinso.testing.OpAssertions.transposedLeaf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.backend.cpu.IntraOpPool;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UnaryTest {
  /** Float results of elementwise math against a double reference: a few ulp (vector exp/log/tanh/pow are within 1 ulp). */
  private static final double ATOL = 1e-6, RTOL = 2e-6;
  private static final int[] LENGTHS = {1, 15, 16, 17, 33};

  /** Where an op's inputs must lie for the reference and for finite differences to be valid. */
  enum Domain { ANY, POSITIVE, AWAY_FROM_ZERO, AWAY_FROM_CLAMP_BOUNDS }

  record Case(String name, UnaryOperator<Tensor> op, DoubleUnaryOperator ref, Domain domain) {
    float[] inputs(Generator g, int n) {
      return switch (domain) {
        case ANY -> scaled(randn(g, n), 2f);
        case POSITIVE -> positive(g, n, 0.5f);
        case AWAY_FROM_ZERO -> awayFrom(scaled(randn(g, n), 2f), 0f, 0.1f);
        case AWAY_FROM_CLAMP_BOUNDS -> awayFrom(awayFrom(scaled(randn(g, n), 2f), CLAMP_LO, 0.1f), CLAMP_HI, 0.1f);
      };
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final float CLAMP_LO = -0.5f, CLAMP_HI = 0.7f, SLOPE = 0.1f;

  static Stream<Case> ops() {
    return Stream.of(
        new Case("neg", Tensor::neg, v -> -v, Domain.ANY),
        new Case("exp", Tensor::exp, Math::exp, Domain.ANY),
        new Case("log", Tensor::log, Math::log, Domain.POSITIVE),
        new Case("sqrt", Tensor::sqrt, Math::sqrt, Domain.POSITIVE),
        new Case("rsqrt", Tensor::rsqrt, v -> 1 / Math.sqrt(v), Domain.POSITIVE),
        new Case("abs", Tensor::abs, Math::abs, Domain.AWAY_FROM_ZERO),
        new Case("sigmoid", Tensor::sigmoid, v -> 1 / (1 + Math.exp(-v)), Domain.ANY),
        new Case("tanh", Tensor::tanh, Math::tanh, Domain.ANY),
        new Case("relu", Tensor::relu, v -> Math.max(v, 0), Domain.AWAY_FROM_ZERO),
        new Case("leakyRelu", x -> Unary.leakyRelu(x, SLOPE), v -> v > 0 ? v : SLOPE * v, Domain.AWAY_FROM_ZERO),
        new Case("gelu", Tensor::gelu, v -> v * 0.5 * (1 + erf(v / Math.sqrt(2))), Domain.ANY),
        new Case("clamp", x -> x.clamp(CLAMP_LO, CLAMP_HI), v -> Math.min(Math.max(v, CLAMP_LO), CLAMP_HI),
            Domain.AWAY_FROM_CLAMP_BOUNDS),
        new Case("clampMin", x -> x.clampMin(CLAMP_LO), v -> Math.max(v, CLAMP_LO), Domain.AWAY_FROM_CLAMP_BOUNDS),
        new Case("clampMax", x -> x.clampMax(CLAMP_HI), v -> Math.min(v, CLAMP_HI), Domain.AWAY_FROM_CLAMP_BOUNDS),
        new Case("pow2", x -> x.pow(2f), v -> v * v, Domain.ANY),
        new Case("pow3", x -> x.pow(3f), v -> v * v * v, Domain.ANY),
        new Case("pow0.5", x -> x.pow(0.5f), Math::sqrt, Domain.POSITIVE),
        new Case("pow-1.5", x -> x.pow(-1.5f), v -> Math.pow(v, -1.5), Domain.POSITIVE),
        new Case("pow1", x -> x.pow(1f), v -> v, Domain.ANY),
        new Case("step", x -> Unary.step(x), v -> v > 0 ? 1 : 0, Domain.AWAY_FROM_ZERO),
        new Case("sign", Tensor::sign, Math::signum, Domain.AWAY_FROM_ZERO));
  }

  /** The parallel split is the same code for every op; these cover the distinct vector loops that matter most. */
  static Stream<Case> large() {
    return ops().filter(c -> java.util.Set.of("exp", "relu", "gelu", "clamp", "tanh").contains(c.name));
  }

  static Stream<Case> largeGradients() {
    return ops().filter(c -> java.util.Set.of("exp", "relu", "gelu", "sigmoid").contains(c.name));
  }

  static Stream<Case> differentiable() {
    return ops().filter(c -> !c.name.equals("step") && !c.name.equals("sign"));
  }

  // ---- forward: hand-computed values ----

  @Test
  void handComputedValues() {
    assertValues("neg", Tensor.of(new float[] {-2, 0.5f, 3}).neg(), new int[] {3}, 2, -0.5f, -3);
    assertClose("exp", Tensor.of(new float[] {0, 1, -1, 2}).exp(), new int[] {4},
        new double[] {1, 2.718281828459045, 0.36787944117144233, 7.38905609893065}, 0, RTOL);
    assertClose("log", Tensor.of(new float[] {1, 2, 0.5f, 10}).log(), new int[] {4},
        new double[] {0, 0.6931471805599453, -0.6931471805599453, 2.302585092994046}, ATOL, RTOL);
    assertValues("sqrt", Tensor.of(new float[] {4, 9, 0.25f}).sqrt(), new int[] {3}, 2, 3, 0.5f);
    assertClose("rsqrt", Tensor.of(new float[] {4, 0.25f, 16, 2}).rsqrt(), new int[] {4},
        new double[] {0.5, 2, 0.25, 0.7071067811865476}, 0, RTOL);
    assertValues("abs", Tensor.of(new float[] {-2.5f, 0, 3}).abs(), new int[] {3}, 2.5f, 0, 3);
    assertValues("sign", Tensor.of(new float[] {-2.5f, 0, 3, -1e-30f}).sign(), new int[] {4}, -1, 0, 1, -1);
    assertClose("sigmoid", Tensor.of(new float[] {0, (float) Math.log(3), (float) -Math.log(3), 50, -50}).sigmoid(),
        new int[] {5}, new double[] {0.5, 0.75, 0.25, 1, 1.9287498479639178e-22}, 1e-7, RTOL);
    assertClose("tanh", Tensor.of(new float[] {0, (float) Math.log(2), (float) Math.log(3), (float) -Math.log(2)}).tanh(),
        new int[] {4}, new double[] {0, 0.6, 0.8, -0.6}, 1e-7, RTOL);
    assertValues("relu", Tensor.of(new float[] {-1, 0, 2}).relu(), new int[] {3}, 0, 0, 2);
    assertClose("leakyRelu", Unary.leakyRelu(Tensor.of(new float[] {-2, 0, 3}), 0.1f), new int[] {3},
        new double[] {-0.2, 0, 3}, 1e-7, RTOL);
    // x·Φ(x) with Φ(1) = 0.8413447460685429, Φ(2) = 0.9772498680518208, Φ(-3) = 0.0013498980316301.
    assertClose("gelu", Tensor.of(new float[] {1, -1, 2, 0, -3}).gelu(), new int[] {5},
        new double[] {0.8413447460685429, -0.15865525393145707, 1.9544997361036416, 0, -0.0040496940948903}, 1e-7, RTOL);
    assertValues("step", Unary.step(Tensor.of(new float[] {-1, 0, 0.5f})), new int[] {3}, 0, 0, 1);
    assertValues("clamp", Tensor.of(new float[] {-3, -1, 0.5f, 2, 5}).clamp(-1, 2), new int[] {5}, -1, -1, 0.5f, 2, 2);
    assertValues("clampMin", Tensor.of(new float[] {0, 1}).clampMin(0.5f), new int[] {2}, 0.5f, 1);
    assertValues("clampMax", Tensor.of(new float[] {0, 1}).clampMax(0.5f), new int[] {2}, 0, 0.5f);
    assertValues("pow 2", Tensor.of(new float[] {3, -2}).pow(2f), new int[] {2}, 9, 4);
    assertClose("pow 3", Tensor.of(new float[] {-2, 1.5f}).pow(3f), new int[] {2}, new double[] {-8, 3.375}, 0, RTOL);
    assertClose("pow 0.5 and -1", Tensor.of(new float[] {4, 4}).pow(0.5f).mul(Tensor.of(new float[] {4, 4}).pow(-1f)),
        new int[] {2}, new double[] {0.5, 0.5}, 0, RTOL);
    assertValues("pow 1", Tensor.of(new float[] {-1.25f, 7}).pow(1f), new int[] {2}, -1.25f, 7);
    assertValues("a 2-d input keeps its shape", Tensor.of(new float[][] {{-1, 2}, {3, -4}}).abs(), new int[] {2, 2},
        1, 2, 3, 4);
  }

  @Test
  void clampRejectsMinAboveMax() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Tensor.ones(2).clamp(1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clamp");
  }

  // ---- forward: a double loop over vector bodies, scalar tails and strided inputs ----

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void matchesDoubleReferenceAcrossVectorTails(Case c) {
    Generator g = new Generator(11);
    for (int n : LENGTHS) {
      float[] x = c.inputs(g, n);
      assertClose(c.name + " contiguous n=" + n, c.op.apply(Tensor.of(x)), new int[] {n}, reference(c, x), ATOL, RTOL);
      // The same values as a strided view (every second element) and with an offset.
      Tensor strided = slicedLeaf(x, n).detach();
      assertClose(c.name + " strided n=" + n, c.op.apply(strided), new int[] {n}, reference(c, x), ATOL, RTOL);
      float[] padded = new float[n + 3];
      System.arraycopy(x, 0, padded, 3, n);
      assertClose(c.name + " offset n=" + n, c.op.apply(Tensor.of(padded).narrow(0, 3, n)), new int[] {n},
          reference(c, x), ATOL, RTOL);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("large")
  void matchesDoubleReferenceAboveTheParallelThreshold(Case c) {
    int saved = IntraOpPool.numThreads();
    IntraOpPool.setNumThreads(4);
    try {
      Generator g = new Generator(12);
      int rows = 3, cols = 70_000;
      float[] x = c.inputs(g, rows * cols);
      double[] expected = reference(c, x);
      assertClose(c.name + " 3x70000", c.op.apply(Tensor.of(x, rows, cols)), new int[] {rows, cols}, expected, ATOL, RTOL);
      // Rows of a wider buffer: three strided rows, each split across threads.
      float[] wide = new float[rows * (cols + 5)];
      for (int r = 0; r < rows; r++) System.arraycopy(x, r * cols, wide, r * (cols + 5) + 5, cols);
      Tensor narrowed = Tensor.of(wide, rows, cols + 5).narrow(1, 5, cols);
      assertClose(c.name + " 3x70000 narrowed", c.op.apply(narrowed), new int[] {rows, cols}, expected, ATOL, RTOL);
      // A transposed view: 70000 rows of 3 with a non-unit inner stride.
      float[] t = new float[rows * cols];
      for (int r = 0; r < rows; r++) for (int k = 0; k < cols; k++) t[k * rows + r] = x[r * cols + k];
      Tensor transposed = Tensor.of(t, cols, rows).transpose(0, 1);
      assertClose(c.name + " 3x70000 transposed", c.op.apply(transposed), new int[] {rows, cols}, expected, ATOL, RTOL);
    } finally {
      IntraOpPool.setNumThreads(saved);
    }
  }

  // ---- backward ----

  @ParameterizedTest(name = "{0}")
  @MethodSource("differentiable")
  void gradCheckContiguousAndViews(Case c) {
    Generator g = new Generator(c.name.hashCode());
    int[] shape = randomShape(g, 1 + (int) g.nextLong(3), 4);
    assertGradCheck(c.name + " " + java.util.Arrays.toString(shape), xs -> c.op.apply(xs.get(0)),
        leaf(c.inputs(g, numel(shape)), shape));
    int rows = 2 + (int) g.nextLong(3), cols = 2 + (int) g.nextLong(3);
    assertGradCheck(c.name + " transposed view", xs -> c.op.apply(xs.get(0)),
        transposedLeaf(c.inputs(g, rows * cols), rows, cols));
    assertGradCheck(c.name + " strided slice", xs -> c.op.apply(xs.get(0)),
        slicedLeaf(c.inputs(g, rows * cols), rows, cols));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("largeGradients")
  void gradientMatchesDerivativeAboveTheParallelThreshold(Case c) {
    int saved = IntraOpPool.numThreads();
    IntraOpPool.setNumThreads(4);
    try {
      int n = 3 * 70_000;
      float[] x = c.inputs(new Generator(13), n);
      float[] grad = gradOfSum(c.op, Tensor.of(x, 3, 70_000).requiresGrad(true));
      double[] expected = new double[n];
      for (int i = 0; i < n; i++) expected[i] = derivative(c, x[i]);
      assertClose(c.name + " d/dx at 3x70000", Tensor.of(grad), new int[] {n}, expected, 1e-5, 1e-4);
    } finally {
      IntraOpPool.setNumThreads(saved);
    }
  }

  @Test
  void stepAndSignPassExactlyZeroGradients() {
    Generator g = new Generator(5);
    for (UnaryOperator<Tensor> op : java.util.List.<UnaryOperator<Tensor>>of(Unary::step, Tensor::sign)) {
      Tensor x = transposedLeaf(awayFrom(randn(g, 12), 0, 0.1f), 3, 4);
      Tensor w = Tensor.randn(g, 3, 4);
      op.apply(x).mul(w).sum().backward();
      assertThat(x.grad()).isNotNull();
      assertThat(x.grad().toFloatArray()).containsOnly(0f);
    }
  }

  @Test
  void leakyReluGradientUsesTheSlopeBelowZero() {
    Tensor x = leaf(new float[] {-2, -0.5f, 0.5f, 3});
    float[] grad = gradOfSum(t -> Unary.leakyRelu(t, 0.25f), x);
    assertThat(grad).containsExactly(0.25f, 0.25f, 1, 1);
  }

  @Test
  void reluBackwardOverwritesOnlyAGradientTheEngineOwns() {
    Tensor x = leaf(new float[] {-2, -0.5f, 0.5f, 3});
    Tensor w = Tensor.of(new float[] {1, 2, 3, 4});
    x.relu().mul(w).sum().backward(); // mul's gradient is fresh: relu may write over it
    assertThat(x.grad().toFloatArray()).containsExactly(0, 0, 3, 4);
    assertThat(w.toFloatArray()).containsExactly(1, 2, 3, 4);

    Tensor y = leaf(new float[] {-2, -0.5f, 0.5f, 3});
    Tensor g = Tensor.of(new float[] {5, 6, 7, 8});
    y.relu().backward(g); // the caller's gradient
    assertThat(y.grad().toFloatArray()).containsExactly(0, 0, 7, 8);
    assertThat(g.toFloatArray()).containsExactly(5, 6, 7, 8);

    Tensor z = leaf(new float[] {-2, -0.5f, 0.5f, 3});
    Tensor h = z.mul(2f);
    h.relu().add(h.neg().relu()).mul(w).sum().backward(); // both relus get one gradient from add
    assertThat(z.grad().toFloatArray()).containsExactly(-2, -4, 6, 8);
  }

  @Test
  void clampGradientIsOneInsideAndZeroOutside() {
    Tensor x = leaf(new float[] {-3, -0.5f, 0.5f, 4});
    assertThat(gradOfSum(t -> t.clamp(-1, 1), x)).containsExactly(0, 1, 1, 0);
    assertThat(gradOfSum(t -> t.clampMin(0), x)).containsExactly(0, 0, 1, 1);
    assertThat(gradOfSum(t -> t.clampMax(0), x)).containsExactly(1, 1, 0, 0);
  }

  // ---- references ----

  private static double[] reference(Case c, float[] x) {
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; i++) r[i] = c.ref.applyAsDouble(x[i]);
    return r;
  }

  /** The derivative by a central difference of the double reference (h small: double precision). */
  private static double derivative(Case c, double x) {
    double h = 1e-6 * Math.max(1, Math.abs(x));
    return (c.ref.applyAsDouble(x + h) - c.ref.applyAsDouble(x - h)) / (2 * h);
  }

  private static float[] scaled(float[] a, float s) {
    for (int i = 0; i < a.length; i++) a[i] *= s;
    return a;
  }

  /** erf in double: its Taylor series below |x| = 3, erfc's continued fraction above (both ~1e-12 there). */
  static double erf(double x) {
    double a = Math.abs(x);
    if (a >= 3) {
      double t = a;
      for (int n = 80; n >= 1; n--) t = a + (n / 2.0) / t;
      return Math.signum(x) * (1 - Math.exp(-a * a) / (Math.sqrt(Math.PI) * t));
    }
    double term = x, sum = x;
    for (int n = 1; n < 100; n++) {
      term *= -x * x / n;
      sum += term / (2 * n + 1);
    }
    return 2 / Math.sqrt(Math.PI) * sum;
  }
}
