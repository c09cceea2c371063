package dev.shinso.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shinso.nn.Parameter;
import dev.shinso.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradClipTest {
  private static Parameter withGrad(float... grad) {
    Parameter p = new Parameter(Tensor.zeros(grad.length));
    p.setGrad(Tensor.of(grad));
    return p;
  }

  /** Gradients (3, 4) and (12): total 2-norm √(9 + 16 + 144) = 13. */
  @Test
  void scalesAllGradientsByOneFactorWhenTheTotalNormIsAbove() {
    Parameter a = withGrad(3, 4), b = withGrad(12), none = new Parameter(Tensor.zeros(5));
    Tensor total = GradClip.clipGradNorm(List.of(a, none, b), 6.5);
    assertThat(total.item()).isEqualTo(13f);
    float scale = 6.5f / (13f + 1e-6f);  // in float32, as PyTorch computes it on the device
    assertThat(a.grad().toFloatArray()).containsExactly(3 * scale, 4 * scale);
    assertThat(b.grad().toFloatArray()).containsExactly(12 * scale);
    assertThat(none.grad()).isNull();
    assertThat(Math.sqrt(9 + 16 + 144) * scale).isCloseTo(6.5, within(1e-5));
  }

  @Test
  void leavesGradientsBelowTheLimitAlone() {
    Parameter a = withGrad(3, 4), b = withGrad(12);
    assertThat(GradClip.clipGradNorm(List.of(a, b), 20).item()).isEqualTo(13f);
    assertThat(a.grad().toFloatArray()).containsExactly(3, 4);
    assertThat(b.grad().toFloatArray()).containsExactly(12);
  }

  @Test
  void otherNorms() {
    assertThat(GradClip.clipGradNorm(List.of(withGrad(3, -4), withGrad(-12)), 100, Double.POSITIVE_INFINITY).item())
        .isEqualTo(12f);
    Parameter a = withGrad(3, -4), b = withGrad(-12);
    assertThat(GradClip.clipGradNorm(List.of(a, b), 9.5, 1).item()).isCloseTo(19f, within(1e-5f));
    assertThat(a.grad().toFloatArray()[1]).isCloseTo(-2f, within(1e-6f));
  }

  /** An infinite total scales by 1/∞ = 0 (PyTorch's error_if_nonfinite=False): ∞·0 is NaN, finite values become 0. */
  @Test
  void aNonFiniteTotalIsNotAnError() {
    Parameter a = withGrad(1, Float.POSITIVE_INFINITY);
    assertThat(GradClip.clipGradNorm(List.of(a), 1).item()).isInfinite();
    float[] g = a.grad().toFloatArray();
    assertThat(g[0]).isZero();
    assertThat(g[1]).isNaN();
  }

  @Test
  void noGradientsGiveZero() {
    assertThat(GradClip.clipGradNorm(List.of(new Parameter(Tensor.zeros(2))), 1).item()).isZero();
    assertThatThrownBy(() -> GradClip.clipGradNorm(List.of(), -1))
        .hasMessage("clipGradNorm: invalid maxNorm -1.0 (must be >= 0)");
  }
}
