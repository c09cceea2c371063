package dev.shinso.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.Shinso;
import dev.shinso.data.TensorDataset;
import dev.shinso.nn.Linear;
import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Evaluating a model is free of side effects on the random stream a training run draws from. */
class TrainerEvaluateTest {
  @Test
  void evaluateDrawsNothingFromTheDefaultGenerator() {
    Shinso.manualSeed(5);
    Linear model = new Linear(4, 2);
    TensorDataset data = new TensorDataset(Tensor.randn(6, 4), Tensor.wrap(new long[] {0, 1, 0, 1, 0, 1}, 6));
    Shinso.manualSeed(9);
    long untouched = Shinso.defaultGenerator().nextLong();
    Shinso.manualSeed(9);
    Trainer.evaluate(model, data, 4);
    assertThat(Shinso.defaultGenerator().nextLong()).isEqualTo(untouched);
  }
}
