package dev.shinso.data.datasets;

import static dev.shinso.data.datasets.IdxFiles.gzip;
import static dev.shinso.data.datasets.IdxFiles.images;
import static dev.shinso.data.datasets.IdxFiles.labels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.data.Sample;
import dev.shinso.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the files (search order, layouts, names) and checking them, with small synthetic data sets. */
class MnistBuilderTest {
  @TempDir Path tmp;

  /** Writes a 3-image test split (labels 7, 0, 9) into dir, gzipped or plain. */
  private static void testSplit(Path dir, boolean gz) throws IOException {
    Files.createDirectories(dir);
    byte[] im = images(3), lb = labels((byte) 7, (byte) 0, (byte) 9);
    Files.write(dir.resolve("t10k-images-idx3-ubyte" + (gz ? ".gz" : "")), gz ? gzip(im) : im);
    Files.write(dir.resolve("t10k-labels-idx1-ubyte" + (gz ? ".gz" : "")), gz ? gzip(lb) : lb);
  }

  /** A builder that sees only the given variables and a home inside tmp, and never downloads. */
  private MnistBuilder<FashionMnist> offline(Map<String, String> variables) {
    return FashionMnist.builder().train(false).download(false).variables(variables::get).home(tmp.resolve("home"));
  }

  @Test
  void loadsImagesAsFloatsInZeroOneAndLabelsAsLongs() throws IOException {
    testSplit(tmp.resolve("root"), true);
    FashionMnist d = offline(Map.of()).root(tmp.resolve("root")).build();
    assertThat(d.size()).isEqualTo(3);
    assertThat(d.images().dtype()).isEqualTo(DType.FLOAT32);
    assertThat(d.images().shapeArray()).containsExactly(3, 1, 28, 28);
    assertThat(d.labels().dtype()).isEqualTo(DType.INT64);
    assertThat(d.labels().toLongArray()).containsExactly(7, 0, 9);
    Sample s = d.get(1); // image 1: pixel p holds (1 + p) mod 256
    assertThat(s.input().shapeArray()).containsExactly(1, 28, 28);
    assertThat(s.input().get(0, 0, 0)).isEqualTo(1 / 255f);
    assertThat(s.input().get(0, 9, 2)).isEqualTo(255 / 255f); // p = 254
    assertThat(s.input().get(0, 9, 3)).isEqualTo(0f); // p = 255 wraps
    assertThat(s.target().itemLong()).isZero();
    assertThat(d.getBatch(new int[] {2, 0}).targets().toLongArray()).containsExactly(9, 7);
    assertThat(d.classes()).hasSize(10).startsWith("T-shirt/top", "Trouser").endsWith("Ankle boot");
    assertThat(d.classes()).isSameAs(FashionMnist.CLASSES);
    assertThat(d).hasToString("FashionMnist(3 images)");
  }

  @Test
  void acceptsPlainFilesInTheFamilySubdirectory() throws IOException {
    testSplit(tmp.resolve("root").resolve("fashion-mnist"), false);
    assertThat(offline(Map.of()).root(tmp.resolve("root")).build().size()).isEqualTo(3);
  }

  @Test
  void withoutARootTheDataVariableComesFirstThenTheHomeDirectory() throws IOException {
    testSplit(tmp.resolve("home").resolve(".shinso").resolve("data"), true);
    assertThat(offline(Map.of()).build().size()).isEqualTo(3);

    Path env = tmp.resolve("env");
    Files.createDirectories(env.resolve("fashion-mnist"));
    Files.write(env.resolve("fashion-mnist").resolve("t10k-labels-idx1-ubyte.gz"), gzip(labels((byte) 1, (byte) 2,
        (byte) 3)));
    Files.write(env.resolve("fashion-mnist").resolve("t10k-images-idx3-ubyte.gz"), gzip(images(3)));
    assertThat(offline(Map.of("SHINSO_DATA", env.toString())).build().labels().toLongArray()).containsExactly(1, 2, 3);
  }

