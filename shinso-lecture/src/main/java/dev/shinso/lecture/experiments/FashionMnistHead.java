package dev.shinso.lecture.experiments;

import dev.shinso.data.Batch;
import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.data.datasets.MnistBuilder;
import dev.shinso.lecture.Settings;
import java.io.IOException;

/**
 * The first n images of a Fashion-MNIST split, flattened to [n, 784], for the depth and dropout
 * experiments. The files' order is already shuffled (the classes are mixed), so the head is a fair
 * sample and needs no generator.
 */
final class FashionMnistHead {
  private FashionMnistHead() {}

  /** Images FLOAT32 [n, 784] in [0, 1] and labels INT64 [n] of the train (or test) split. */
  static Batch load(Settings settings, boolean train, int n) throws IOException {
    MnistBuilder<FashionMnist> builder = FashionMnist.builder().train(train);
    if (settings.dataDir() != null) builder.root(settings.dataDir());
    FashionMnist split = builder.build();
    if (n <= 0 || n > split.size()) {
      throw new IllegalArgumentException("FashionMnistHead.load: n must be in 1.." + split.size() + ", got " + n);
    }
    int[] index = new int[n];
    for (int i = 0; i < n; i++) index[i] = i;
    Batch b = split.getBatch(index);
    return new Batch(b.inputs().reshape(n, 28 * 28), b.targets());
  }
}
