package dev.shinso.data.datasets;

import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Options for loading {@link FashionMnist} or {@link Mnist}: which split, where the files are, and
 * whether (and from where) to download the missing ones. Defaults: the train split, the usual places
 * (see {@link #root(Path)}), download on, the official base URL unless a property or environment
 * variable ({@code SHINSO_FASHION_MNIST_URL}, {@code SHINSO_MNIST_URL}) names another.
 */
public final class MnistBuilder<T> {
  private final MnistFamily family;
  private final BiFunction<ByteImages, Tensor, T> make;
  private boolean train = true;
  private Path root;
  private boolean download = true;
  private String baseUrl;
  private UnaryOperator<String> variables = MnistBuilder::systemVariable;
  private Path home = Path.of(System.getProperty("user.home"));

  MnistBuilder(MnistFamily family, BiFunction<ByteImages, Tensor, T> make) {
    this.family = family;
    this.make = make;
  }

  /** The 60,000-image train split (true) or the 10,000-image test split (false). */
  public MnistBuilder<T> train(boolean train) {
    this.train = train;
    return this;
  }

  /**
   * Looks only in this directory (and its {@code fashion-mnist}/{@code mnist} subdirectory) and
   * downloads there. Without it: {@code SHINSO_DATA}, {@code ~/.shinso/data}, then system directories.
   */
  public MnistBuilder<T> root(Path root) {
    this.root = root;
    return this;
  }

  /** Whether to download files that are not found (over HTTP, checked by SHA-256). */
  public MnistBuilder<T> download(boolean download) {
    this.download = download;
    return this;
  }

  /** The URL the file names are appended to, e.g. a local mirror. */
  public MnistBuilder<T> baseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
    return this;
  }

  /** Replaces the lookup of SHINSO_DATA and the URL variables (tests). */
  MnistBuilder<T> variables(UnaryOperator<String> variables) {
    this.variables = variables;
    return this;
  }

  /** Replaces the home directory (tests). */
  MnistBuilder<T> home(Path home) {
    this.home = home;
    return this;
  }

  /** Finds (or downloads), reads and checks the files: images [N, 1, 28, 28] (bytes, FLOAT32 in [0, 1] per batch), labels INT64 [N]. */
  public T build() throws IOException {
    DataFiles.Settings settings = new DataFiles.Settings(root, download, baseUrl, variables, home);
    List<Path> files = DataFiles.locate(family, MnistFamily.files(train), settings);
    Idx images = Idx.read(files.get(0));
    Idx labels = Idx.read(files.get(1));
    int[] is = images.shape(), ls = labels.shape();
    if (is.length != 3 || is[1] != 28 || is[2] != 28 || ls.length != 1 || ls[0] != is[0]) {
      throw new IOException(family.name() + ": images " + files.get(0) + " of shape " + Arrays.toString(is)
          + " and labels " + files.get(1) + " of shape " + Arrays.toString(ls) + " do not form a data set of"
          + " [N, 28, 28] images with N labels");
    }
    byte[] l = labels.data();
    for (int i = 0; i < l.length; i++) {
      if ((l[i] & 0xFF) >= family.classes().size()) {
        throw new IOException(family.name() + ": label " + (l[i] & 0xFF) + " at index " + i + " of " + files.get(1)
            + " is not one of the " + family.classes().size() + " classes");
      }
    }
    return make.apply(new ByteImages(images.data(), is[0], 1, 28, 28), labels.toLong());
  }

  /** A system property, else the environment variable of the same name. */
  private static String systemVariable(String name) {
    String v = System.getProperty(name);
    return v != null ? v : System.getenv(name);
  }
}
