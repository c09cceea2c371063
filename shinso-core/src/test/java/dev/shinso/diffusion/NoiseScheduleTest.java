package dev.shinso.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NoiseScheduleTest {
  @Test
  void linearRunsFromTheDdpmPapersBetas() {
    NoiseSchedule s = NoiseSchedule.of("linear", 1000);
    assertThat(s.betas()[0]).isEqualTo(1e-4, within(1e-12));
    assertThat(s.betas()[999]).isEqualTo(0.02, within(1e-12));
    assertThat(s.alphaBar(0)).isEqualTo(1 - 1e-4, within(1e-12));
    assertThat(s.alphaBar(-1)).isEqualTo(1.0);
    assertThat(s.alphaBar(999)).isLessThan(1e-4);  // x_T is (almost) pure noise
  }

  @Test
  void cosineFallsMonotonicallyToNoise() {
    NoiseSchedule s = NoiseSchedule.of("cosine", 1000);
    for (int t = 1; t < 1000; t++) assertThat(s.alphaBar(t)).isLessThan(s.alphaBar(t - 1));
    assertThat(s.alphaBar(999)).isLessThan(1e-4);
    assertThat(s.alphaBar(499)).isGreaterThan(NoiseSchedule.of("linear", 1000).alphaBar(499));  // gentler mid-way
  }

  @Test
  void samplerVisitsEvenlySpacedSteps() {
    assertThat(Ddpm.timesteps(1000, 5)).containsExactly(999, 749, 500, 250, 0);
    assertThat(Ddpm.timesteps(4, 4)).containsExactly(3, 2, 1, 0);
    assertThatThrownBy(() -> NoiseSchedule.of("quadratic", 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("linear, cosine");
  }
}
