package dev.shinso.lecture.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UniversalApproximationTest {
  private static Report report;

  @BeforeAll
  static void run() {
    report = new UniversalApproximation().run(Settings.quick(null));
  }

  @Test
  void constructedErrorFallsWithEveryDoublingOfSteps() {
    assertThat(report.metric("constructed_error_increases")).isZero();
    assertThat(report.metric("constructed_error_ratio")).isLessThan(0.25);
    // max|f'|/2M: the error roughly halves from 32 to 64 steps
    assertThat(report.metric("constructed_max_error_m64") / report.metric("constructed_max_error_m32"))
        .isBetween(0.4, 0.6);
  }

  @Test
  void trainedNetWithMostUnitsIsClose() {
    double largest = report.metric("trained_max_error_largest");
    assertThat(largest).isLessThan(0.05 * report.metric("target_range"));
    assertThat(largest).isLessThan(0.25 * report.metric("trained_max_error_h2"));
    // 16 trained units beat the 8-step staircase built from the same 16 units
    assertThat(largest).isLessThan(report.metric("constructed_max_error_m8"));
  }

  @Test
  void staircaseNetIsTheSumOfItsSteps() {
    SigmoidNet net = UniversalApproximation.staircase(4);
    double[] x = {0.05, 0.3, 0.6, 0.95};
    double[] y = net.predict(x);
    for (int i = 0; i < x.length; i++) {
      int step = (int) (x[i] * 4);
      assertThat(y[i]).isCloseTo(UniversalApproximation.target((step + 0.5) / 4), within(1e-4));
    }
  }
}
