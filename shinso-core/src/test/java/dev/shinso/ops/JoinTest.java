package dev.shinso.ops;

import static dev.shinso.testing.OpAssertions.assertGradCheck;
import static dev.shinso.testing.OpAssertions.assertValues;
import static dev.shinso.testing.OpAssertions.leaf;
import static dev.shinso.testing.OpAssertions.randn;
import static dev.shinso.testing.OpAssertions.slicedLeaf;
import static dev.shinso.testing.OpAssertions.transposedLeaf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinTest {
  private static final Tensor A = Tensor.of(new float[][] {{1, 2}, {3, 4}});
  private static final Tensor B = Tensor.of(new float[][] {{5, 6}});

  @Test
  void catValues() {
    assertValues("dim 0", Tensor.cat(List.of(A, B), 0), new int[] {3, 2}, 1, 2, 3, 4, 5, 6);
    assertValues("dim 1", Tensor.cat(List.of(A, B.t().expand(2, 2)), 1), new int[] {2, 4}, 1, 2, 5, 5, 3, 4, 6, 6);
    assertValues("dim -1 with a transposed view", Tensor.cat(List.of(A.t(), A), -1), new int[] {2, 4},
        1, 3, 1, 2, 2, 4, 3, 4);
    Tensor longs = Tensor.cat(List.of(Tensor.ofLongs(new long[] {1L << 40}), Tensor.ofLongs(new long[] {3})), 0);
    assertThat(longs.dtype()).isEqualTo(DType.INT64);
    assertThat(longs.toLongArray()).containsExactly(1L << 40, 3);
    assertThatThrownBy(() -> Tensor.cat(List.of(A, Tensor.zeros(2, 3)), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cat").hasMessageContaining("[2, 3]");
  }

  @Test
  void stackValues() {
    assertValues("dim 0", Tensor.stack(List.of(A, A.t()), 0), new int[] {2, 2, 2}, 1, 2, 3, 4, 1, 3, 2, 4);
    assertValues("dim 2", Tensor.stack(List.of(A, A.neg()), 2), new int[] {2, 2, 2}, 1, -1, 2, -2, 3, -3, 4, -4);
    assertThatThrownBy(() -> Tensor.stack(List.of(A, B), 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stack");
  }

  @Test
  void splitAndChunkValues() {
    Tensor x = Tensor.arange(7);
    List<Tensor> parts = x.split(3, 0);
    assertThat(parts).hasSize(3);
    assertValues("split 0", parts.get(0), new int[] {3}, 0, 1, 2);
    assertValues("split 2", parts.get(2), new int[] {1}, 6);
    List<Tensor> chunks = x.chunk(3, 0);
    assertThat(chunks).hasSize(3);
    assertValues("chunk 1", chunks.get(1), new int[] {3}, 3, 4, 5);
    assertThat(Tensor.arange(6).chunk(4, 0)).as("torch.chunk gives ceil-sized pieces").hasSize(3);
    List<Tensor> cols = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}}).split(2, 1);
    assertValues("split along dim 1", cols.get(0), new int[] {2, 2}, 1, 2, 4, 5);
    assertValues("split along dim 1, last", cols.get(1), new int[] {2, 1}, 3, 6);
  }

  @Test
  void gradChecks() {
    Generator g = new Generator(61);
    assertGradCheck("cat dim 0", xs -> Tensor.cat(List.of(xs.get(0), xs.get(1)), 0),
        leaf(randn(g, 6), 2, 3), leaf(randn(g, 3), 1, 3));
    assertGradCheck("cat dim 1 of views", xs -> Tensor.cat(List.of(xs.get(0), xs.get(1), xs.get(0)), 1),
        transposedLeaf(randn(g, 6), 3, 2), slicedLeaf(randn(g, 9), 3, 3));
    assertGradCheck("stack dim 1", xs -> Tensor.stack(List.of(xs.get(0), xs.get(1)), 1),
        transposedLeaf(randn(g, 6), 2, 3), leaf(randn(g, 6), 2, 3));
    assertGradCheck("split", xs -> {
      List<Tensor> p = xs.get(0).split(2, 1);
      return p.get(0).mul(2f).sum(1).add(p.get(1).sum(1)).add(p.get(2).mul(p.get(2)).sum(1));
    }, transposedLeaf(randn(g, 15), 3, 5));
    assertGradCheck("chunk", xs -> {
      List<Tensor> p = xs.get(0).chunk(2, 0);
      return p.get(0).matmul(p.get(1).t());
    }, slicedLeaf(randn(g, 12), 4, 3));
  }
}
