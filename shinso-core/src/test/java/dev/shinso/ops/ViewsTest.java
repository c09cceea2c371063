package dev.shinso.ops;

import static dev.shinso.testing.OpAssertions.assertGradCheck;
import static dev.shinso.testing.OpAssertions.assertValues;
import static dev.shinso.testing.OpAssertions.leaf;
import static dev.shinso.testing.OpAssertions.randn;
import static dev.shinso.testing.OpAssertions.slicedLeaf;
import static dev.shinso.testing.OpAssertions.transposedLeaf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ViewsTest {
  /** 0..11 as [2, 3, 2]: element (i, j, k) = 6i + 2j + k. */
  private static final Tensor X = Tensor.arange(12).reshape(2, 3, 2);

  @Test
  void viewValuesAndSharing() {
    assertValues("reshape", X.reshape(3, -1), new int[] {3, 4}, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertValues("view", X.view(6, 2).select(0, 5), new int[] {2}, 10, 11);
    assertValues("permute", X.permute(2, 0, 1), new int[] {2, 2, 3}, 0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11);
    assertValues("transpose", X.transpose(0, 2), new int[] {2, 3, 2}, 0, 6, 2, 8, 4, 10, 1, 7, 3, 9, 5, 11);
    assertValues("t", Tensor.arange(6).reshape(2, 3).t(), new int[] {3, 2}, 0, 3, 1, 4, 2, 5);
    assertValues("expand", Tensor.of(new float[] {1, 2}, 2, 1).expand(2, 3), new int[] {2, 3}, 1, 1, 1, 2, 2, 2);
    assertValues("expand new dims and -1", Tensor.of(new float[] {1, 2}).expand(2, -1), new int[] {2, 2}, 1, 2, 1, 2);
    assertValues("narrow", X.narrow(1, 1, 2), new int[] {2, 2, 2}, 2, 3, 4, 5, 8, 9, 10, 11);
    assertValues("slice with step", Tensor.arange(10).slice(0, 1, 8, 3), new int[] {3}, 1, 4, 7);
    assertValues("slice with negative bounds", Tensor.arange(10).slice(0, -4, -1, 2), new int[] {2}, 6, 8);
    assertValues("select", X.select(1, -1), new int[] {2, 2}, 4, 5, 10, 11);
    assertValues("squeeze", Tensor.zeros(1, 3, 1).add(1).squeeze(), new int[] {3}, 1, 1, 1);
    assertThat(Tensor.zeros(1, 3, 1).squeeze(2).shapeArray()).containsExactly(1, 3);
    assertThat(Tensor.zeros(2, 3).squeeze(0).shapeArray()).as("a dim of size 2 stays").containsExactly(2, 3);
    assertThat(Tensor.zeros(2, 3).unsqueeze(1).shapeArray()).containsExactly(2, 1, 3);
    assertThat(Tensor.zeros(2, 3).unsqueeze(-1).shapeArray()).containsExactly(2, 3, 1);
    assertValues("flatten", X.transpose(0, 1).flatten(), new int[] {12}, 0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11);
    assertThat(X.flatten(1, 2).shapeArray()).containsExactly(2, 6);
    Tensor c = X.transpose(0, 1).contiguous();
    assertThat(c.isContiguous()).isTrue();
    assertValues("contiguous", c, new int[] {3, 2, 2}, 0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11);
    // Views share storage: a write through one shows in the other.
    Tensor base = Tensor.zeros(2, 3);
    base.t().select(0, 2).fill_(7);
    assertValues("write through a view", base, new int[] {2, 3}, 0, 0, 7, 0, 0, 7);
    assertThatThrownBy(() -> X.transpose(0, 1).view(12)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("view");
    assertValues("reshape copies what view cannot", X.transpose(0, 1).reshape(12), new int[] {12},
        0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11);
  }

  @Test
  void gradChecks() {
    Generator g = new Generator(71);
    int rows = 2 + (int) g.nextLong(3), cols = 2 + (int) g.nextLong(3);
    for (Tensor x : new Tensor[] {leaf(randn(g, 24), 2, 3, 4), slicedLeaf(randn(g, 24), 2, 3, 4)}) {
      String kind = x.isContiguous() ? "" : " (sliced view)";
      assertGradCheck("reshape" + kind, xs -> xs.get(0).reshape(4, -1), x);
      assertGradCheck("view" + kind, xs -> xs.get(0).contiguous().view(6, 4), x);
      assertGradCheck("permute" + kind, xs -> xs.get(0).permute(2, 0, 1), x);
      assertGradCheck("transpose" + kind, xs -> xs.get(0).transpose(0, 2), x);
      assertGradCheck("narrow" + kind, xs -> xs.get(0).narrow(2, 1, 2), x);
      assertGradCheck("slice with step" + kind, xs -> xs.get(0).slice(2, 0, 4, 3), x);
      assertGradCheck("select" + kind, xs -> xs.get(0).select(1, 2), x);
      assertGradCheck("unsqueeze" + kind, xs -> xs.get(0).unsqueeze(1), x);
      assertGradCheck("flatten" + kind, xs -> xs.get(0).flatten(0, 1), x);
      assertGradCheck("contiguous" + kind, xs -> xs.get(0).transpose(0, 1).contiguous(), x);
      assertGradCheck("narrow of narrow then mul" + kind, xs -> xs.get(0).narrow(1, 1, 2).narrow(2, 1, 2).mul(xs.get(0).narrow(1, 0, 2).narrow(2, 0, 2)), x);
    }
    Tensor t = transposedLeaf(randn(g, rows * cols), rows, cols);
    assertGradCheck("t", xs -> xs.get(0).t(), t);
    assertGradCheck("reshape of a transposed leaf", xs -> xs.get(0).reshape(-1), t);
    assertGradCheck("expand", xs -> xs.get(0).expand(2, rows, 3), leaf(randn(g, rows), rows, 1));
    assertGradCheck("squeeze", xs -> xs.get(0).squeeze(), leaf(randn(g, 3), 1, 3, 1));
    assertGradCheck("squeeze dim", xs -> xs.get(0).squeeze(0), leaf(randn(g, 3), 1, 3, 1));
  }

  @Test
  void gradientOfOverlappingSlicesAccumulates() {
    Tensor x = leaf(new float[] {1, 2, 3, 4, 5, 6});
    x.slice(0, 0, 6, 2).sum().add(x.narrow(0, 1, 3).sum()).backward();
    assertThat(x.grad().toFloatArray()).containsExactly(1, 1, 2, 1, 1, 0);
  }
}
