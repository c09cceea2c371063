package dev.shinso.ops;

import static dev.shinso.testing.OpAssertions.assertClose;
import static dev.shinso.testing.OpAssertions.assertGradCheck;
import static dev.shinso.testing.OpAssertions.assertValues;
import static dev.shinso.testing.OpAssertions.broadcastRef;
import static dev.shinso.testing.OpAssertions.broadcastShape;
import static dev.shinso.testing.OpAssertions.distinct;
import static dev.shinso.testing.OpAssertions.leaf;
import static dev.shinso.testing.OpAssertions.numel;
import static dev.shinso.testing.OpAssertions.positive;
import static dev.shinso.testing.OpAssertions.randn;
import static dev.shinso.testing.OpAssertions.slicedLeaf;
import static dev.shinso.testing.OpAssertions.transposedLeaf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.backend.cpu.IntraOpPool;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ArithmeticTest {
  private static final double ATOL = 1e-6, RTOL = 2e-6;

  /** Which values an op's operands take: any, a divisor away from 0, a positive base, or no near-ties (max/min). */
  enum Domain { ANY, DIVISOR, POWER, SEPARATED }

  record Case(String name, BinaryOperator<Tensor> op, DoubleBinaryOperator ref, Domain domain) {
    float[] a(Generator g, int n) {
      return switch (domain) {
        case POWER -> positive(g, n, 0.5f);
        case SEPARATED -> distinct(g, n);
        default -> randn(g, n);
      };
    }

    float[] b(Generator g, int n) {
      return switch (domain) {
        case DIVISOR -> signed(positive(g, n, 0.5f), g);
        case POWER -> scale(randn(g, n), 0.7f);
        case SEPARATED -> shift(distinct(g, n), 0.05f); // a on the 0.1 grid, b between: |a - b| >= 0.05
        default -> randn(g, n);
      };
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> ops() {
    return Stream.of(
        new Case("add", Tensor::add, Double::sum, Domain.ANY),
        new Case("sub", Tensor::sub, (x, y) -> x - y, Domain.ANY),
        new Case("mul", Tensor::mul, (x, y) -> x * y, Domain.ANY),
        new Case("div", Tensor::div, (x, y) -> x / y, Domain.DIVISOR),
        new Case("pow", Tensor::pow, Math::pow, Domain.POWER),
        new Case("maximum", Tensor::maximum, Math::max, Domain.SEPARATED),
        new Case("minimum", Tensor::minimum, Math::min, Domain.SEPARATED));
  }

  // ---- forward ----

  @Test
  void handComputedValues() {
    Tensor a = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor col = Tensor.of(new float[] {10, 20}, 2, 1);
    Tensor row = Tensor.of(new float[] {1, -1, 2});
    assertValues("add column", a.add(col), new int[] {2, 3}, 11, 12, 13, 24, 25, 26);
    assertValues("sub row", a.sub(row), new int[] {2, 3}, 0, 3, 1, 3, 6, 4);
    assertValues("mul column by row", col.mul(row), new int[] {2, 3}, 10, -10, 20, 20, -20, 40);
    assertValues("div", a.div(Tensor.of(new float[] {2, 4, 0.5f})), new int[] {2, 3}, 0.5f, 0.5f, 6, 2, 1.25f, 12);
    assertValues("add scalar", a.add(0.5f), new int[] {2, 3}, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f, 6.5f);
    assertValues("sub scalar", a.sub(1f), new int[] {2, 3}, 0, 1, 2, 3, 4, 5);
    assertValues("rsub", a.rsub(10f), new int[] {2, 3}, 9, 8, 7, 6, 5, 4);
    assertValues("mul scalar", a.mul(-2f), new int[] {2, 3}, -2, -4, -6, -8, -10, -12);
    assertValues("div scalar", a.div(4f), new int[] {2, 3}, 0.25f, 0.5f, 0.75f, 1, 1.25f, 1.5f);
    assertClose("pow", Tensor.of(new float[] {2, 9, 4, 0}).pow(Tensor.of(new float[] {3, 0.5f, -1, 2})), new int[] {4},
        new double[] {8, 3, 0.25, 0}, 0, RTOL);
    assertValues("maximum", a.maximum(Tensor.of(new float[] {3, 3, 3})), new int[] {2, 3}, 3, 3, 3, 4, 5, 6);
    assertValues("minimum", a.minimum(Tensor.of(new float[] {3, 3, 3})), new int[] {2, 3}, 1, 2, 3, 3, 3, 3);
    assertValues("[4] + [2,3,4]", Tensor.of(new float[] {1, 2, 3, 4}).add(Tensor.zeros(2, 3, 4)).sum(new int[] {0, 1}, false),
        new int[] {4}, 6, 12, 18, 24);
  }

  @Test
  void broadcastShapesFollowNumPy() {
    assertThat(Tensor.zeros(3, 1).mul(Tensor.zeros(1, 4)).shapeArray()).containsExactly(3, 4);
    assertThat(Tensor.zeros(4).add(Tensor.zeros(2, 3, 4)).shapeArray()).containsExactly(2, 3, 4);
    assertThat(Tensor.zeros(5, 1, 2).sub(Tensor.zeros(3, 1)).shapeArray()).containsExactly(5, 3, 2);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Tensor.zeros(2, 3).add(Tensor.zeros(4)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add").hasMessageContaining("[2, 3]")
        .hasMessageContaining("[4]");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void matchesDoubleReferenceAcrossVectorTailsAndBroadcasts(Case c) {
    Generator g = new Generator(21);
    for (int n : new int[] {1, 15, 16, 17, 33}) {
      float[] a = c.a(g, n), b = c.b(g, n);
      int[] s = {n};
      assertClose(c.name + " n=" + n, c.op.apply(Tensor.of(a), Tensor.of(b)), s, broadcastRef(a, s, b, s, c.ref), ATOL, RTOL);
      // b as a one-element tensor: the stride-0 broadcast path on either side.
      float[] one = {b[0]};
      int[] s1 = {1};
      assertClose(c.name + " tensor op scalar n=" + n, c.op.apply(Tensor.of(a), Tensor.of(one)), s,
          broadcastRef(a, s, one, s1, c.ref), ATOL, RTOL);
      float[] oneA = {a[0]};
      assertClose(c.name + " scalar op tensor n=" + n, c.op.apply(Tensor.of(oneA), Tensor.of(b)), s,
          broadcastRef(oneA, s1, b, s, c.ref), ATOL, RTOL);
      // Strided operands (every second element of a wider buffer).
      assertClose(c.name + " strided n=" + n, c.op.apply(slicedLeaf(a, n).detach(), slicedLeaf(b, n).detach()), s,
          broadcastRef(a, s, b, s, c.ref), ATOL, RTOL);
    }
    for (int[][] shapes : new int[][][] {{{3, 1}, {1, 4}}, {{4}, {2, 3, 4}}, {{2, 1, 5}, {3, 1}}, {{2, 3}, {}}}) {
      int[] as = shapes[0], bs = shapes[1];
      float[] a = c.a(g, numel(as)), b = c.b(g, numel(bs));
      Tensor tb = bs.length == 0 ? Tensor.of(b).reshape() : Tensor.of(b, bs);
      assertClose(c.name + " " + java.util.Arrays.toString(as) + " with " + java.util.Arrays.toString(bs),
          c.op.apply(Tensor.of(a, as), tb), broadcastShape(as, bs), broadcastRef(a, as, b, bs, c.ref), ATOL, RTOL);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void matchesDoubleReferenceAboveTheParallelThreshold(Case c) {
    int saved = IntraOpPool.numThreads();
    IntraOpPool.setNumThreads(4);
    try {
      Generator g = new Generator(22);
      int rows = 3, cols = 70_000;
      int[] shape = {rows, cols}, rowShape = {cols};
      float[] a = c.a(g, rows * cols), b = c.b(g, rows * cols), r = c.b(g, cols);
      assertClose(c.name + " 3x70000", c.op.apply(Tensor.of(a, shape), Tensor.of(b, shape)), shape,
          broadcastRef(a, shape, b, shape, c.ref), ATOL, RTOL);
      assertClose(c.name + " 3x70000 with a broadcast row", c.op.apply(Tensor.of(a, shape), Tensor.of(r)), shape,
          broadcastRef(a, shape, r, rowShape, c.ref), ATOL, RTOL);
      Tensor at = transposedLeaf(a, rows, cols).detach();
      assertClose(c.name + " 3x70000 transposed", c.op.apply(at, Tensor.of(b, shape)), shape,
          broadcastRef(a, shape, b, shape, c.ref), ATOL, RTOL);
    } finally {
      IntraOpPool.setNumThreads(saved);
    }
  }

  // ---- backward ----

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void gradCheckSameShapeBroadcastAndViews(Case c) {
    Generator g = new Generator(c.name.hashCode());
    int[] shape = {1 + (int) g.nextLong(4), 1 + (int) g.nextLong(4)};
    check(c, g, shape, shape);
    check(c, g, new int[] {3, 1}, new int[] {1, 4});
    check(c, g, new int[] {4}, new int[] {2, 3, 4});
    check(c, g, new int[] {2, 3, 4}, new int[] {3, 1});
    check(c, g, new int[] {3}, new int[] {1});
    // Non-contiguous leaves: a transposed view against a sliced view, and a transposed view against a broadcast row.
    assertGradCheck(c.name + " transposed with sliced", xs -> c.op.apply(xs.get(0), xs.get(1)),
        transposedLeaf(c.a(g, 12), 3, 4), slicedLeaf(c.b(g, 12), 3, 4));
    assertGradCheck(c.name + " transposed with a row", xs -> c.op.apply(xs.get(0), xs.get(1)),
        transposedLeaf(c.a(g, 12), 3, 4), leaf(c.b(g, 4), 4));
  }

  private static void check(Case c, Generator g, int[] as, int[] bs) {
    assertGradCheck(c.name + " " + java.util.Arrays.toString(as) + " with " + java.util.Arrays.toString(bs),
        xs -> c.op.apply(xs.get(0), xs.get(1)), leaf(c.a(g, numel(as)), as), leaf(c.b(g, numel(bs)), bs));
  }

  @Test
  void gradCheckScalarForms() {
    Generator g = new Generator(23);
    Tensor x = transposedLeaf(randn(g, 12), 3, 4);
    assertGradCheck("add scalar", xs -> xs.get(0).add(1.5f), x);
    assertGradCheck("sub scalar", xs -> xs.get(0).sub(-2f), x);
    assertGradCheck("rsub", xs -> xs.get(0).rsub(3f), x);
    assertGradCheck("mul scalar", xs -> xs.get(0).mul(-2.5f), x);
    assertGradCheck("div scalar", xs -> xs.get(0).div(0.75f), x);
    assertGradCheck("scalar over tensor", xs -> xs.get(0).pow(-1f).mul(2f), leaf(positive(g, 6, 0.5f), 2, 3));
  }

  @Test
  void gradientsOfHandComputedCases() {
    Tensor a = leaf(new float[] {1, 2, 3}), b = leaf(new float[] {4, 5, 6});
    a.mul(b).sum().backward();
    assertThat(a.grad().toFloatArray()).containsExactly(4, 5, 6);
    assertThat(b.grad().toFloatArray()).containsExactly(1, 2, 3);

    Tensor col = leaf(new float[] {1, 2}, 2, 1), row = leaf(new float[] {1, 10, 100}, 1, 3);
    col.add(row).mul(col).sum().backward(); // d/dcol Σ_j (col + row_j)·col = Σ_j (2·col + row_j)
    assertThat(col.grad().toFloatArray()).containsExactly(2 * 3 + 111, 4 * 3 + 111);
    assertThat(row.grad().toFloatArray()).containsExactly(3, 3, 3);

    Tensor x = leaf(new float[] {1, 2}), y = leaf(new float[] {1, 3});
    x.maximum(y).sum().backward(); // a tie at 1 shares the gradient evenly
    assertThat(x.grad().toFloatArray()).containsExactly(0.5f, 0);
    assertThat(y.grad().toFloatArray()).containsExactly(0.5f, 1);

    Tensor p = leaf(new float[] {0, 2}), q = leaf(new float[] {2, 3});
    p.pow(q).sum().backward(); // d/dq 0^q is 0 by convention, d/dq 2^3 = 8 ln 2
    assertThat(q.grad().toFloatArray()[0]).isZero();
    assertThat(q.grad().toFloatArray()[1]).isCloseTo((float) (8 * Math.log(2)), org.assertj.core.data.Offset.offset(1e-5f));
    assertThat(p.grad().toFloatArray()).containsExactly(0, 12);
  }

  @Test
  void broadcastGradientAboveTheParallelThreshold() {
    int saved = IntraOpPool.numThreads();
    IntraOpPool.setNumThreads(4);
    try {
      Generator g = new Generator(24);
      int rows = 3, cols = 70_000;
      float[] a = randn(g, rows * cols), r = randn(g, cols);
      Tensor ta = Tensor.of(a, rows, cols).requiresGrad(true), tr = leaf(r);
      ta.mul(tr).sum().backward();
      assertThat(ta.grad().toFloatArray()).as("d(a·r)/da is r broadcast")
          .containsExactly(broadcastFloats(r, rows));
      double[] expected = new double[cols];
      for (int j = 0; j < cols; j++) for (int i = 0; i < rows; i++) expected[j] += a[i * cols + j];
      assertClose("d(a·r)/dr sums a over rows", tr.grad(), new int[] {cols}, expected, 1e-6, 1e-6);
    } finally {
      IntraOpPool.setNumThreads(saved);
    }
  }

  // ---- INT64 ----

  @Test
  void int64ArithmeticStaysInt64AndExact() {
    long big = (1L << 40) + 1; // not representable in float32
    Tensor a = Tensor.ofLongs(new long[] {big, -3, 7}), b = Tensor.ofLongs(new long[] {2, 5, -4});
    Tensor sum = a.add(b), diff = a.sub(b), prod = a.mul(b);
    assertThat(sum.dtype()).isEqualTo(DType.INT64);
    assertThat(diff.dtype()).isEqualTo(DType.INT64);
    assertThat(prod.dtype()).isEqualTo(DType.INT64);
    assertThat(sum.toLongArray()).containsExactly(big + 2, 2, 3);
    assertThat(diff.toLongArray()).containsExactly(big - 2, -8, 11);
    assertThat(prod.toLongArray()).containsExactly(2 * big, -15, -28);
    assertThat(a.mul(3f).dtype()).isEqualTo(DType.INT64);
    assertThat(a.mul(3f).toLongArray()).containsExactly(3 * big, -9, 21);
    assertThat(a.add(1f).toLongArray()).containsExactly(big + 1, -2, 8);
    assertThat(a.neg().toLongArray()).containsExactly(-big, 3, -7);
    Tensor col = Tensor.ofLongs(new long[] {10, 20}, 2, 1);
    assertThat(col.add(b).shapeArray()).containsExactly(2, 3);
    assertThat(col.add(b).toLongArray()).containsExactly(12, 15, 6, 22, 25, 16);
    assertThat(a.add(0.5f).dtype()).as("a fractional scalar promotes to float").isEqualTo(DType.FLOAT32);
    Tensor q = Tensor.ofLongs(new long[] {7, 2}).div(Tensor.ofLongs(new long[] {2, 4}));
    assertThat(q.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(q.toFloatArray()).containsExactly(3.5f, 0.5f);
    assertThat(Tensor.ofLongs(new long[] {1, 2}).add(Tensor.of(new float[] {0.5f, 0.25f})).toFloatArray())
        .containsExactly(1.5f, 2.25f);
  }

  @Test
  void comparisonsGiveFloatOnesAndZeros() {
    Tensor x = Tensor.of(new float[] {1, 2, 3}), y = Tensor.of(new float[] {2, 2, 2});
    assertValues("eq", x.eq(y), new int[] {3}, 0, 1, 0);
    assertValues("ne", x.ne(y), new int[] {3}, 1, 0, 1);
    assertValues("lt", x.lt(y), new int[] {3}, 1, 0, 0);
    assertValues("le", x.le(y), new int[] {3}, 1, 1, 0);
    assertValues("gt", x.gt(2f), new int[] {3}, 0, 0, 1);
    assertValues("ge", x.ge(2f), new int[] {3}, 0, 1, 1);
    assertThat(x.gt(y).dtype()).isEqualTo(DType.FLOAT32);

    long big = 1L << 60;
    Tensor l = Tensor.ofLongs(new long[] {big + 1, big, -1}), m = Tensor.ofLongs(new long[] {big, big, 0});
    Tensor gt = l.gt(m);
    assertThat(gt.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(gt.toFloatArray()).as("int64 compared exactly, not through float").containsExactly(1, 0, 0);
    assertThat(l.eq(m).toFloatArray()).containsExactly(0, 1, 0);
    assertThat(l.ne(m).toFloatArray()).containsExactly(1, 0, 1);
    assertThat(l.lt(m).toFloatArray()).containsExactly(0, 0, 1);
    assertThat(l.le(m).toFloatArray()).containsExactly(0, 1, 1);
    assertThat(l.ge(m).toFloatArray()).containsExactly(1, 1, 0);
    assertThat(Tensor.ofLongs(new long[] {1, 2, 3}).lt(Tensor.of(new float[] {1.5f})).toFloatArray())
        .containsExactly(1, 0, 0);
    // Across vector bodies and tails, with broadcast and strided operands.
    Generator g = new Generator(25);
    for (int n : new int[] {1, 15, 16, 17, 33}) {
      float[] a = distinct(g, n), b = distinct(g, n);
      float[] expected = new float[n];
      for (int i = 0; i < n; i++) expected[i] = a[i] <= b[i] ? 1 : 0;
      assertValues("le n=" + n, slicedLeaf(a, n).detach().le(Tensor.of(b)), new int[] {n}, expected);
      for (int i = 0; i < n; i++) expected[i] = a[i] > b[0] ? 1 : 0;
      assertValues("gt scalar n=" + n, Tensor.of(a).gt(b[0]), new int[] {n}, expected);
    }
  }

  @Test
  void comparisonsHaveNoGradient() {
    Tensor x = leaf(new float[] {1, 2});
    assertThat(x.gt(1.5f).requiresGrad()).isFalse();
  }

  private static float[] broadcastFloats(float[] row, int rows) {
    float[] r = new float[row.length * rows];
    for (int i = 0; i < rows; i++) System.arraycopy(row, 0, r, i * row.length, row.length);
    return r;
  }

  private static float[] signed(float[] a, Generator g) {
    for (int i = 0; i < a.length; i++) if (g.nextFloat() < 0.5f) a[i] = -a[i];
    return a;
  }

  private static float[] scale(float[] a, float s) {
    for (int i = 0; i < a.length; i++) a[i] *= s;
    return a;
  }

  private static float[] shift(float[] a, float s) {
    for (int i = 0; i < a.length; i++) a[i] += s;
    return a;
  }
}
