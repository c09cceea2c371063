package dev.shinso.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProgressTest {
  record Shown(String text, String id, boolean update) {}

  private final List<Shown> shown = new ArrayList<>();
  private Frontend saved;

  @BeforeEach
  void record() {
    saved = Display.attach((value, id, update) -> shown.add(new Shown(String.valueOf(value), id, update)));
  }

  @AfterEach
  void restore() {
    Display.attach(saved);
  }

  @Test
  void oneDisplayIsCreatedAndThenUpdatedInPlaceNotALinePerStep() {
    try (Progress p = Progress.start("epochs", 1000)) {
      for (int i = 0; i < 1000; i++) p.step("loss " + i);
    }
    assertThat(shown.getFirst().update()).isFalse();
    assertThat(shown.getFirst().text()).startsWith("epochs ░░░░").contains(" 0/1000");
    assertThat(shown.subList(1, shown.size())).allMatch(Shown::update);
    assertThat(shown).extracting(Shown::id).containsOnly(shown.getFirst().id()).doesNotContainNull();
    // a thousand fast steps: the last step and close, not a thousand updates
    assertThat(shown.size()).isLessThan(10);
    assertThat(shown.getLast().text()).startsWith("epochs " + "█".repeat(24) + " 1000/1000  loss 999  (");
  }

  @Test
  void twoProgressLinesHaveTheirOwnDisplays() {
    Progress a = Progress.start("a", 2), b = Progress.start("b", 2);
    assertThat(shown.get(0).id()).isNotEqualTo(shown.get(1).id());
    a.close();
    b.close();
  }

  @Test
  void anInterruptedCellStopsAtItsNextUpdate() {
    Progress p = Progress.start("steps", 10);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> p.step("x")).isInstanceOf(CancellationException.class).hasMessageContaining("steps");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aTrainerListenerReportsTheEpochsSteps() {
    Progress p = Progress.start("epoch 1", 4);
    p.listener().onStep(4, 4, 0.25, 0.9, 256, 2.0);
    assertThat(shown.getLast().text()).contains("4/4  loss 0.2500  accuracy 0.900  128 img/s");
  }

  @Test
  void totalMustBePositive() {
    assertThatThrownBy(() -> Progress.start("none", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Progress 'none': total must be positive, got 0");
  }
}
