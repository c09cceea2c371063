package dev.shinso.data.datasets;

import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.util.List;

/**
 * LeCun's MNIST: 28×28 grey images of handwritten digits 0–9, 60,000 for training and
 * 10,000 for testing. Images come out FLOAT32 [N, 1, 28, 28] scaled to [0, 1] (held as bytes);
 * labels INT64 [N].
 *
 * <pre>{@code
 * Mnist train = Mnist.builder().train(true).build();   // finds or downloads the files
 * Mnist test = Mnist.builder().train(false).root(Path.of("data")).download(false).build();
 * }</pre>
 */
public final class Mnist extends MnistDataset {
  /** The class names, indexed by label. */
  public static final List<String> CLASSES = MnistFamily.MNIST.classes();

  private Mnist(ByteImages images, Tensor labels) {
    super(MnistFamily.MNIST, images, labels);
  }

  public static MnistBuilder<Mnist> builder() {
    return new MnistBuilder<>(MnistFamily.MNIST, Mnist::new);
  }

  /** The train (true) or test split, found in the usual places or downloaded. */
  public static Mnist load(boolean train) throws IOException {
    return builder().train(train).build();
  }
}
