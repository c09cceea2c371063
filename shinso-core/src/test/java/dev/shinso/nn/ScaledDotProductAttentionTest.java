package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shinso.Shinso;
import dev.shinso.ops.Attention;
import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Functional.scaledDotProductAttention with PyTorch 2's options: an additive mask, dropout, isCausal, scale. */
class ScaledDotProductAttentionTest {
  private static final Tensor Q = Tensor.of(new float[][] {{1, 0}}), K = Tensor.of(new float[][] {{1, 0}, {0, 1}}),
      V = Tensor.of(new float[][] {{1, 2}, {3, 4}});

  @Test
  void handValuesForScaleAndMask() {
    // scores q·kᵀ·scale = (scale, 0): weights (e^s, 1)/(e^s + 1)
    for (double scale : new double[] {1, 2}) {
      double p0 = Math.exp(scale) / (Math.exp(scale) + 1), p1 = 1 - p0;
      float[] out = Functional.scaledDotProductAttention(Q, K, V, null, 0, false, scale).toFloatArray();
      assertThat(out[0]).as("scale %s", scale).isCloseTo((float) (p0 * 1 + p1 * 3), within(1e-6f));
      assertThat(out[1]).as("scale %s", scale).isCloseTo((float) (p0 * 2 + p1 * 4), within(1e-6f));
    }
    Tensor hideSecond = Tensor.of(new float[][] {{0, Float.NEGATIVE_INFINITY}});
    assertThat(Functional.scaledDotProductAttention(Q, K, V, hideSecond, 0, false, null).toFloatArray())
        .containsExactly(1, 2);
  }

  @Test
  void withoutOptionsItIsTheFusedAttentionAndWithAMaskTheComposite() {
    Tensor q = GradChecks.randn(1, 1, 2, 3, 4, 8), k = GradChecks.randn(2, 1, 2, 3, 5, 8), v = GradChecks.randn(3, 1, 2, 3, 5, 6);
    assertThat(Functional.scaledDotProductAttention(q, k, v, null, 0, true, null).toFloatArray())
        .containsExactly(Attention.scaledDotProductAttention(q, k, v, true).toFloatArray());
    Tensor mask = GradChecks.randn(4, 1, 4, 5); // [L, S], broadcast over batch and heads
    float[] expected = q.matmul(k.transpose(-1, -2)).mul(0.5f).add(mask).softmax(-1).matmul(v).toFloatArray();
    float[] actual = Functional.scaledDotProductAttention(q, k, v, mask, 0, false, 0.5).toFloatArray();
    for (int i = 0; i < expected.length; i++) assertThat(actual[i]).isCloseTo(expected[i], within(1e-6f));
  }

  @Test
  void gradientsThroughMaskScaleAndCausal() {
    GradChecks.assertGradientsMatch("sdpa with a mask and a scale",
        xs -> Functional.scaledDotProductAttention(xs.get(0), xs.get(1), xs.get(2), xs.get(3), 0, false, 0.7),
        GradChecks.randn(5, 1, 2, 3, 4), GradChecks.randn(6, 1, 2, 5, 4), GradChecks.randn(7, 1, 2, 5, 3),
        GradChecks.randn(8, 1, 3, 5));
    GradChecks.assertGradientsMatch("sdpa causal with a scale",
        xs -> Functional.scaledDotProductAttention(xs.get(0), xs.get(1), xs.get(2), null, 0, true, 0.3),
        GradChecks.randn(9, 1, 2, 4, 4), GradChecks.randn(10, 1, 2, 4, 4), GradChecks.randn(11, 1, 2, 4, 3));
  }

  @Test
  void dropoutActsOnTheAttentionWeights() {
    Tensor q = GradChecks.randn(12, 1, 6, 4), k = GradChecks.randn(13, 1, 7, 4), v = GradChecks.randn(14, 1, 7, 3);
    Shinso.manualSeed(5);
    float[] actual = Functional.scaledDotProductAttention(q, k, v, null, 0.5, false, null).toFloatArray();
    Shinso.manualSeed(5);
    Tensor weights = q.matmul(k.transpose(-1, -2)).mul(0.5f).softmax(-1);
    float[] expected = Functional.dropout(weights, 0.5, true).matmul(v).toFloatArray();
    for (int i = 0; i < expected.length; i++) assertThat(actual[i]).isCloseTo(expected[i], within(1e-6f));
    assertThat(Functional.scaledDotProductAttention(q, k, v, null, 1, false, null).abs().sum().item()).isZero();
  }

  @Test
  void badOptionsAreRefusedByName() {
    Tensor mask = Tensor.zeros(1, 2);
    assertThatThrownBy(() -> Functional.scaledDotProductAttention(Q, K, V, mask, 0, true, null))
        .hasMessageContaining("attnMask or isCausal, not both");
    assertThatThrownBy(() -> Functional.scaledDotProductAttention(Q, K, V, Tensor.ofLongs(new long[] {0, 1}, 1, 2), 0,
        false, null)).hasMessageContaining("attnMask must be floating point");
    assertThatThrownBy(() -> Functional.scaledDotProductAttention(Q, K, V, Tensor.zeros(3), 0, false, null))
        .hasMessageContaining("attnMask [3] does not broadcast to the scores [1, 2]");
    assertThatThrownBy(() -> Functional.scaledDotProductAttention(Q, K, V, null, 1.5, false, null))
        .hasMessageContaining("dropout").hasMessageContaining("1.5");
    assertThatThrownBy(() -> Functional.scaledDotProductAttention(Q, K, V, null, 0, false, Double.NaN))
        .hasMessageContaining("scale must be finite");
  }
}
