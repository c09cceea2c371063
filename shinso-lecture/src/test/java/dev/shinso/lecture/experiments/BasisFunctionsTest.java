package dev.shinso.lecture.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BasisFunctionsTest {
  private static Report report;

  @BeforeAll
  static void run() {
    report = new BasisFunctions().run(Settings.quick(null));
  }

  @Test
  void highDegreeInterpolatesTheNoiseAndFailsOffThePoints() {
    assertThat(report.metric("train_mse_high")).isLessThan(1e-10);
    assertThat(report.metric("test_mse_high")).isGreaterThan(100 * report.metric("best_poly_test_mse"));
  }

  @Test
  void degreeOneUnderfits() {
    double noise = report.metric("noise_variance");
    assertThat(report.metric("train_mse_d1")).isGreaterThan(3 * noise);
    assertThat(report.metric("test_mse_d1")).isGreaterThan(5 * report.metric("best_poly_test_mse"));
  }

  @Test
  void moderateDegreeFitsTheCurveNotTheNoise() {
    assertThat(report.metric("best_poly_test_mse")).isLessThan(0.5 * report.metric("noise_variance"));
  }

  @Test
  void adaptiveBasisMatchesThePolynomialOfTheSameSize() {
    assertThat(report.metric("net_test_mse")).isLessThan(1.5 * report.metric("poly_same_size_test_mse"));
    assertThat(report.metric("net_train_mse")).isLessThan(2 * report.metric("noise_variance"));
  }

  @Test
  void trainingMovesTheBasisFunctions() {
    assertThat(report.metric("basis_change_rms")).isGreaterThan(0.1);
  }

  @Test
  void plotsTheFitsAndTheBasisBeforeAndAfter() {
    assertThat(report.figures()).extracting(f -> f.id()).contains("fits", "basis-before", "basis-after");
    assertThat(report.figures().stream().filter(f -> f.id().equals("basis-after")).findFirst().orElseThrow().series())
        .hasSize(BasisFunctions.HIDDEN);
  }

  @Test
  void leastSquaresRecoversAnExactPolynomial() {
    double[][] a = new double[6][3];
    double[] y = new double[6];
    for (int i = 0; i < 6; i++) {
      double s = i - 2.5;
      a[i] = new double[] {1, s, s * s};
      y[i] = 2 - 3 * s + 0.5 * s * s;
    }
    assertThat(LeastSquares.solve(a, y)).containsExactly(new double[] {2, -3, 0.5}, org.assertj.core.data.Offset.offset(1e-12));
  }
}
