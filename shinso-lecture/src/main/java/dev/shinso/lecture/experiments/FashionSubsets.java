package dev.shinso.lecture.experiments;

import dev.shinso.data.Batch;
import dev.shinso.data.TensorDataset;
import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.lecture.Settings;
import dev.shinso.nn.Module;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small seeded pieces of Fashion-MNIST for the training experiments (optimizers, transfer,
 * benign-overfitting): a few classes, a few images per class, relabelled 0, 1, … in the order the
 * classes are given; or n images of all ten classes with their own labels (weight-sharing, resnet);
 * or the first n images, flattened (depth, dropout).
 */
final class FashionSubsets {
  private FashionSubsets() {}

  /** The train or test split from the settings' directory, or from the usual places when it is null. */
  static FashionMnist load(Settings s, boolean train) throws IOException {
    var b = FashionMnist.builder().train(train);
    if (s.dataDir() != null) b.root(s.dataDir());
    return b.build();
  }

  /**
   * The first n images of a split, flattened to FLOAT32 [n, 784] with INT64 labels [n]. The files'
   * order is already shuffled (the classes are mixed), so the head is a fair sample and needs no generator.
   */
  static Batch head(Settings s, boolean train, int n) throws IOException {
    FashionMnist split = load(s, train);
    if (n <= 0 || n > split.size()) {
      throw new IllegalArgumentException("FashionSubsets.head: n must be in 1.." + split.size() + ", got " + n);
    }
    int[] index = new int[n];
    for (int i = 0; i < n; i++) index[i] = i;
    Batch b = split.getBatch(index);
    return new Batch(b.inputs().reshape(n, 28 * 28), b.targets());
  }

  /** n images of the train (or test) split, all classes, drawn without replacement by a generator seeded with seed. */
  static TensorDataset sample(Settings s, boolean train, int n, long seed) throws IOException {
    FashionMnist all = load(s, train);
    if (n <= 0 || n > all.size()) {
      throw new IllegalArgumentException("FashionSubsets.sample: n must be in 1.." + all.size() + ", got " + n);
    }
    // A partial Fisher–Yates shuffle: the first n entries are a uniform sample without replacement.
    int[] perm = new int[all.size()];
    for (int i = 0; i < perm.length; i++) perm[i] = i;
    Generator g = new Generator(seed);
    for (int i = 0; i < n; i++) {
      int j = i + (int) g.nextLong(perm.length - i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    var batch = all.getBatch(java.util.Arrays.copyOf(perm, n));
    return new TensorDataset(batch.inputs(), batch.targets());
  }

  /**
   * perClass images of each of the given classes (all of them when a class has fewer), picked at
   * random by g and shuffled; class classes[i] gets label i.
   */
  static TensorDataset sample(FashionMnist data, int[] classes, int perClass, Generator g) {
    long[] labels = data.labels().toLongArray();
    List<Integer> chosen = new ArrayList<>();
    for (int c : classes) {
      List<Integer> ofClass = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) if (labels[i] == c) ofClass.add(i);
      shuffle(ofClass, g);
      chosen.addAll(ofClass.subList(0, Math.min(perClass, ofClass.size())));
    }
    shuffle(chosen, g);
    long[] index = new long[chosen.size()], relabelled = new long[chosen.size()];
    for (int i = 0; i < index.length; i++) {
      index[i] = chosen.get(i);
      relabelled[i] = positionOf(classes, labels[chosen.get(i)]);
    }
    Tensor images = data.images().indexSelect(0, Tensor.ofLongs(index));
    return new TensorDataset(images, Tensor.ofLongs(relabelled));
  }

  /** The classes 0 … n−1. */
  static int[] firstClasses(int n) {
    int[] c = new int[n];
    for (int i = 0; i < n; i++) c[i] = i;
    return c;
  }

  /** A copy of the module's parameters and buffers, to start other models from the same point. */
  static Map<String, Tensor> snapshot(Module m) {
    Map<String, Tensor> copy = new LinkedHashMap<>();
    m.stateDict().forEach((k, t) -> copy.put(k, t.contiguousCopy()));
    return copy;
  }

  /** Fisher–Yates with the given generator, so a subset repeats for a seed. */
  static <T> void shuffle(List<T> list, Generator g) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = (int) g.nextLong(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }

  private static int positionOf(int[] classes, long label) {
    for (int i = 0; i < classes.length; i++) if (classes[i] == label) return i;
    throw new IllegalStateException("FashionSubsets: label " + label + " is not among the chosen classes");
  }
}