  @Test
  void anExplicitRootIsTheOnlyPlaceLookedIn() throws IOException {
    testSplit(tmp.resolve("home").resolve(".shinso").resolve("data"), true); // would be found without a root
    Path root = tmp.resolve("empty");
    assertThatThrownBy(() -> offline(Map.of()).root(root).build()).isInstanceOf(IOException.class)
        .hasMessageContaining(root.toString());
  }

  @Test
  void missingFilesAreNamedWithWhereItLookedAndHowToGetThem() throws IOException {
    Path root = tmp.resolve("half");
    Files.createDirectories(root);
    Files.write(root.resolve("t10k-images-idx3-ubyte.gz"), gzip(images(3)));
    assertThatThrownBy(() -> offline(Map.of()).root(root).build()).isInstanceOf(IOException.class)
        .hasMessageContaining("FashionMnist: missing t10k-labels-idx1-ubyte[.gz];")
        .hasMessageNotContaining("missing t10k-images")
        .hasMessageContaining("looked in " + root + ", " + root.resolve("fashion-mnist"))
        .hasMessageContaining("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")
        .hasMessageContaining("download(true)");

    Path env = tmp.resolve("nowhere");
    assertThatThrownBy(() -> offline(Map.of("SHINSO_DATA", env.toString())).build())
        .hasMessageContaining("missing t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz]")
        .hasMessageContaining(env.toString())
        .hasMessageContaining(tmp.resolve("home").resolve(".shinso").resolve("data").toString())
        .hasMessageContaining("/usr/share/datasets/fashion-mnist")
        .hasMessageContaining("SHINSO_DATA").hasMessageContaining("dataset-fashion-mnist");
  }

  @Test
  void labelsOutsideTheClassesAreRejected() throws IOException {
    Path root = tmp.resolve("badlabels");
    Files.createDirectories(root);
    Files.write(root.resolve("t10k-images-idx3-ubyte"), images(2));
    Files.write(root.resolve("t10k-labels-idx1-ubyte"), labels((byte) 3, (byte) 10));
    assertThatThrownBy(() -> offline(Map.of()).root(root).build()).isInstanceOf(IOException.class)
        .hasMessageContaining("label 10 at index 1").hasMessageContaining("t10k-labels-idx1-ubyte");
  }

  @Test
  void imagesAndLabelsMustAgree() throws IOException {
    Path root = tmp.resolve("mismatch");
    Files.createDirectories(root);
    Files.write(root.resolve("t10k-images-idx3-ubyte"), images(3));
    Files.write(root.resolve("t10k-labels-idx1-ubyte"), labels((byte) 3, (byte) 1));
    assertThatThrownBy(() -> offline(Map.of()).root(root).build()).isInstanceOf(IOException.class)
        .hasMessageContaining("[3, 28, 28]").hasMessageContaining("[2]");
  }

  @Test
  void mnistFindsItsOwnSubdirectoryAndNamesItsDigits() throws IOException {
    Path root = tmp.resolve("digits");
    Path sub = root.resolve("mnist");
    Files.createDirectories(sub);
    Files.write(sub.resolve("train-images-idx3-ubyte.gz"), gzip(images(2)));
    Files.write(sub.resolve("train-labels-idx1-ubyte.gz"), gzip(labels((byte) 5, (byte) 8)));
    Mnist m = Mnist.builder().root(root).download(false).build();
    assertThat(m.labels().toLongArray()).containsExactly(5, 8);
    assertThat(m.classes().get(5)).isEqualTo("5 - five");
    assertThat(m.classes()).isSameAs(Mnist.CLASSES);
    assertThat(m).hasToString("Mnist(2 images)");
    assertThatThrownBy(() -> Mnist.builder().train(false).root(root).download(false).build())
        .hasMessageContaining("Mnist: missing t10k-images-idx3-ubyte[.gz]")
        .hasMessageContaining("https://ossci-datasets.s3.amazonaws.com/mnist/")
        .hasMessageNotContaining("dataset-mnist");
  }
}
