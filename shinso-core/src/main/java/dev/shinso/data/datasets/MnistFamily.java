package dev.shinso.data.datasets;

import java.util.List;
import java.util.Map;

/**
 * Where a member of the MNIST family lives: its file names, the directories to look in, where to
 * download it from, and the SHA-256 of each file's IDX content.
 *
 * <p>The hashes are of the decompressed IDX bytes ({@code zcat file | sha256sum}), not of the .gz: the
 * same data is distributed in gzip wrappers that differ (Debian's copies of Fashion-MNIST lack the
 * original file-name field, 24 bytes shorter than the official ones), and the content is what matters.
 */
record MnistFamily(
    String name,
    String dirName,
    List<String> systemDirs,
    String defaultUrl,
    String urlVariable,
    Map<String, String> sha256,
    List<String> classes) {

  static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  /** Computed with sha256sum over the decompressed files of Debian's dataset-fashion-mnist copy; they agree with
   * the raw hashes published by projects that checked the archives against Zalando's published MD5s. */
  static final MnistFamily FASHION_MNIST = new MnistFamily(
      "FashionMnist",
      "fashion-mnist",
      List.of("/usr/share/datasets/fashion-mnist"),
      "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
      "SHINSO_FASHION_MNIST_URL",
      Map.of(
          TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
          TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
          TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
          TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
      List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"));

  /** The decompressed-IDX SHA-256s that many independent projects list for LeCun's MNIST files (not checked against
   * a local copy here: none was available when they were written down). */
  static final MnistFamily MNIST = new MnistFamily(
      "Mnist",
      "mnist",
      List.of(),
      "https://ossci-datasets.s3.amazonaws.com/mnist/",
      "SHINSO_MNIST_URL",
      Map.of(
          TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
          TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
          TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
          TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
      List.of("0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven", "8 - eight",
          "9 - nine"));

  /** The images file and the labels file of a split, in that order. */
  static List<String> files(boolean train) {
    return train ? List.of(TRAIN_IMAGES, TRAIN_LABELS) : List.of(TEST_IMAGES, TEST_LABELS);
  }
}
