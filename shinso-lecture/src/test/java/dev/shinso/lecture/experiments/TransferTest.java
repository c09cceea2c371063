package dev.shinso.lecture.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.testing.RealData;
import org.junit.jupiter.api.Test;

class TransferTest {
  @Test
  void preTrainedFeaturesBeatTrainingFromScratchOnHundredImages() throws Exception {
    Report r = new Transfer().run(Settings.quick(RealData.fashionMnistDir()));

    // The claim, on the mean over the draws of 100 labelled images: both fine-tuned variants beat scratch.
    assertThat(r.metric("margin_all")).isPositive();
    assertThat(r.metric("margin_frozen")).isPositive();
    assertThat(r.metric("margin_all")).isEqualTo(r.metric("acc_finetune_all") - r.metric("acc_scratch"));
    // 100 images of 5 new classes: every variant is far above the 20% of chance.
    assertThat(r.metric("acc_scratch")).isGreaterThan(0.7);
    // Pre-training learnt classes 0-4 (chance: 0.2).
    assertThat(r.metric("pretrain_train_acc")).isGreaterThan(0.7);
    // requiresGrad(false) and an optimiser without them: the frozen convolutions did not move at all.
    assertThat(r.metric("frozen_body_change")).isZero();
    assertThat(r.figures().get(0).series()).hasSize(3);
  }
}
