package dev.shinso.lecture.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.Shinso;
import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.lecture.experiments.LogicGates.Gate;
import dev.shinso.nn.MSELoss;
import dev.shinso.nn.Parameter;
import dev.shinso.nn.Sequential;
import org.junit.jupiter.api.Test;

class BackpropXorTest {
  @Test
  void sigmoidNetworkSolvesXorAndStepNetworkGetsZeroGradients() throws Exception {
    Report report = new BackpropXor().run(Settings.quick(null));
    assertThat(report.metric("accuracy")).isEqualTo(1.0);
    assertThat(report.metric("min-margin")).isGreaterThan(0.3); // every output at least 0.3 from 0.5
    assertThat(report.metric("final-loss")).isLessThan(0.01);
    assertThat(report.metric("sigmoid-max-abs-grad")).isGreaterThan(0);
    assertThat(report.metric("step-max-abs-grad")).isEqualTo(0.0);

    var loss = report.figures().get(0).series().get(0).y();
    assertThat(loss[loss.length - 1]).isLessThan(loss[0] / 10);
    var regions = report.figures().get(1);
    assertThat(regions.id()).isEqualTo("decision-regions");
    assertThat(regions.series().get(0).x().length + regions.series().get(1).x().length).isEqualTo(21 * 21);
  }

  @Test
  void everyParameterOfAStepNetworkGetsAnExactlyZeroGradient() {
    Shinso.manualSeed(3);
    Sequential net = BackpropXor.network(false);
    new MSELoss().forward(net.forward(LogicGates.inputs()), Gate.XOR.targetTensor()).backward();
    assertThat(net.parameters()).hasSize(4);
    for (Parameter p : net.parameters()) {
      assertThat(p.grad()).isNotNull();
      for (float g : p.grad().toFloatArray()) assertThat(g).isEqualTo(0f);
    }
  }
}
