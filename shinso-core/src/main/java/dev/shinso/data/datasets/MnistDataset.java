package dev.shinso.data.datasets;

import dev.shinso.data.Batch;
import dev.shinso.data.Dataset;
import dev.shinso.data.Sample;
import dev.shinso.tensor.Tensor;
import java.util.List;

/**
 * What {@link Mnist} and {@link FashionMnist} share: a split of a member of the MNIST family held in
 * memory as the files' bytes and labels INT64 [N]; images come out FLOAT32 [N, 1, 28, 28] in [0, 1],
 * converted per batch (a quarter of the memory of holding floats). The subclasses add only the family,
 * the builder and the class names, so the two sets cannot drift apart.
 */
abstract sealed class MnistDataset implements Dataset permits Mnist, FashionMnist {
  private final MnistFamily family;
  private final ByteImages images;
  private final Tensor labels;

  MnistDataset(MnistFamily family, ByteImages images, Tensor labels) {
    if (labels.dim() != 1 || labels.size(0) != images.count()) {
      throw new IllegalArgumentException(family.name() + ": " + images.count() + " images but labels "
          + labels.shapeString());
    }
    this.family = family;
    this.images = images;
    this.labels = labels;
  }

  /** All images, FLOAT32 [N, 1, 28, 28] in [0, 1]: a fresh copy each call (the set itself is held as bytes). */
  public Tensor images() {
    return images.all();
  }

  /** All labels, INT64 [N]. */
  public Tensor labels() {
    return labels;
  }

  /** The class names, indexed by label. */
  public List<String> classes() {
    return family.classes();
  }

  @Override
  public int size() {
    return images.count();
  }

  /** The image [1, 28, 28] (a fresh tensor) and a view of its label. */
  @Override
  public Sample get(int index) {
    Dataset.checkIndex("MnistDataset.get", index, size());
    return new Sample(images.image(index), labels.select(0, index));
  }

  /** The images converted from bytes, and the labels gathered: both fresh, contiguous tensors. */
  @Override
  public Batch getBatch(int[] indices) {
    if (indices.length == 0) throw new IllegalArgumentException("MnistDataset.getBatch: no indices");
    long[] idx = new long[indices.length];
    for (int i = 0; i < indices.length; i++) idx[i] = Dataset.checkIndex("MnistDataset.getBatch", indices[i], size());
    return new Batch(images.batch(indices), labels.indexSelect(0, Tensor.ofLongs(labels.device(), idx)));
  }

  /** The family's name, as the class is called: {@code Mnist(60000 images)}. */
  @Override
  public String toString() {
    return family.name() + "(" + size() + " images)";
  }
}
