package dev.shinso.data.datasets;

import dev.shinso.data.Batch;
import dev.shinso.data.Dataset;
import dev.shinso.data.Sample;
import dev.shinso.data.TensorDataset;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.util.List;

/**
 * LeCun's MNIST: 28×28 grey images of handwritten digits 0–9, 60,000 for training and
 * 10,000 for testing. Images are FLOAT32 [N, 1, 28, 28] scaled to [0, 1]; labels INT64 [N].
 *
 * <pre>{@code
 * Mnist train = Mnist.builder().train(true).build();   // finds or downloads the files
 * Mnist test = Mnist.builder().train(false).root(Path.of("data")).download(false).build();
 * }</pre>
 */
public final class Mnist implements Dataset {
  /** The class names, indexed by label. */
  public static final List<String> CLASSES = MnistFamily.MNIST.classes();

  private final TensorDataset data;

  private Mnist(Tensor images, Tensor labels) {
    this.data = new TensorDataset(images, labels);
  }

  public static MnistBuilder<Mnist> builder() {
    return new MnistBuilder<>(MnistFamily.MNIST, Mnist::new);
  }

  /** The train (true) or test split, found in the usual places or downloaded. */
  public static Mnist load(boolean train) throws IOException {
    return builder().train(train).build();
  }

  /** All images, FLOAT32 [N, 1, 28, 28] in [0, 1]. */
  public Tensor images() {
    return data.inputs();
  }

  /** All labels, INT64 [N]. */
  public Tensor labels() {
    return data.targets();
  }

  public List<String> classes() {
    return CLASSES;
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

  @Override
  public String toString() {
    return "Mnist(" + size() + " images)";
  }
}
