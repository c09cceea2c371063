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
import org.junit.jupiter.api.Test;

class IndexTest {
  private static final Tensor X = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});

  @Test
  void indexSelectValues() {
    assertValues("dim 0", X.indexSelect(0, Tensor.ofLongs(new long[] {1, 1, 0})), new int[] {3, 3},
        4, 5, 6, 4, 5, 6, 1, 2, 3);
    assertValues("dim 1, negative index", X.indexSelect(1, Tensor.ofLongs(new long[] {2, -3})), new int[] {2, 2},
        3, 1, 6, 4);
    assertValues("of a transposed view", X.t().indexSelect(0, Tensor.ofLongs(new long[] {2})), new int[] {1, 2}, 3, 6);
    Tensor longs = Tensor.ofLongs(new long[] {(1L << 40) + 1, 7, -5}, 3);
    Tensor picked = longs.indexSelect(0, Tensor.ofLongs(new long[] {0, 2}));
    assertThat(picked.dtype()).isEqualTo(DType.INT64);
    assertThat(picked.toLongArray()).containsExactly((1L << 40) + 1, -5);
    assertThatThrownBy(() -> X.indexSelect(0, Tensor.ofLongs(new long[] {2})))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("indexSelect");
    assertThatThrownBy(() -> X.indexSelect(0, Tensor.of(new float[] {0})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int64");
  }

  @Test
  void gatherValues() {
    Tensor idx = Tensor.ofLongs(new long[] {2, 0, 1, 1}, 2, 2);
    assertValues("dim 1", X.gather(1, idx), new int[] {2, 2}, 3, 1, 5, 5);
    assertValues("dim 0", X.gather(0, Tensor.ofLongs(new long[] {1, 0, 1}, 1, 3)), new int[] {1, 3}, 4, 2, 6);
    assertValues("of a transposed view", X.t().gather(1, Tensor.ofLongs(new long[] {1, 0}, 2, 1)), new int[] {2, 1}, 4, 2);
    Tensor longs = Tensor.ofLongs(new long[] {10, 20, 30, 40}, 2, 2);
    Tensor g = longs.gather(1, Tensor.ofLongs(new long[] {1, 1, 0, 0}, 2, 2));
    assertThat(g.dtype()).isEqualTo(DType.INT64);
    assertThat(g.toLongArray()).containsExactly(20, 20, 30, 30);
  }

  @Test
  void scatterAddValues() {
    Tensor idx = Tensor.ofLongs(new long[] {0, 0, 2, 1, 1, 1}, 2, 3);
    Tensor src = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
    assertValues("dim 1 with repeats", Tensor.zeros(2, 3).scatterAdd(1, idx, src), new int[] {2, 3}, 3, 0, 3, 0, 15, 0);
    assertValues("dim 0 onto ones", Tensor.ones(2, 3).scatterAdd(0, Tensor.ofLongs(new long[] {1, 0, 1}, 1, 3), src),
        new int[] {2, 3}, 1, 3, 1, 2, 1, 4);
    Tensor counts = Tensor.ofLongs(new long[3]).scatterAdd(0, Tensor.ofLongs(new long[] {2, 0, 2, 2}),
        Tensor.ofLongs(new long[] {1, 1, 1, 1}));
    assertThat(counts.dtype()).isEqualTo(DType.INT64);
    assertThat(counts.toLongArray()).containsExactly(1, 0, 3);
  }

  @Test
  void whereAndMaskedFill() {
    Tensor cond = Tensor.of(new float[] {1, 0, 1});
    assertValues("where", Tensor.where(cond, X, Tensor.scalar(-1)), new int[] {2, 3}, 1, -1, 3, 4, -1, 6);
    assertValues("where with a column condition", Tensor.where(Tensor.of(new float[] {0, 1}, 2, 1), X, X.neg()),
        new int[] {2, 3}, -1, -2, -3, 4, 5, 6);
    assertValues("maskedFill", X.maskedFill(X.gt(3.5f), 0), new int[] {2, 3}, 1, 2, 3, 0, 0, 0);
    assertValues("maskedFill broadcast mask", X.maskedFill(Tensor.of(new float[] {0, 1, 0}), 9), new int[] {2, 3},
        1, 9, 3, 4, 9, 6);
    Tensor longs = Tensor.ofLongs(new long[] {5, 6});
    assertThat(longs.maskedFill(Tensor.of(new float[] {1, 0}), 0).toLongArray()).containsExactly(0, 6);
    assertThatThrownBy(() -> Tensor.zeros(3).maskedFill(Tensor.zeros(2, 3), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maskedFill");
  }

  @Test
  void gradChecks() {
    Generator g = new Generator(51);
    Tensor idx = Tensor.ofLongs(new long[] {2, 0, 2, 3});
    assertGradCheck("indexSelect dim 0", xs -> xs.get(0).indexSelect(0, idx), leaf(randn(g, 12), 4, 3));
    assertGradCheck("indexSelect dim 1 of a transposed view", xs -> xs.get(0).indexSelect(1, idx),
        transposedLeaf(randn(g, 12), 3, 4));
    Tensor gi = Tensor.ofLongs(new long[] {1, 0, 1, 2, 2, 2}, 3, 2);
    assertGradCheck("gather dim 1", xs -> xs.get(0).gather(1, gi), leaf(randn(g, 9), 3, 3));
    assertGradCheck("gather dim 1 of a sliced view", xs -> xs.get(0).gather(1, gi), slicedLeaf(randn(g, 9), 3, 3));
    Tensor si = Tensor.ofLongs(new long[] {0, 2, 0, 1, 1, 1}, 2, 3);
    assertGradCheck("scatterAdd dim 1", xs -> xs.get(0).scatterAdd(1, si, xs.get(1)),
        leaf(randn(g, 8), 2, 4), leaf(randn(g, 6), 2, 3));
    assertGradCheck("scatterAdd with a larger, transposed src", xs -> xs.get(0).scatterAdd(1, si, xs.get(1)),
        transposedLeaf(randn(g, 8), 2, 4), transposedLeaf(randn(g, 8), 2, 4));
    Tensor cond = Tensor.of(new float[] {1, 0, 0, 1}, 4);
    assertGradCheck("where with broadcast operands", xs -> Tensor.where(cond, xs.get(0), xs.get(1)),
        leaf(randn(g, 12), 3, 4), leaf(randn(g, 3), 3, 1));
    assertGradCheck("where of views", xs -> Tensor.where(cond, xs.get(0), xs.get(1)),
        transposedLeaf(randn(g, 12), 3, 4), slicedLeaf(randn(g, 12), 3, 4));
    assertGradCheck("maskedFill", xs -> xs.get(0).maskedFill(cond, 2.5f), transposedLeaf(randn(g, 8), 2, 4));
  }

  @Test
  void gradientsOfHandComputedCases() {
    Tensor x = leaf(new float[] {1, 2, 3});
    x.indexSelect(0, Tensor.ofLongs(new long[] {2, 2, 0})).sum().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(1, 0, 2);
    Tensor a = leaf(new float[] {1, 2}), b = leaf(new float[] {3, 4});
    Tensor.where(Tensor.of(new float[] {1, 0}), a, b).sum().backward();
    assertThat(a.grad().toFloatArray()).containsExactly(1, 0);
    assertThat(b.grad().toFloatArray()).containsExactly(0, 1);
  }

  @Test
  void triuAndTrilValues() {
    Tensor m = Tensor.of(new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}});
    assertValues("triu", m.triu(), new int[] {3, 4}, 1, 2, 3, 4, 0, 6, 7, 8, 0, 0, 11, 12);
    assertValues("triu 1", m.triu(1), new int[] {3, 4}, 0, 2, 3, 4, 0, 0, 7, 8, 0, 0, 0, 12);
    assertValues("triu -1", m.triu(-1), new int[] {3, 4}, 1, 2, 3, 4, 5, 6, 7, 8, 0, 10, 11, 12);
    assertValues("tril", m.tril(), new int[] {3, 4}, 1, 0, 0, 0, 5, 6, 0, 0, 9, 10, 11, 0);
    assertValues("tril -1", m.tril(-1), new int[] {3, 4}, 0, 0, 0, 0, 5, 0, 0, 0, 9, 10, 0, 0);
    assertValues("tril 2", m.tril(2), new int[] {3, 4}, 1, 2, 3, 0, 5, 6, 7, 8, 9, 10, 11, 12);
    assertValues("tril of a transposed view", m.t().tril(), new int[] {4, 3}, 1, 0, 0, 2, 6, 0, 3, 7, 11, 4, 8, 12);
    assertValues("triu of each matrix of a batch", Tensor.ones(2, 2, 2).triu(), new int[] {2, 2, 2}, 1, 1, 0, 1, 1, 1, 0, 1);
    assertThat(m.triu(9).sum().item()).isZero();
    assertThat(m.tril(-9).sum().item()).isZero();
    Tensor longs = Tensor.ofLongs(new long[] {1L << 40, 2, 3, 4}, 2, 2).tril();
    assertThat(longs.dtype()).isEqualTo(DType.INT64);
    assertThat(longs.toLongArray()).containsExactly(1L << 40, 0, 3, 4);
    assertThatThrownBy(() -> Tensor.ones(3).triu()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("triu").hasMessageContaining("[3]");
  }

  @Test
  void triuAndTrilGradients() {
    Generator g = new Generator(21);
    assertGradCheck("triu 1", xs -> xs.get(0).triu(1), leaf(randn(g, 12), 3, 4));
    assertGradCheck("tril -1 of a batch", xs -> xs.get(0).tril(-1), leaf(randn(g, 18), 2, 3, 3));
    assertGradCheck("tril of a transposed view", xs -> xs.get(0).tril(), transposedLeaf(randn(g, 12), 3, 4));
  }
}
