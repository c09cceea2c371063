package dev.shinso.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shinso.Shinso;
import dev.shinso.data.DataLoader;
import dev.shinso.data.TensorDataset;
import dev.shinso.nn.Linear;
import dev.shinso.optim.SGD;
import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** With plain SGD at lr 1 over one batch, a step moves the weights by exactly the (clipped) gradient. */
class TrainerClipTest {
  @Test
  void aClippedStepMovesTheWeightsByAtMostMaxNorm() {
    double unclipped = stepLength(Double.POSITIVE_INFINITY);
    assertThat(unclipped).isGreaterThan(0.5);
    assertThat(stepLength(0.25)).isCloseTo(0.25, within(1e-5));
    assertThat(stepLength(10 * unclipped)).isCloseTo(unclipped, within(1e-6));
  }

  @Test
  void maxNormMustBePositive() {
    Trainer t = trainer();
    assertThatThrownBy(() -> t.clipGradNorm(0)).hasMessageContaining("clipGradNorm").hasMessageContaining("0.0");
    assertThatThrownBy(() -> t.clipGradNorm(Double.NaN)).hasMessageContaining("clipGradNorm");
  }

  /** The 2-norm of the change of all parameters after one epoch of one batch. */
  private static double stepLength(double maxNorm) {
    Trainer t = trainer();
    if (maxNorm < Double.POSITIVE_INFINITY) t.clipGradNorm(maxNorm);
    float[] before = flat(t);
    t.trainEpoch(0, null);
    float[] after = flat(t);
    double sum = 0;
    for (int i = 0; i < before.length; i++) sum += (double) (after[i] - before[i]) * (after[i] - before[i]);
    return Math.sqrt(sum);
  }

  private static Trainer trainer() {
    Shinso.manualSeed(4);
    Linear model = new Linear(6, 3);
    TensorDataset data = new TensorDataset(Tensor.randn(8, 6).mul(3f), Tensor.wrap(new long[] {0, 1, 2, 0, 1, 2, 0, 1}, 8));
    DataLoader loader = DataLoader.builder(data).batchSize(8).build();
    return new Trainer(model, new SGD(model.parameters(), 1), null, loader);
  }

  private static float[] flat(Trainer t) {
    return Tensor.cat(t.model().parameters().stream().map(p -> p.detach().reshape(-1)).toList(), 0).toFloatArray();
  }

  @Test
  void emptyDataIsAnErrorNotLossZero() {
    Linear model = new Linear(6, 3);
    TensorDataset empty = new TensorDataset(Tensor.zeros(0, 6), Tensor.wrap(new long[0], 0));
    Trainer t = new Trainer(model, new SGD(model.parameters(), 1), null, DataLoader.builder(empty).batchSize(8).build());
    assertThatThrownBy(() -> t.trainEpoch(0, null)).hasMessageContaining("gives no batches").hasMessageContaining("size=0");
    assertThatThrownBy(() -> Trainer.evaluate(model, empty, 8)).hasMessage("evaluate: the data set is empty");
    TensorDataset three = new TensorDataset(Tensor.zeros(3, 6), Tensor.wrap(new long[3], 3));
    Trainer dropped = new Trainer(model, new SGD(model.parameters(), 1), null,
        DataLoader.builder(three).batchSize(8).dropLast(true).build());
    assertThatThrownBy(() -> dropped.trainEpoch(0, null)).hasMessageContaining("dropLast=true");
  }

  @Test
  void aLossThatIsNotFiniteStopsTrainingNamingTheEpochAndSteps() {
    Trainer t = trainer().logEvery(1);
    try (var g = dev.shinso.autograd.NoGrad.enter()) {
      t.model().parameters().getFirst().fill_(Float.NaN);
    }
    assertThatThrownBy(() -> t.trainEpoch(0, (step, n, loss, acc, images, seconds) -> {}))
        .isInstanceOf(IllegalStateException.class).hasMessage("training diverged: the mean loss of epoch 1, steps 1–1, is NaN");
  }
}
