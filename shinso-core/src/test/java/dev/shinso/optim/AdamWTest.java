package dev.shinso.optim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdamWTest {
  private static final OptimReference REF = OptimReference.read("optim_adam.json");

  @Test
  void matchesPyTorchWithItsDefaultWeightDecay() {
    REF.assertMatches("adamw", ps -> new AdamW(ps, 0.01));
  }

  @Test
  void weightDecayAndAmsgradMatchPyTorch() {
    REF.assertMatches("adamw_weight_decay_amsgrad",
        ps -> new AdamW(ps, 0.05).betas(0.9, 0.5).weightDecay(0.5).amsgrad(true));
  }

  @Test
  void defaultsArePyTorchs() {
    AdamW adamw = new AdamW(REF.parameters());
    assertThat(adamw.defaults()).isEqualTo(new Adam.Options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false));
    assertThat(adamw.toString()).startsWith("AdamW (\nParameter Group 0\n    lr: 0.001\n    betas: [0.9, 0.999]\n");
  }
}
