package dev.shinso.optim.lr;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LinearLRTest {
  @Test
  void warmUpMatchesPyTorch() {
    ScheduleReference.assertMatches("linear_warmup", o -> new LinearLR(o, 0.1, 1.0, 10));
  }

  @Test
  void defaultsAndDecayMatchPyTorch() {
    ScheduleReference.assertMatches("linear_default", LinearLR::new);
    ScheduleReference.assertMatches("linear_decay", o -> new LinearLR(o, 1.0, 0.2, 25));
  }

  @Test
  void rejectsFactorsOutsidePyTorchsRanges() {
    assertThatThrownBy(() -> new LinearLR(ScheduleReference.optimizer(), 0, 1, 5))
        .hasMessage("LinearLR: startFactor must be in (0, 1], got 0.0");
    assertThatThrownBy(() -> new LinearLR(ScheduleReference.optimizer(), 0.5, 1.5, 5))
        .hasMessage("LinearLR: endFactor must be in [0, 1], got 1.5");
  }
}
