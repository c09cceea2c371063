package dev.shinso.lecture.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.testing.RealData;
import org.junit.jupiter.api.Test;

class OptimizersTest {
  @Test
  void momentumAndAdamBeatSgdBatchOneIsNoisyAndWeightDecayIsL2() throws Exception {
    Report r = new Optimizers().run(Settings.quick(RealData.fashionMnistDir()));

    assertThat(r.metric("loss_momentum")).isLessThan(r.metric("loss_sgd"));
    assertThat(r.metric("loss_adam")).isLessThan(r.metric("loss_sgd"));
    // The loss did go down from ln 10 ≈ 2.3 for every optimiser.
    for (String k : new String[] {"gd", "sgd", "sgd1", "momentum", "adam"}) assertThat(r.metric("loss_" + k)).isLessThan(2.0);

    assertThat(r.metric("steps_per_epoch_sgd1")).isGreaterThan(r.metric("steps_per_epoch_sgd"));
    assertThat(r.metric("steps_per_epoch_gd")).isEqualTo(1);
    assertThat(r.metric("noise_sgd1")).isGreaterThan(r.metric("noise_sgd"));
    assertThat(r.metric("noise_sgd1")).isGreaterThan(r.metric("noise_gd"));

    assertThat(r.metric("wd_l2_max_diff")).isLessThan(1e-5);
    // ... while the decay itself moved the weights by far more than that.
    assertThat(r.metric("wd_effect")).isGreaterThan(1e-4);
    assertThat(r.figures()).hasSize(2);
    assertThat(r.figures().get(0).series()).hasSize(5);
  }
}
