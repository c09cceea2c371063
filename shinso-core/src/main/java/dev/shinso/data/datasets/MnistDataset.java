package dev.shinso.data.datasets;

import dev.shinso.data.Batch;
import dev.shinso.data.Dataset;
import dev.shinso.data.Sample;
import dev.shinso.data.TensorDataset;
import dev.shinso.tensor.Tensor;
import java.util.List;

/**
 * What {@link Mnist} and {@link FashionMnist} share: a split of a member of the MNIST family held in
 * memory as images FLOAT32 [N, 1, 28, 28] in [0, 1] and labels INT64 [N]. The subclasses add only the
 * family, the builder and the class names, so the two sets cannot drift apart.
 */
abstract sealed class MnistDataset implements Dataset permits Mnist, FashionMnist {
  private final MnistFamily family;
  private final TensorDataset data;

  MnistDataset(MnistFamily family, Tensor images, Tensor labels) {
    this.family = family;
    this.data = new TensorDataset(images, labels);
  }

  /** All images, FLOAT32 [N, 1, 28, 28] in [0, 1]. */
  public Tensor images() {
    return data.inputs();
  }

  /** All labels, INT64 [N]. */
  public Tensor labels() {
    return data.targets();
  }

  /** The class names, indexed by label. */
  public List<String> classes() {
    return family.classes();
  }

  @Override
  public int size() {
    return data.size();
  }

  @Override
  public Sample get(int index) {
    return data.get(index);
  }

  @Override
  public Batch getBatch(int[] indices) {
    return data.getBatch(indices);
  }

  /** The family's name, as the class is called: {@code Mnist(60000 images)}. */
  @Override
  public String toString() {
    return family.name() + "(" + size() + " images)";
  }
}
