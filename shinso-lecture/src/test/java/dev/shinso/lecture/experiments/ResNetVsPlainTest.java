package dev.shinso.lecture.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.Shinso;
import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.nn.BasicBlock;
import dev.shinso.tensor.Tensor;
import dev.shinso.testing.RealData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResNetVsPlainTest {
  private static Report report;

  @BeforeAll
  static void runQuick() throws Exception {
    report = new ResNetVsPlain().run(Settings.quick(RealData.fashionMnistDir()));
  }

  @Test
  void theResidualNetEndsWithTheLowerTrainingLossWithBatchNorm() {
    assertThat(report.metric("residual_bn_final_loss")).isLessThan(report.metric("plain_bn_final_loss") - 0.1);
  }

  @Test
  void theResidualNetEndsWithTheLowerTrainingLossWithoutBatchNorm() {
    assertThat(report.metric("residual_final_loss")).isLessThan(report.metric("plain_final_loss") - 0.1);
  }

  @Test
  void theNetsAreDeep() {
    assertThat(report.metric("conv_layers")).isGreaterThanOrEqualTo(13);
    assertThat(report.figures().getFirst().series()).hasSize(4);
  }

  @Test
  void aConvBlockWithBatchNormAndShortcutIsTheBasicBlock() {
    Shinso.manualSeed(3);
    BasicBlock basic = new BasicBlock(4, 4, 1);
    ConvBlock block = new ConvBlock(4, true, true);
    block.loadStateDict(basic.stateDict(), true);
    Tensor x = Tensor.randn(2, 4, 5, 5);
    assertThat(block.forward(x).toFloatArray()).containsExactly(basic.forward(x).toFloatArray());
  }

  @Test
  void aPlainBlockHasTheSameLayersAsTheResidualOne() {
    assertThat(new ConvBlock(4, false, false).stateDict().keySet())
        .isEqualTo(new ConvBlock(4, false, true).stateDict().keySet());
    assertThat(new ConvBlock(4, true, false).stateDict().keySet()).isEqualTo(new BasicBlock(4, 4, 1).stateDict().keySet());
  }
}
