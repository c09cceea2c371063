package dev.shinso.optim.lr;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StepLRTest {
  @Test
  void matchesPyTorch() {
    ScheduleReference.assertMatches("step_lr", o -> new StepLR(o, 7, 0.5));
    ScheduleReference.assertMatches("step_lr_default_gamma", o -> new StepLR(o, 10));
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> new StepLR(ScheduleReference.optimizer(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("StepLR: stepSize must be >= 1, got 0");
  }
}
