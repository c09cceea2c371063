package dev.shinso.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shinso.tensor.Generator;
import org.junit.jupiter.api.Test;

class SamplingTest {
  private static final float[] LOGITS = {1f, 3f, 2f, 0f};

  @Test
  void temperatureZeroIsArgmax() {
    assertThat(Sampling.sample(LOGITS, 0, 0, new Generator(1))).isEqualTo(1);
  }

  @Test
  void frequenciesFollowTheTemperedSoftmax() {
    Generator g = new Generator(5);
    int n = 20000;
    int[] counts = new int[4];
    for (int i = 0; i < n; i++) counts[Sampling.sample(LOGITS, 0.5, 0, g)]++;
    double[] p = Sampling.probabilities(LOGITS, 0.5, 0);
    double z = 0;
    for (float l : LOGITS) z += Math.exp(l / 0.5);
    for (int i = 0; i < 4; i++) {
      assertThat(p[i]).isCloseTo(Math.exp(LOGITS[i] / 0.5) / z, within(1e-9));
      assertThat(counts[i] / (double) n).as("token %d", i).isCloseTo(p[i], within(0.015));
    }
  }

  @Test
  void topKNeverDrawsOutsideTheKBest() {
    Generator g = new Generator(9);
    for (int i = 0; i < 2000; i++) assertThat(Sampling.sample(LOGITS, 5.0, 2, g)).isIn(1, 2);
    assertThat(Sampling.probabilities(LOGITS, 1, 2)[0]).isZero();
    assertThat(Sampling.probabilities(LOGITS, 1, 2)[1] + Sampling.probabilities(LOGITS, 1, 2)[2])
        .isCloseTo(1, within(1e-12));
  }

  @Test
  void badTemperatureIsAnError() {
    assertThatThrownBy(() -> Sampling.sample(LOGITS, -1, 0, new Generator(1))).hasMessageContaining("temperature");
    for (double t : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> Sampling.probabilities(LOGITS, t, 0)).hasMessageContaining("probabilities: temperature");
    }
  }

  /** Temperature 0 is greedy in both: sample returns the argmax, probabilities puts all the mass there. */
  @Test
  void zeroTemperatureIsTheArgmaxInBoth() {
    double[] p = Sampling.probabilities(LOGITS, 0, 0);
    int best = Sampling.sample(LOGITS, 0, 0, new Generator(2));
    assertThat(p[best]).isEqualTo(1.0);
    assertThat(java.util.Arrays.stream(p).sum()).isEqualTo(1.0);
  }
}
