package dev.shinso.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** NumPy broadcasting of elementwise ops, checked against explicit expansion and plain index loops. */
class BroadcastPropertyTest {
  /** A pair of broadcast-compatible shapes: both are right-aligned sub-shapes of one shape, with random 1s. */
  @Provide
  Arbitrary<int[][]> compatiblePairs() {
    return Arbitraries.integers().between(1, 4).list().ofMaxSize(4)
        .flatMap(full -> Combinators.combine(subShape(full), subShape(full)).as((a, b) -> new int[][] {a, b}));
  }

  private static Arbitrary<int[]> subShape(List<Integer> full) {
    int r = full.size();
    return Combinators.combine(Arbitraries.integers().between(0, r), Arbitraries.integers().between(0, 1).list().ofSize(r))
        .as((rank, ones) -> {
          int[] s = new int[rank];
          for (int i = 0; i < rank; i++) {
            int j = r - rank + i;
            s[i] = ones.get(j) == 1 ? 1 : full.get(j);
          }
          return s;
        });
  }

  /** NumPy's rule, written out independently of Shape.broadcast. */
  private static int[] numpyShape(int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.length ? 1 : a[i - rank + a.length];
      int db = i < rank - b.length ? 1 : b[i - rank + b.length];
      out[i] = Math.max(da, db);
    }
    return out;
  }

  /** Row-major flat index into a (right-aligned, size-1 dims pinned to 0) for output multi-index idx. */
  private static int sourceIndex(int[] idx, int[] src) {
    int lead = idx.length - src.length;
    int flat = 0;
    for (int d = 0; d < src.length; d++) flat = flat * src[d] + (src[d] == 1 ? 0 : idx[d + lead]);
    return flat;
  }

  private static int[] unflatten(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = flat % shape[d];
      flat /= shape[d];
    }
    return idx;
  }

  private static int numel(int[] shape) {
    int n = 1;
    for (int s : shape) n *= s;
    return n;
  }

  @Property(tries = 200)
  void addMatchesExplicitExpansionAndIndexLoop(@ForAll("compatiblePairs") int[][] pair, @ForAll long seed) {
    int[] sa = pair[0], sb = pair[1];
    Generator gen = new Generator(seed);
    Tensor a = Tensor.randn(gen, sa), b = Tensor.randn(gen, sb);
    int[] expectedShape = numpyShape(sa, sb);

    Tensor sum = a.add(b);
    assertThat(sum.shapeArray()).as("shape of %s + %s", Arrays.toString(sa), Arrays.toString(sb))
        .containsExactly(expectedShape);

    Tensor explicit = a.expand(expectedShape).contiguous().add(b.expand(expectedShape).contiguous());
    assertThat(explicit.shapeArray()).containsExactly(expectedShape);
    assertThat(sum.toFloatArray()).containsExactly(explicit.toFloatArray());

    float[] av = a.toFloatArray(), bv = b.toFloatArray();
    float[] loop = new float[numel(expectedShape)];
    for (int i = 0; i < loop.length; i++) {
      int[] idx = unflatten(i, expectedShape);
      loop[i] = av[sourceIndex(idx, sa)] + bv[sourceIndex(idx, sb)];
    }
    assertThat(sum.toFloatArray()).containsExactly(loop);
  }

  @Property(tries = 200)
  void otherOpsBroadcastTheSameWay(@ForAll("compatiblePairs") int[][] pair, @ForAll long seed) {
    int[] sa = pair[0], sb = pair[1];
    Generator gen = new Generator(seed);
    Tensor a = Tensor.randn(gen, sa), b = Tensor.randn(gen, sb);
    int[] shape = numpyShape(sa, sb);
    float[] av = a.toFloatArray(), bv = b.toFloatArray();
    float[] mul = a.mul(b).toFloatArray(), sub = a.sub(b).toFloatArray(), max = a.maximum(b).toFloatArray();
    float[] gt = a.gt(b).toFloatArray();
    Tensor cond = a.gt(0f);
    float[] where = Tensor.where(cond, a, b).toFloatArray();
    assertThat(Tensor.where(cond, a, b).shapeArray()).containsExactly(shape);
    for (int i = 0; i < numel(shape); i++) {
      int[] idx = unflatten(i, shape);
      float x = av[sourceIndex(idx, sa)], y = bv[sourceIndex(idx, sb)];
      assertThat(mul[i]).isEqualTo(x * y);
      assertThat(sub[i]).isEqualTo(x - y);
      assertThat(max[i]).isEqualTo(Math.max(x, y));
      assertThat(gt[i]).isEqualTo(x > y ? 1f : 0f);
      assertThat(where[i]).isEqualTo(x > 0 ? x : y);
    }
  }

  @Property(tries = 200)
  void broadcastGradientIsSumOverBroadcastDims(@ForAll("compatiblePairs") int[][] pair, @ForAll long seed) {
    int[] sa = pair[0], sb = pair[1];
    Generator gen = new Generator(seed);
    Tensor a = Tensor.randn(gen, sa).requiresGrad(true);
    Tensor b = Tensor.randn(gen, sb).requiresGrad(true);
    int[] shape = numpyShape(sa, sb);
    Tensor g = Tensor.randn(gen, shape);

    Tensor y = a.mul(b);
    y.backward(g);

    float[] av = a.toFloatArray(), bv = b.toFloatArray(), gv = g.toFloatArray();
    double[] ga = new double[av.length], gb = new double[bv.length];
    for (int i = 0; i < gv.length; i++) {
      int[] idx = unflatten(i, shape);
      int ia = sourceIndex(idx, sa), ib = sourceIndex(idx, sb);
      ga[ia] += (double) gv[i] * bv[ib];
      gb[ib] += (double) gv[i] * av[ia];
    }
    assertThat(a.grad().shapeArray()).containsExactly(sa);
    assertThat(b.grad().shapeArray()).containsExactly(sb);
    assertClose(a.grad().toFloatArray(), ga);
    assertClose(b.grad().toFloatArray(), gb);

    // add: the gradient of a broadcast input is the plain sum of g over its broadcast dims
    Tensor c = Tensor.randn(gen, sa).requiresGrad(true);
    c.add(b.detach()).backward(g);
    double[] gc = new double[av.length];
    for (int i = 0; i < gv.length; i++) gc[sourceIndex(unflatten(i, shape), sa)] += gv[i];
    assertClose(c.grad().toFloatArray(), gc);
  }

  private static void assertClose(float[] actual, double[] expected) {
    assertThat(actual).hasSize(expected.length);
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i]).as("element %d", i)
          .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(expected[i]))));
    }
  }

  /** Two shapes that clash in one right-aligned dim (sizes 2..4 that differ), compatible elsewhere. */
  @Provide
  Arbitrary<int[][]> incompatiblePairs() {
    Arbitrary<int[][]> base = Arbitraries.integers().between(1, 4).list().ofMinSize(1).ofMaxSize(4)
        .flatMap(full -> Combinators.combine(subShape(full), subShape(full), Arbitraries.integers().between(1, full.size()))
            .as((a, b, k) -> new int[][] {leftPad(a, k), leftPad(b, k), {k}}));
    return Combinators.combine(base, Arbitraries.integers().between(2, 4), Arbitraries.integers().between(2, 4))
        .filter((p, x, y) -> !x.equals(y))
        .as((p, x, y) -> {
          int[] a = p[0].clone(), b = p[1].clone();
          int k = p[2][0];
          a[a.length - k] = x;
          b[b.length - k] = y;
          return new int[][] {a, b};
        });
  }

  /** s with 1s added in front up to rank k. */
  private static int[] leftPad(int[] s, int k) {
    if (s.length >= k) return s;
    int[] out = new int[k];
    Arrays.fill(out, 1);
    System.arraycopy(s, 0, out, k - s.length, s.length);
    return out;
  }

  @Property(tries = 100)
  void incompatibleShapesThrowNamingOpAndShapes(@ForAll("incompatiblePairs") int[][] pair) {
    int[] sa = pair[0], sb = pair[1];
    Tensor a = Tensor.zeros(sa), b = Tensor.zeros(sb);
    String as = Arrays.toString(sa), bs = Arrays.toString(sb);
    assertThatThrownBy(() -> a.add(b)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add").hasMessageContaining(as).hasMessageContaining(bs);
    assertThatThrownBy(() -> a.mul(b)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mul").hasMessageContaining(as).hasMessageContaining(bs);
    assertThatThrownBy(() -> a.sub(b)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sub").hasMessageContaining(as).hasMessageContaining(bs);
  }
}
