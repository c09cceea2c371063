package dev.shinso.lecture.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.testing.RealData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DepthTest {
  private static Report report;

  @BeforeAll
  static void run() throws Exception {
    report = new Depth().run(Settings.quick(RealData.fashionMnistDir()));
  }

  @Test
  void theSigmoidNetsFirstLayerGetsOrdersOfMagnitudeLessGradientThanItsLast() {
    assertThat(report.metric("sigmoid-first-over-last")).isLessThan(1e-2).isGreaterThan(0);
  }

  @Test
  void reluWithKaimingInitKeepsTheGradientWithinAModestFactor() {
    assertThat(report.metric("relu-kaiming-first-over-last")).isBetween(0.1, 10.0);
  }

  @Test
  void bothNetsHaveNonZeroFiniteGradientsAtTheOutput() {
    // The contrast is at the input side, not a broken backward pass: the last layers' gradients are comparable.
    double ratio = report.metric("sigmoid-last") / report.metric("relu-kaiming-last");
    assertThat(ratio).isBetween(0.01, 100.0);
  }
}
