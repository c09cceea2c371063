package dev.shinso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.testing.RealData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {
  @TempDir Path dir;

  /** Test image i as a 28×28 grey PNG (light on dark) or, inverted, as a 3× larger RGB PNG (dark on light). */
  static Path png(FashionMnist test, int i, boolean darkOnLight, Path file) throws Exception {
    float[] px = test.images().select(0, i).toFloatArray();
    int scale = darkOnLight ? 3 : 1, n = 28 * scale;
    BufferedImage img = new BufferedImage(n, n, darkOnLight ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        int v = Math.round(px[(y / scale) * 28 + x / scale] * 255);
        if (darkOnLight) img.setRGB(x, y, (255 - v) * 0x010101);
        else img.getRaster().setSample(x, y, 0, v);
      }
    }
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  /** The class names in the top-3 lines printed for the first image. */
  private static List<String> top3(String out) {
    String[] lines = out.split("\n");
    return Arrays.stream(lines, 1, 4).map(l -> l.strip().replaceAll("\\s+\\d\\.\\d{4}$", "")).toList();
  }

  @Test
  void aTestImageGetsItsTrueClassInTheTopThreeEitherWayRound() throws Exception {
    FashionMnist test = FashionMnist.builder().train(false).root(RealData.fashionMnistDir()).download(false).build();
    Path ckpt = TrainedMlp.get().out().resolve("best.safetensors");
    for (int i : new int[] {0, 1, 2}) {
      String truth = FashionMnist.CLASSES.get((int) test.labels().toLongArray()[i]);
      Path grey = png(test, i, false, dir.resolve("grey" + i + ".png"));
      Cli.Run r = Cli.run("predict", "--checkpoint", ckpt.toString(), grey.toString());
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).startsWith(grey + " (28x28)").doesNotContain("inverted");
      assertThat(top3(r.out())).as(r.out()).contains(truth);

      Path light = png(test, i, true, dir.resolve("light" + i + ".png"));
      Cli.Run inv = Cli.run("predict", "--checkpoint", ckpt.toString(), light.toString());
      assertThat(inv.exitCode()).as(inv.err()).isZero();
      assertThat(inv.out()).startsWith(light + " (84x84, light background: inverted)");
      assertThat(top3(inv.out())).as(inv.out()).contains(truth);
    }
  }

  @Test
  void anUnreadableImageIsNamed() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
    Cli.Run r = Cli.run("predict", "--checkpoint", dir.resolve("unused.safetensors").toString(), text.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("cannot read image").contains(text.toString());

    Cli.Run missing = Cli.run("predict", "--checkpoint", "x.safetensors", dir.resolve("gone.jpg").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains(dir.resolve("gone.jpg").toString()).contains("no such file");
  }

  @Test
  void sparkOptionsAreCheckedAndSparkIsNotOnTheCliClassPath() throws Exception {
    Cli.Run noInput = Cli.run("predict", "--checkpoint", "x.safetensors", "--spark", "local[2]");
    assertThat(noInput.exitCode()).isEqualTo(2);
    assertThat(noInput.err()).contains("--spark needs --input");

    Cli.Run noSpark = Cli.run("predict", "--checkpoint", "x.safetensors", "--input", dir.toString(), "--output", "o.parquet");
    assertThat(noSpark.exitCode()).isEqualTo(2);
    assertThat(noSpark.err()).contains("--input and --output go with --spark");

    Cli.Run noSuchInput = Cli.run("predict", "--checkpoint", "x.safetensors", "--spark", "local[2]", "--input",
        dir.resolve("gone").toString(), "--output", dir.resolve("o.parquet").toString());
    assertThat(noSuchInput.exitCode()).isEqualTo(2);
    assertThat(noSuchInput.err()).contains("gone: no such folder or file");

    Cli.Run device = Cli.run("predict", "--checkpoint", "x.safetensors", "--spark", "local[2]", "--input", dir.toString(),
        "--output", dir.resolve("o.parquet").toString(), "--device", "cuda");
    assertThat(device.exitCode()).isEqualTo(2);
    assertThat(device.err()).contains("--device goes without --spark");

    // shinso-cli's own class path holds no shinso-spark: the error says how to get it, not a stack trace
    Cli.Run missing = Cli.run("predict", "--checkpoint", "x.safetensors", "--spark", "local[2]", "--input", dir.toString(),
        "--output", dir.resolve("out.parquet").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--spark needs shinso-spark");
  }
}
