package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.shinso.Shinso;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Sample statistics of each initialiser on a large tensor against its formula, and PyTorch's fans. */
class InitTest {
  private static final int OUT = 512, IN = 256; // 131072 samples: the sample std is within ~0.4 % of the true one

  @Test
  void fansOfLinearAndConvWeights() {
    Tensor linear = Tensor.zeros(10, 20);
    assertThat(Init.fanIn(linear)).isEqualTo(20);
    assertThat(Init.fanOut(linear)).isEqualTo(10);
    Tensor conv2d = Tensor.zeros(64, 3, 5, 7);
    assertThat(Init.fanIn(conv2d)).isEqualTo(3 * 35);
    assertThat(Init.fanOut(conv2d)).isEqualTo(64 * 35);
    Tensor conv1d = Tensor.zeros(8, 4, 3);
    assertThat(Init.fanIn(conv1d)).isEqualTo(12);
    assertThat(Init.fanOut(conv1d)).isEqualTo(24);
    assertThatThrownBy(() -> Init.fanIn(Tensor.zeros(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fewer than 2 dimensions").hasMessageContaining("[5]");
  }

  @Test
  void gains() {
    assertThat(Init.calculateGain(Init.Nonlinearity.LINEAR)).isEqualTo(1);
    assertThat(Init.calculateGain(Init.Nonlinearity.CONV2D)).isEqualTo(1);
    assertThat(Init.calculateGain(Init.Nonlinearity.SIGMOID)).isEqualTo(1);
    assertThat(Init.calculateGain(Init.Nonlinearity.TANH)).isEqualTo(5.0 / 3);
    assertThat(Init.calculateGain(Init.Nonlinearity.RELU)).isEqualTo(Math.sqrt(2));
    assertThat(Init.calculateGain(Init.Nonlinearity.LEAKY_RELU)).isEqualTo(Math.sqrt(2 / (1 + 1e-4)));
    assertThat(Init.calculateGain(Init.Nonlinearity.LEAKY_RELU, 0.0)).isEqualTo(Math.sqrt(2));
    assertThat(Init.calculateGain(Init.Nonlinearity.LEAKY_RELU, Math.sqrt(5))).isCloseTo(Math.sqrt(1.0 / 3), within(1e-15));
    assertThat(Init.calculateGain(Init.Nonlinearity.SELU)).isEqualTo(0.75);
  }

  @Test
  void kaimingNormalFanInRelu() {
    float[] w = Init.kaimingNormal(Tensor.zeros(OUT, IN), 0, Init.Mode.FAN_IN, Init.Nonlinearity.RELU).toFloatArray();
    assertThat(mean(w)).isCloseTo(0, within(0.01 * Math.sqrt(2.0 / IN)));
    assertThat(std(w)).isCloseTo(Math.sqrt(2.0 / IN), withinPercentage(2));
  }

  @Test
  void kaimingNormalFanOutOfAConvWeight() {
    Tensor conv = Tensor.zeros(64, 32, 3, 3);
    float[] w = Init.kaimingNormal(conv, 0, Init.Mode.FAN_OUT, Init.Nonlinearity.RELU).toFloatArray();
    assertThat(std(w)).isCloseTo(Math.sqrt(2.0 / (64 * 9)), withinPercentage(2));
  }

  @Test
  void kaimingUniformBoundAndStd() {
    double a = 0.1, gain = Math.sqrt(2 / (1 + a * a)), bound = gain * Math.sqrt(3.0 / IN);
    float[] w = Init.kaimingUniform(Tensor.zeros(OUT, IN), a, Init.Mode.FAN_IN, Init.Nonlinearity.LEAKY_RELU).toFloatArray();
    assertThat(maxAbs(w)).isLessThanOrEqualTo((float) bound).isGreaterThan((float) (0.99 * bound));
    assertThat(std(w)).isCloseTo(bound / Math.sqrt(3), withinPercentage(2));
    float[] tanh = Init.kaimingUniform(Tensor.zeros(OUT, IN), 0, Init.Mode.FAN_OUT, Init.Nonlinearity.TANH).toFloatArray();
    assertThat(std(tanh)).isCloseTo(5.0 / 3 / Math.sqrt(OUT), withinPercentage(2));
  }

  @Test
  void xavierUniformAndNormal() {
    double gain = 2;
    double bound = gain * Math.sqrt(6.0 / (IN + OUT));
    float[] u = Init.xavierUniform(Tensor.zeros(OUT, IN), gain).toFloatArray();
    assertThat(maxAbs(u)).isLessThanOrEqualTo((float) bound).isGreaterThan((float) (0.99 * bound));
    assertThat(std(u)).isCloseTo(bound / Math.sqrt(3), withinPercentage(2));
    float[] n = Init.xavierNormal(Tensor.zeros(OUT, IN)).toFloatArray();
    assertThat(std(n)).isCloseTo(Math.sqrt(2.0 / (IN + OUT)), withinPercentage(2));
  }

  @Test
  void plainDistributionsAndConstants() {
    float[] u = Init.uniform(Tensor.zeros(OUT, IN), -3, 1).toFloatArray();
    assertThat(min(u)).isGreaterThanOrEqualTo(-3f).isLessThan(-2.99f);
    assertThat(max(u)).isLessThan(1f).isGreaterThan(0.99f);
    assertThat(mean(u)).isCloseTo(-1, within(0.02));
    float[] n = Init.normal(Tensor.zeros(OUT, IN), 5, 0.5).toFloatArray();
    assertThat(mean(n)).isCloseTo(5, within(0.01));
    assertThat(std(n)).isCloseTo(0.5, withinPercentage(2));
    assertThat(Init.constant(Tensor.zeros(3, 2), 0.25).toFloatArray()).containsOnly(0.25f);
    assertThat(Init.ones(Tensor.zeros(3)).toFloatArray()).containsOnly(1f);
    assertThat(Init.zeros(Tensor.ones(3)).toFloatArray()).containsOnly(0f);
  }

  @Test
  void worksInPlaceOnParametersAndViews() {
    Parameter p = new Parameter(Tensor.zeros(4, 6));
    Tensor returned = Init.kaimingUniform(p);
    assertThat(returned).isSameAs(p);
    assertThat(p.requiresGrad()).isTrue();
    assertThat(maxAbs(p.toFloatArray())).isGreaterThan(0f);
    Tensor base = Tensor.zeros(4, 6);
    Init.ones(base.narrow(1, 2, 2));
    assertThat(base.sum().item()).isEqualTo(8f);
  }

  @Test
  void seededGeneratorsAndManualSeedRepeat() {
    float[] a = Init.normal(Tensor.zeros(50), 0, 1, new Generator(9)).toFloatArray();
    float[] b = Init.normal(Tensor.zeros(50), 0, 1, new Generator(9)).toFloatArray();
    assertThat(b).containsExactly(a);
    Shinso.manualSeed(77);
    float[] c = Init.xavierUniform(Tensor.zeros(5, 10)).toFloatArray();
    Shinso.manualSeed(77);
    assertThat(Init.xavierUniform(Tensor.zeros(5, 10)).toFloatArray()).containsExactly(c);
  }

  static double mean(float[] v) {
    double s = 0;
    for (float x : v) s += x;
    return s / v.length;
  }

  static double std(float[] v) {
    double m = mean(v), s = 0;
    for (float x : v) s += (x - m) * (x - m);
    return Math.sqrt(s / (v.length - 1));
  }

  static float maxAbs(float[] v) {
    float m = 0;
    for (float x : v) m = Math.max(m, Math.abs(x));
    return m;
  }

  private static float min(float[] v) {
    float m = Float.POSITIVE_INFINITY;
    for (float x : v) m = Math.min(m, x);
    return m;
  }

  private static float max(float[] v) {
    float m = Float.NEGATIVE_INFINITY;
    for (float x : v) m = Math.max(m, x);
    return m;
  }
}
