package dev.shinso.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.io.Checkpoint;
import dev.shinso.models.Models;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import dev.shinso.testing.RealData;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI-sized DDPM: a tiny conditional U-Net trained for a few epochs on 256 Fashion-MNIST images. The
 * loss must fall from the untrained ≈1 (the net starts by predicting no noise), and both samplers must
 * produce finite images of the right shape from the trained (averaged) weights and from its checkpoint.
 */
class DdpmTrainerTest {
  private static DdpmTrainer trainer;
  private static Ddpm ddpm;
  private static double firstLoss, lastLoss;

  private static Tensor images, labels;

  @BeforeAll
  static void train() throws Exception {
    FashionMnist data = FashionMnist.builder().train(true).root(RealData.fashionMnistDir()).download(false).build();
    images = data.images().narrow(0, 0, 256);
    labels = data.labels().narrow(0, 0, 256);
    ddpm = new Ddpm(NoiseSchedule.of("linear", 100));
    trainer = newTrainer();
    firstLoss = trainer.trainEpoch(0, null).loss();
    for (int e = 1; e < 3; e++) lastLoss = trainer.trainEpoch(e, null).loss();
  }

  private static DdpmTrainer newTrainer() {
    UNet net = new UNet(new UNetConfig(1, 28, 8, new int[] {1, 2}, 4, 10));
    return new DdpmTrainer(net, ddpm, images, labels, new DdpmTrainer.Settings(32, 2e-3, 0.1, 0.9, 7));
  }

  @Test
  void trainingLossFalls() {
    assertThat(firstLoss).isLessThan(1.2);
    assertThat(lastLoss).as("loss after 3 epochs (first epoch %.4f)", firstLoss).isLessThan(0.6).isLessThan(firstLoss);
  }

  @Test
  void bothSamplersMakeFiniteImagesOfTheRightShape() {
    UNet avg = trainer.averagedModel();
    Tensor labels = Tensor.ofLongs(new long[] {0, 7, 9}, 3);
    int[] seen = {0};
    Tensor ddim = ddpm.sample(avg, 3, labels, 2.0, 10, 0, new Generator(1), (s, steps, t, x) -> seen[0]++);
    Tensor ancestral = ddpm.sample(avg, 2, null, 0, 100, 1, new Generator(2), null);
    assertThat(seen[0]).isEqualTo(11);  // x_T and after each of the 10 steps
    assertThat(ddim.shapeArray()).containsExactly(3, 1, 28, 28);
    assertThat(ancestral.shapeArray()).containsExactly(2, 1, 28, 28);
    for (Tensor x : new Tensor[] {ddim, ancestral}) {
      for (float v : x.toFloatArray()) assertThat(v).isFinite().isBetween(-1f, 1f);
    }
  }

  @Test
  void checkpointRebuildsTheSamplerAndRejectsOtherModels(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("ddpm.safetensors");
    trainer.checkpoint(3, Map.of()).save(f);
    DdpmTrainer.Loaded loaded = DdpmTrainer.load(f);
    assertThat(loaded.model().config().numClasses()).isEqualTo(10);
    assertThat(loaded.ddpm().schedule().steps()).isEqualTo(100);
    Tensor a = loaded.ddpm().sample(loaded.model(), 2, null, 0, 5, 0, new Generator(3), null);
    Tensor b = ddpm.sample(trainer.averagedModel(), 2, null, 0, 5, 0, new Generator(3), null);
    assertThat(a.toFloatArray()).containsExactly(b.toFloatArray());

    Path cnn = dir.resolve("cnn.safetensors");
    new Checkpoint(Models.cnn().stateDict(), Map.of(), Map.of(), new long[] {1, 2, 3}, 1, Map.of("model", "cnn")).save(cnn);
    assertThatThrownBy(() -> DdpmTrainer.load(cnn)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'cnn' model").hasMessageContaining("not a diffusion U-Net");
  }

  @Test
  void aResumedRunEndsBitForBitWhereAnUnbrokenOneDoes(@TempDir Path dir) throws Exception {
    DdpmTrainer first = newTrainer();
    first.trainEpoch(0, null);
    Path f = dir.resolve("after-epoch-1.safetensors");
    first.checkpoint(1, Map.of()).save(f);
    DdpmTrainer resumed = newTrainer();
    assertThat(resumed.restore(Checkpoint.load(f))).isEqualTo(1);
    assertThat(DdpmTrainer.isExactResume(Checkpoint.load(f))).isTrue();
    double resumedLoss = resumed.trainEpoch(1, null).loss();
    double unbrokenLoss = first.trainEpoch(1, null).loss();
    assertThat(resumedLoss).isEqualTo(unbrokenLoss);
    Map<String, Tensor> a = resumed.checkpoint(2, Map.of()).model(), b = first.checkpoint(2, Map.of()).model();
    assertThat(a.keySet()).isEqualTo(b.keySet());
    a.forEach((k, v) -> assertThat(v.toFloatArray()).as(k).containsExactly(b.get(k).toFloatArray()));
  }

  @Test
  void aLossThatIsNotFiniteStopsTraining() {
    DdpmTrainer t = newTrainer();
    try (var g = dev.shinso.autograd.NoGrad.enter()) {
      t.model().parameters().getLast().fill_(Float.NaN);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.trainEpoch(0, null, Long.MAX_VALUE))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("training diverged: the mean loss of epoch 1");
  }
}
