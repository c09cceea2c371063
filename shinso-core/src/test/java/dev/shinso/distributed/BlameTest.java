package dev.shinso.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.distributed.Notice.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlameTest {
  @Test
  void theRankWaitedOnThatReportedNothingIsTheCulprit() {
    // Ring 0 → 1 → 2 → 3 → 0 with rank 1 silent: 2 waited on 1, 3 on 2, 0 on 3.
    Notice from2 = new Notice(2, Kind.SENT_NOTHING, 1, 0), from3 = new Notice(3, Kind.SENT_NOTHING, 2, 0);
    Notice from0 = new Notice(0, Kind.SENT_NOTHING, 3, 0);
    List<Notice> all = List.of(from2, from3, from0);
    for (Notice own : all) assertThat(Blame.culprit(own, all).subject()).isEqualTo(1);
  }

  @Test
  void aClosedConnectionOutranksAnInferredWait() {
    // Rank 0 has heard that 3 closed, and waits on 4, which has not reported yet.
    Notice own = new Notice(0, Kind.SENT_NOTHING, 4, 0);
    Notice closed = new Notice(2, Kind.CLOSED, 3, 0);
    assertThat(Blame.culprit(own, List.of(own, closed)).subject()).isEqualTo(3);
  }

  @Test
  void withNoOtherReportARankBlamesWhomItWaitedOn() {
    Notice own = new Notice(1, Kind.SENT_NOTHING, 0, 0);
    assertThat(Blame.culprit(own, List.of(own))).isSameAs(own);
  }
}
