package dev.shinso.data.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

class NormalizeTest {
  @Test
  void subtractsTheMeanAndDividesByTheStdOfEachChannel() {
    // [N=2, C=2, H=1, W=2]; channel 0: mean 1, std 2; channel 1: mean 2, std 4
    Tensor x = Tensor.of(new float[] {1, 3, 2, 6, /* image 2 */ -1, 5, 10, 0}, 2, 2, 1, 2);
    Tensor y = new Normalize(new float[] {1, 2}, new float[] {2, 4}).apply(x);
    assertThat(y.shapeArray()).containsExactly(2, 2, 1, 2);
    assertThat(y.toFloatArray()).containsExactly(0f, 1f, 0f, 1f, -1f, 2f, 2f, -0.5f);
  }

  @Test
  void oneValueAppliesToEveryChannel() {
    Tensor x = Tensor.of(new float[] {0.5f, 1f, 0f}, 1, 3, 1, 1);
    assertThat(new Normalize(0.5f, 0.25f).apply(x).toFloatArray()).containsExactly(0f, 2f, -2f);
  }

  @Test
  void errorsNameTheShape() {
    Normalize n = new Normalize(new float[] {0, 0, 0}, new float[] {1, 1, 1});
    assertThatThrownBy(() -> n.apply(Tensor.zeros(2, 1, 4, 4))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2, 1, 4, 4]").hasMessageContaining("3 channel");
    assertThatThrownBy(() -> n.apply(Tensor.zeros(3, 4, 4))).hasMessageContaining("[N, C, H, W]")
        .hasMessageContaining("[3, 4, 4]");
    assertThatThrownBy(() -> new Normalize(0, 0)).hasMessageContaining("positive");
    assertThatThrownBy(() -> new Normalize(new float[] {0, 1}, new float[] {1})).hasMessageContaining("same");
  }
}
