package dev.shinso.lecture.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.testing.RealData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WeightSharingTest {
  private static Report report;

  @BeforeAll
  static void runQuick() throws Exception {
    report = new WeightSharing().run(Settings.quick(RealData.fashionMnistDir()));
  }

  @Test
  void theCnnHasFarFewerParametersThanTheMlp() {
    assertThat(report.metric("cnn_params")).isEqualTo(20490);
    assertThat(report.metric("mlp_params")).isEqualTo(235146);
    assertThat(report.metric("cnn_params")).isLessThan(report.metric("mlp_params") / 10);
  }

  @Test
  void theCnnReachesTheHigherTestAccuracy() {
    assertThat(report.metric("cnn_test_acc")).isGreaterThan(report.metric("mlp_test_acc"));
    assertThat(report.metric("cnn_test_acc")).isGreaterThan(0.7);
  }

  @Test
  void theMlpMemorisesASmallTrainingSet() {
    assertThat(report.metric("memorise_train_acc")).isEqualTo(1.0);
    assertThat(report.metric("memorise_test_acc")).isLessThan(report.metric("memorise_train_acc") - 0.15);
  }

  @Test
  void figuresHaveOnePointPerEpoch() {
    assertThat(report.figures()).extracting(f -> f.id()).containsExactly("test-accuracy", "memorise");
    assertThat(report.figures().get(0).series()).allSatisfy(s -> assertThat(s.x()).hasSize(WeightSharing.QUICK.epochs()));
    assertThat(report.figures().get(1).series()).allSatisfy(s -> assertThat(s.x()).hasSize(WeightSharing.QUICK.memoriseEpochs()));
  }
}
