package dev.shinso.lecture.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.lecture.experiments.LogicGates.Gate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PerceptronTest {
  private final Report report = new Perceptron().run(Settings.quick(null));

  @Test
  void learnsAndOrNandWithinAFewEpochs() {
    for (String g : new String[] {"and", "or", "nand"}) {
      assertThat(report.metric(g + "-epochs-to-100")).as(g).isBetween(1.0, 10.0);
    }
  }

  @Test
  void neverLearnsXorAndItsWeightsCycle() {
    assertThat(report.metric("xor-best-accuracy")).isLessThanOrEqualTo(0.75);
    assertThat(report.metric("xor-min-mistakes-per-epoch")).isGreaterThan(0);
    assertThat(report.metric("xor-weights-repeat")).isEqualTo(1.0);
    assertThat(report.metric("xor-weights-period")).isGreaterThanOrEqualTo(1.0);
    assertThat(report.metric("xor-cycle-distinct-weights")).isGreaterThan(1.0);
  }

  @Test
  void xorWeightsRepeatExactlyEveryPeriod() {
    Perceptron.Run xor = Perceptron.train(Gate.XOR, 50, 1.0);
    int[] cycle = xor.cycle();
    assertThat(cycle).isNotNull();
    for (int e = cycle[0]; e + cycle[1] <= 50; e++) {
      assertThat(xor.weights()[e + cycle[1]]).as("epoch %d", e + cycle[1]).containsExactly(xor.weights()[e]);
    }
    assertThat(Arrays.stream(xor.accuracy()).max().orElseThrow()).isLessThan(1.0);
  }

  @Test
  void xorComposedFromOrNandAndIsRightEverywhere() {
    assertThat(report.metric("composed-xor-accuracy")).isEqualTo(1.0);
    assertThat(report.metric("composed-xor-learned-accuracy")).isEqualTo(1.0);
  }

  @Test
  void figuresPlotXorWeightsAndEveryGatesAccuracy() {
    assertThat(report.figures()).extracting(f -> f.id()).containsExactly("xor-weights", "accuracy");
    assertThat(report.figures().get(1).series()).extracting(s -> s.name()).containsExactly("AND", "OR", "NAND", "XOR");
  }
}
