package dev.shinso.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.autograd.NoGrad;
import org.junit.jupiter.api.Test;

/** The in-place updates optimisers use: add_ with alpha, addcmul_, addcdiv_. */
class TensorInPlaceTest {
  @Test
  void addWithAlphaScalesTheOtherTensor() {
    Tensor x = Tensor.of(new float[] {1, 2, 3});
    assertThat(x.add_(Tensor.of(new float[] {10, 20, 30}), -0.5f)).isSameAs(x);
    assertThat(x.toFloatArray()).containsExactly(-4, -8, -12);
    x.add_(Tensor.of(new float[] {1}), 1f);
    assertThat(x.toFloatArray()).containsExactly(-3, -7, -11);
  }

  @Test
  void addcmulAndAddcdivBroadcastLikePyTorch() {
    Tensor x = Tensor.of(new float[] {1, 1, 1, 1}, 2, 2);
    x.addcmul_(Tensor.of(new float[] {1, 2}), Tensor.of(new float[] {3, 4}, 2, 1), 0.5f);
    assertThat(x.toFloatArray()).containsExactly(2.5f, 4f, 3f, 5f);
    x.addcdiv_(Tensor.of(new float[] {2, 4, 6, 8}, 2, 2), Tensor.of(new float[] {2}), -1f);
    assertThat(x.toFloatArray()).containsExactly(1.5f, 2f, 0f, 1f);
  }

  @Test
  void errorsNameTheInPlaceOp() {
    Tensor x = Tensor.zeros(2, 2);
    assertThatThrownBy(() -> x.addcmul_(Tensor.zeros(3), Tensor.zeros(2), 1f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("addcmul_: shapes [3] and [2] cannot be broadcast");
    assertThatThrownBy(() -> x.add_(Tensor.zeros(3, 2, 2), 2f))
        .hasMessageStartingWith("add_: shape [3, 2, 2] does not broadcast to the in-place target's shape [2, 2]");
    Tensor w = Tensor.zeros(2).requiresGrad(true);
    assertThatThrownBy(() -> w.addcdiv_(Tensor.ones(2), Tensor.ones(2), 1f))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("addcdiv_: a tensor of shape [2] that requires grad (a leaf)");
    try (NoGrad g = NoGrad.enter()) {
      w.addcdiv_(Tensor.ones(2), Tensor.full(4f, 2), 2f);
    }
    assertThat(w.toFloatArray()).containsExactly(0.5f, 0.5f);
  }
}
