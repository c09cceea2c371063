package dev.shinso.optim.lr;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.optim.Optimizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialLRTest {
  @Test
  void warmUpThenCosineMatchesPyTorch() {
    ScheduleReference.assertMatches("warmup_then_cosine",
        o -> new SequentialLR(o, List.of(new LinearLR(o, 0.1, 1.0, 5), new CosineAnnealingLR(o, 25)), 5));
  }

  @Test
  void milestonesMustFitTheSchedules() {
    Optimizer o = ScheduleReference.optimizer();
    List<LRScheduler> two = List.of(new LinearLR(o), new StepLR(o, 3));
    assertThatThrownBy(() -> new SequentialLR(o, two))
        .hasMessage("SequentialLR: 2 schedules need 1 milestones, got 0");
    assertThatThrownBy(() -> new SequentialLR(ScheduleReference.optimizer(), two, 4))
        .hasMessage("SequentialLR: schedule 0 belongs to another optimiser");
    List<LRScheduler> three = List.of(new LinearLR(o), new StepLR(o, 3), new StepLR(o, 2));
    assertThatThrownBy(() -> new SequentialLR(o, three, 5, 5))
        .hasMessage("SequentialLR: milestones must be positive and increasing, got [5, 5]");
  }
}
