package dev.shinso.lecture.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import java.util.List;
import org.junit.jupiter.api.Test;

class NeuronTest {
  private final Report report = new Neuron().run(Settings.quick(null));

  @Test
  void theLecturesNeuronsComputeAndOrNandWithBiasConvention() {
    assertThat(report.metric("and-accuracy")).isEqualTo(1.0);
    assertThat(report.metric("or-accuracy")).isEqualTo(1.0);
    assertThat(report.metric("nand-accuracy")).isEqualTo(1.0);
    assertThat(report.tables().get(0).rows()).containsExactly(
        List.of("0", "0", "0", "0", "1"),
        List.of("0", "1", "0", "1", "1"),
        List.of("1", "0", "0", "1", "1"),
        List.of("1", "1", "1", "1", "0"));
  }

  @Test
  void theSlidesNumbersTakenLiterallyInOneConventionFailSomeGate() {
    // As biases, AND (b = +1.5) fires on every input and OR (b = +0.5) on (0,0) too.
    assertThat(report.metric("and-literal-bias-accuracy")).isEqualTo(0.25);
    assertThat(report.metric("or-literal-bias-accuracy")).isEqualTo(0.75);
    assertThat(report.metric("nand-literal-bias-accuracy")).isEqualTo(1.0);
    // As thresholds, NAND (H(−x1 − x2 − 1.5)) never fires, so it is right only on (1,1).
    assertThat(report.metric("and-literal-threshold-accuracy")).isEqualTo(1.0);
    assertThat(report.metric("or-literal-threshold-accuracy")).isEqualTo(1.0);
    assertThat(report.metric("nand-literal-threshold-accuracy")).isEqualTo(0.25);
    assertThat(report.notes()).anyMatch(n -> n.contains("H(w·x + b)") && n.contains("b = −1.5"));
  }

  @Test
  void figuresShowEachGatesPointsAndDecisionLine() {
    assertThat(report.figures()).extracting(f -> f.id()).containsExactly("and", "or", "nand");
    var and = report.figures().get(0);
    assertThat(and.series().get(0).x()).containsExactly(1.0); // only (1,1) is on
    // The AND line x1 + x2 − 1.5 = 0 passes through (−0.5, 2) and (1.5, 0).
    assertThat(and.series().get(2).y()).containsExactly(2.0, 0.0);
  }
}
