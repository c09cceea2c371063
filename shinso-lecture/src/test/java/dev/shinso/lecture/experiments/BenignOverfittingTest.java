package dev.shinso.lecture.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.testing.RealData;
import org.junit.jupiter.api.Test;

class BenignOverfittingTest {
  @Test
  void fitsRandomLabelsYetGeneralises() throws Exception {
    Report r = new BenignOverfitting().run(Settings.quick(RealData.fashionMnistDir()));

    // It memorises the noise: nearly every training label, the randomised ones included.
    assertThat(r.metric("train_acc_noisy")).isGreaterThanOrEqualTo(0.99);
    assertThat(r.metric("memorised_flipped")).isGreaterThanOrEqualTo(0.95);
    // Yet on clean test images it is far above chance (0.1) ...
    assertThat(r.metric("test_acc_noisy")).isGreaterThan(0.6);
    // ... and above "clean accuracy minus the 20% it learnt wrong".
    assertThat(r.metric("test_acc_noisy")).isGreaterThan(0.8 * r.metric("test_acc_clean"));
    assertThat(r.metric("parameters_per_image")).isGreaterThan(100);
  }
}
