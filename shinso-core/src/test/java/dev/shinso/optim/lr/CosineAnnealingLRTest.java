package dev.shinso.optim.lr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shinso.optim.Optimizer;
import org.junit.jupiter.api.Test;

class CosineAnnealingLRTest {
  /** T_max 20 within 30 steps: past T_max the lr rises again, as PyTorch's does. */
  @Test
  void matchesPyTorch() {
    ScheduleReference.assertMatches("cosine", o -> new CosineAnnealingLR(o, 20, 0.001));
    ScheduleReference.assertMatches("cosine_to_zero", o -> new CosineAnnealingLR(o, 30));
  }

  @Test
  void reachesEtaMinAtTMax() {
    Optimizer o = ScheduleReference.optimizer();
    CosineAnnealingLR cosine = new CosineAnnealingLR(o, 4, 0.01);
    for (int i = 0; i < 4; i++) cosine.step();
    assertThat(cosine.lastLr()).containsExactly(new double[] {0.01, 0.01}, within(1e-15));
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> new CosineAnnealingLR(ScheduleReference.optimizer(), 0))
        .hasMessage("CosineAnnealingLR: tMax must be >= 1, got 0");
  }
}
