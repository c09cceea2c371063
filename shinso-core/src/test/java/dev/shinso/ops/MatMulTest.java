package dev.shinso.ops;

import static dev.shinso.testing.OpAssertions.assertGradCheck;
import static dev.shinso.testing.OpAssertions.assertValues;
import static dev.shinso.testing.OpAssertions.leaf;
import static dev.shinso.testing.OpAssertions.numel;
import static dev.shinso.testing.OpAssertions.randn;
import static dev.shinso.testing.OpAssertions.slicedLeaf;
import static dev.shinso.testing.OpAssertions.transposedLeaf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MatMulTest {
  @Test
  void handComputedForms() {
    assertValues("1-d·1-d", Tensor.of(new float[] {1, 2, 3}).matmul(Tensor.of(new float[] {4, 5, 6})), new int[] {}, 32);
    Tensor m = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
    assertValues("1-d·2-d", Tensor.of(new float[] {1, 2}).matmul(m), new int[] {3}, 9, 12, 15);
    assertValues("2-d·1-d", m.matmul(Tensor.of(new float[] {1, 0, -1})), new int[] {2}, -2, -2);
    assertValues("2-d·2-d", Tensor.of(new float[][] {{1, 2}, {3, 4}}).matmul(Tensor.of(new float[][] {{5, 6}, {7, 8}})),
        new int[] {2, 2}, 19, 22, 43, 50);
    assertValues("2-d·transposed view", m.matmul(m.t()), new int[] {2, 2}, 14, 32, 32, 77);
    Tensor batch = Tensor.of(new float[] {1, 0, 0, 1, 2, 0, 0, 2}, 2, 2, 2);
    assertValues("batched·2-d (broadcast batch)", batch.matmul(Tensor.of(new float[][] {{1, 2}, {3, 4}})),
        new int[] {2, 2, 2}, 1, 2, 3, 4, 2, 4, 6, 8);
    assertValues("batched·1-d", batch.matmul(Tensor.of(new float[] {1, 2})), new int[] {2, 2}, 1, 2, 2, 4);
  }

  @Test
  void matchesDoubleLoopForEveryForm() {
    Generator g = new Generator(41);
    int[][][] cases = {
        {{5}, {5}}, {{7}, {7, 3}}, {{4, 7}, {7}}, {{1, 1}, {1, 1}}, {{17, 33}, {33, 16}}, {{3, 4, 5}, {3, 5, 2}},
        {{2, 1, 3, 4}, {3, 4, 5}}, {{4, 6}, {2, 6, 3}}, {{65, 70}, {70, 67}}};
    for (int[][] c : cases) {
      float[] a = randn(g, numel(c[0])), b = randn(g, numel(c[1]));
      Ref r = reference(a, c[0], b, c[1]);
      String what = java.util.Arrays.toString(c[0]) + " @ " + java.util.Arrays.toString(c[1]);
      Tensor out = Tensor.of(a, c[0]).matmul(Tensor.of(b, c[1]));
      assertCloseScaled(what, out, r);
      if (c[0].length == 2 && c[1].length == 2) {
        assertCloseScaled(what + " (transposed views)",
            transposedLeaf(a, c[0][0], c[0][1]).detach().matmul(transposedLeaf(b, c[1][0], c[1][1]).detach()), r);
        assertCloseScaled(what + " (sliced views)",
            slicedLeaf(a, c[0]).detach().matmul(slicedLeaf(b, c[1]).detach()), r);
      }
    }
  }

  @Test
  void gradCheckEveryForm() {
    Generator g = new Generator(42);
    int[][][] cases = {
        {{4}, {4}}, {{3}, {3, 2}}, {{2, 3}, {3}}, {{3, 4}, {4, 2}}, {{2, 3, 4}, {2, 4, 2}}, {{2, 1, 2, 3}, {3, 3, 2}},
        {{3, 2}, {2, 2, 3}}, {{2, 2, 3}, {3}}};
    for (int[][] c : cases) {
      assertGradCheck("matmul " + java.util.Arrays.toString(c[0]) + " @ " + java.util.Arrays.toString(c[1]),
          xs -> xs.get(0).matmul(xs.get(1)), leaf(randn(g, numel(c[0])), c[0]), leaf(randn(g, numel(c[1])), c[1]));
    }
    int m = 2 + (int) g.nextLong(4), k = 2 + (int) g.nextLong(4), n = 2 + (int) g.nextLong(4);
    assertGradCheck("matmul transposed @ sliced", xs -> xs.get(0).matmul(xs.get(1)),
        transposedLeaf(randn(g, m * k), m, k), slicedLeaf(randn(g, k * n), k, n));
    assertGradCheck("matmul sliced @ transposed", xs -> xs.get(0).matmul(xs.get(1)),
        slicedLeaf(randn(g, m * k), m, k), transposedLeaf(randn(g, k * n), k, n));
    assertGradCheck("matmul x @ x.t()", xs -> xs.get(0).matmul(xs.get(0).t()), leaf(randn(g, m * k), m, k));
  }

  @Test
  void gradientsOfAHandComputedProduct() {
    Tensor a = leaf(new float[] {1, 2, 3, 4}, 2, 2), b = leaf(new float[] {5, 6, 7, 8}, 2, 2);
    a.matmul(b).sum().backward();
    assertThat(a.grad().toFloatArray()).containsExactly(11, 15, 11, 15); // ones @ bᵀ
    assertThat(b.grad().toFloatArray()).containsExactly(4, 4, 6, 6); // aᵀ @ ones
  }

  @Test
  void errorsNameTheShapes() {
    assertThatThrownBy(() -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3]").hasMessageContaining("[4, 2]");
    assertThatThrownBy(() -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch");
    assertThatThrownBy(() -> Tensor.ofLongs(new long[] {1}).matmul(Tensor.ofLongs(new long[] {1})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float32");
  }

  /** A product computed in double, with Σ|a||b| per element to scale the float tolerance. */
  private record Ref(int[] shape, double[] values, double[] magnitudes) {}

  private static void assertCloseScaled(String what, Tensor out, Ref r) {
    assertThat(out.shapeArray()).as(what).containsExactly(r.shape);
    float[] v = out.toFloatArray();
    for (int i = 0; i < v.length; i++) {
      // Float accumulation over k terms: well inside 1e-5 of Σ|a·b| for k ≤ 70.
      assertThat((double) v[i]).as("%s element %d", what, i)
          .isCloseTo(r.values[i], org.assertj.core.data.Offset.offset(1e-5 * r.magnitudes[i] + 1e-6));
    }
  }

  /** torch.matmul semantics written out: promote 1-d operands, broadcast batch dims, loop. */
  private static Ref reference(float[] a, int[] as, float[] b, int[] bs) {
    boolean aVec = as.length == 1, bVec = bs.length == 1;
    int[] a2 = aVec ? new int[] {1, as[0]} : as, b2 = bVec ? new int[] {bs[0], 1} : bs;
    int m = a2[a2.length - 2], k = a2[a2.length - 1], n = b2[b2.length - 1];
    int[] ab = java.util.Arrays.copyOf(a2, a2.length - 2), bb = java.util.Arrays.copyOf(b2, b2.length - 2);
    int[] batch = dev.shinso.testing.OpAssertions.broadcastShape(ab, bb);
    int nb = numel(batch);
    double[] v = new double[nb * m * n], mag = new double[nb * m * n];
    for (int t = 0; t < nb; t++) {
      int[] idx = dev.shinso.testing.OpAssertions.unravel(t, batch);
      int ao = dev.shinso.testing.OpAssertions.broadcastIndex(idx, ab) * m * k;
      int bo = dev.shinso.testing.OpAssertions.broadcastIndex(idx, bb) * k * n;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0, s2 = 0;
          for (int p = 0; p < k; p++) {
            double x = (double) a[ao + i * k + p] * b[bo + p * n + j];
            s += x;
            s2 += Math.abs(x);
          }
          v[(t * m + i) * n + j] = s;
          mag[(t * m + i) * n + j] = s2;
        }
      }
    }
    int[] shape = java.util.Arrays.copyOf(batch, batch.length + 2);
    shape[batch.length] = m;
    shape[batch.length + 1] = n;
    int[] outShape = java.util.Arrays.stream(shape).toArray();
    if (aVec && bVec) outShape = new int[0];
    else if (aVec) outShape = dropAt(shape, batch.length);
    else if (bVec) outShape = dropAt(shape, batch.length + 1);
    return new Ref(outShape, v, mag);
  }

  private static int[] dropAt(int[] s, int i) {
    int[] r = new int[s.length - 1];
    for (int j = 0, k = 0; j < s.length; j++) if (j != i) r[k++] = s[j];
    return r;
  }
}
