package dev.shinso.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.Shinso;
import dev.shinso.data.DataLoader;
import dev.shinso.data.Dataset;
import dev.shinso.data.TensorDataset;
import dev.shinso.data.transforms.Compose;
import dev.shinso.data.transforms.RandomCrop;
import dev.shinso.data.transforms.RandomHorizontalFlip;
import dev.shinso.io.Checkpoint;
import dev.shinso.nn.BatchNorm1d;
import dev.shinso.nn.Dropout;
import dev.shinso.nn.Flatten;
import dev.shinso.nn.Linear;
import dev.shinso.nn.Module;
import dev.shinso.nn.ReLU;
import dev.shinso.nn.Sequential;
import dev.shinso.optim.SGD;
import dev.shinso.optim.lr.CosineAnnealingLR;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two epochs straight and one epoch, a checkpoint on disk, a fresh process state, and one more
 * epoch give bit-identical weights: model, optimiser (momentum), schedule, the generator behind
 * dropout, batch-norm running statistics and the loader's per-epoch order and augmentation all
 * resume exactly.
 */
class ResumeTest {
  @TempDir Path dir;

  @Test
  void stopAndResumeEqualsAStraightRunBitForBit() throws IOException {
    Dataset data = syntheticImages();

    Shinso.manualSeed(11);
    Trainer straight = trainer(data);
    straight.trainEpoch(0, null);
    straight.trainEpoch(1, null);
    Map<String, Tensor> expected = straight.model().stateDict();

    Shinso.manualSeed(11);
    Trainer first = trainer(data);
    first.trainEpoch(0, null);
    Path file = dir.resolve("epoch1.safetensors");
    first.checkpoint(1, Map.of()).save(file);

    Shinso.manualSeed(999); // a different start: everything must come from the checkpoint
    Trainer resumed = trainer(data);
    int done = resumed.restore(Checkpoint.load(file));
    assertThat(done).isEqualTo(1);
    resumed.trainEpoch(1, null);

    Map<String, Tensor> actual = resumed.model().stateDict();
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    for (String key : expected.keySet()) {
      Tensor e = expected.get(key), a = actual.get(key);
      if (e.dtype() == dev.shinso.tensor.DType.INT64) {
        assertThat(a.toLongArray()).as(key).containsExactly(e.toLongArray());
      } else {
        assertThat(bits(a.toFloatArray())).as(key).containsExactly(bits(e.toFloatArray()));
      }
    }
  }

  private static Trainer trainer(Dataset data) {
    Module model = new Sequential(new Flatten(), new Linear(64, 32), new BatchNorm1d(32), new ReLU(), new Dropout(0.3),
        new Linear(32, 4));
    DataLoader loader = DataLoader.builder(data).batchSize(16).shuffle(true).seed(5)
        .transform(new Compose(new RandomCrop(8, 1), new RandomHorizontalFlip())).build();
    SGD sgd = new SGD(model.parameters(), 0.05).momentum(0.9).weightDecay(1e-4);
    return new Trainer(model, sgd, new CosineAnnealingLR(sgd, 2 * loader.numBatches()), loader);
  }

  /** 200 random 1×8×8 images in 4 classes, the class shifting the mean so there is something to learn. */
  private static Dataset syntheticImages() {
    dev.shinso.tensor.Generator g = new dev.shinso.tensor.Generator(3);
    Tensor labels = Tensor.randint(0, 4, 200);
    Tensor images = Tensor.randn(g, 200, 1, 8, 8).add(labels.toFloat().reshape(200, 1, 1, 1).mul(0.5f));
    return new TensorDataset(images, labels);
  }

  private static int[] bits(float[] v) {
    int[] b = new int[v.length];
    for (int i = 0; i < v.length; i++) b[i] = Float.floatToRawIntBits(v[i]);
    return b;
  }
}
