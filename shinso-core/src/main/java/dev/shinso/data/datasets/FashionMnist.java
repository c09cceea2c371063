package dev.shinso.data.datasets;

import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.util.List;

/**
 * Zalando's Fashion-MNIST: 28×28 grey images of clothing in 10 classes, 60,000 for training and
 * 10,000 for testing. Images come out FLOAT32 [N, 1, 28, 28] scaled to [0, 1] (held as bytes);
 * labels INT64 [N].
 *
 * <pre>{@code
 * FashionMnist train = FashionMnist.builder().train(true).build();   // finds or downloads the files
 * FashionMnist test = FashionMnist.builder().train(false).root(Path.of("data")).download(false).build();
 * }</pre>
 */
public final class FashionMnist extends MnistDataset {
  /** The class names, indexed by label. */
  public static final List<String> CLASSES = MnistFamily.FASHION_MNIST.classes();

  private FashionMnist(ByteImages images, Tensor labels) {
    super(MnistFamily.FASHION_MNIST, images, labels);
  }

  public static MnistBuilder<FashionMnist> builder() {
    return new MnistBuilder<>(MnistFamily.FASHION_MNIST, FashionMnist::new);
  }

  /** The train (true) or test split, found in the usual places or downloaded. */
  public static FashionMnist load(boolean train) throws IOException {
    return builder().train(train).build();
  }
}
