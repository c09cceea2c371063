package dev.shinso.lecture.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.testing.RealData;
import org.junit.jupiter.api.Test;

/**
 * The claim's margin (fine-tuned beats scratch clearly) did not hold robustly across seeds at this
 * scale (see the experiment's note), so it is reported, not asserted; what is asserted is what held.
 */
class TransferTest {
  @Test
  void allVariantsLearnTheNewClassesAndFrozenConvolutionsStayPut() throws Exception {
    Report r = new Transfer().run(Settings.quick(RealData.fashionMnistDir()));

    // 100 images of 5 new classes: every variant is far above the 20% of chance.
    for (String k : new String[] {"acc_scratch", "acc_finetune_all", "acc_finetune_head"}) {
      assertThat(r.metric(k)).as(k).isGreaterThan(0.7);
    }
    // Pre-training learnt something on classes 0-4 (chance: 0.2).
    assertThat(r.metric("pretrain_train_acc")).isGreaterThan(0.5);
    // requiresGrad(false) and a head-only optimiser: the convolutions did not move at all.
    assertThat(r.metric("frozen_body_change")).isZero();
    assertThat(r.metric("margin_all")).isEqualTo(r.metric("acc_finetune_all") - r.metric("acc_scratch"));
    assertThat(r.figures().get(0).series()).hasSize(3);
  }
}
