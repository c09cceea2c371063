package dev.shinso.lecture.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KaimingTest {
  private static Report report;

  @BeforeAll
  static void run() {
    report = new Kaiming().run(Settings.quick(null));
  }

  @Test
  void kaimingNormalKeepsTheVarianceWithinAFactorTwoOverFiftyLayers() {
    assertThat(report.metric("kaiming-normal-ratio")).isBetween(0.5, 2.0);
  }

  @Test
  void theUniformSchemeOfTheSameVarianceBehavesLikeKaiming() {
    assertThat(report.metric("kaiming-uniform-ratio")).isBetween(0.5, 2.0);
  }

  @Test
  void standardNormalWeightsMakeTheVarianceExplodeUntilFloat32Overflows() {
    assertThat(report.metric("normal-1-ratio")).isGreaterThan(1e3);
    // The growth is real before the overflow: a finite variance already far above layer 1's.
    assertThat(report.metric("normal-1-ratio-last-finite")).isGreaterThan(1e3);
    assertThat(report.metric("normal-1-last-finite-layer")).isLessThan(Kaiming.LAYERS);
  }

  @Test
  void weightsOfVarianceOneOverDMakeTheVarianceVanish() {
    assertThat(report.metric("normal-1-over-d-ratio")).isLessThan(1e-3).isGreaterThan(0);
  }
}
