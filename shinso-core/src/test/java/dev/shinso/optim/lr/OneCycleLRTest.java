package dev.shinso.optim.lr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.optim.Optimizer;
import dev.shinso.optim.lr.OneCycleLR.AnnealStrategy;
import org.junit.jupiter.api.Test;

class OneCycleLRTest {
  @Test
  void cosineMatchesPyTorch() {
    ScheduleReference.assertMatches("one_cycle_cos", o -> new OneCycleLR(o, 1.0, 30));
  }

  @Test
  void linearAndThreePhaseMatchPyTorch() {
    ScheduleReference.assertMatches("one_cycle_linear",
        o -> new OneCycleLR(o, 0.5, 30, 0.25, AnnealStrategy.LINEAR, 10, 100, false));
    ScheduleReference.assertMatches("one_cycle_three_phase",
        o -> new OneCycleLR(o, 1.0, 30, 0.3, AnnealStrategy.COS, 25, 1e4, true));
  }

  @Test
  void startsFromMaxLrOverDivFactorAndRefusesToStepPastTheEnd() {
    Optimizer o = ScheduleReference.optimizer();
    OneCycleLR cycle = new OneCycleLR(o, 1.0, 3);
    assertThat(o.paramGroups().get(1).initialLr()).isEqualTo(0.04);
    assertThat(cycle.baseLrs()).containsExactly(0.04, 0.04);
    for (int i = 0; i < 3; i++) cycle.step();
    assertThatThrownBy(cycle::step)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("OneCycleLR: tried to step 5 times; the schedule has 3 total steps");
    assertThat(cycle.lastEpoch()).as("a refused step changes nothing").isEqualTo(3);
  }
}
