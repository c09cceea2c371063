package dev.shinso.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AnomalyTest {
  @Test
  void namesTheOpWhoseOutputIsNotFinite() {
    Tensor x = Tensor.of(new float[] {1f, -1f}).requiresGrad(true);
    try (Anomaly a = Anomaly.detect()) {
      assertThatThrownBy(() -> x.log()).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("the output of log").hasMessageContaining("NaN").hasMessageContaining("[2]");
    }
  }

  @Test
  void namesTheBackwardThatProducedAnInfiniteGradient() {
    // sqrt(0) is fine forward, but its derivative 1/(2·sqrt(0)) is infinite.
    Tensor x = Tensor.of(new float[] {0f, 4f}).requiresGrad(true);
    try (Anomaly a = Anomaly.detect()) {
      Tensor y = x.sqrt().sum();
      assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("sqrt backward").hasMessageContaining("Infinity");
    }
  }

  @Test
  void isOffOutsideTheScope() {
    Tensor x = Tensor.of(new float[] {-1f}).requiresGrad(true);
    try (Anomaly a = Anomaly.detect()) {
      assertThat(Anomaly.isEnabled()).isTrue();
    }
    assertThat(Anomaly.isEnabled()).isFalse();
    assertThat(x.log().item()).isNaN();
  }
}
