package dev.shinso.cli.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImageInputTest {
  /** A light-on-dark 28×28 pattern with values k/255. */
  private static int value(int y, int x) {
    return (y >= 6 && y < 22 && x >= 8 && x < 20) ? 40 + 7 * ((x + y) % 30) : 0;
  }

  @Test
  void aGreyImageOfTheRightSizeIsReadAsStored() {
    BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 28; y++) for (int x = 0; x < 28; x++) img.getRaster().setSample(x, y, 0, value(y, x));
    ImageInput in = ImageInput.of(Path.of("a.png"), img);
    assertThat(in.inverted()).isFalse();
    assertThat(in.tensor().shape().toArray()).containsExactly(1, 1, 28, 28);
    float[] px = in.tensor().toFloatArray();
    for (int i = 0; i < px.length; i++) assertThat(px[i]).isEqualTo(value(i / 28, i % 28) / 255f);
  }

  @Test
  void aDarkOnLightColourImageIsShrunkAveragedAndInverted() {
    // 2× larger, dark on light, colour with equal channels: each 2×2 block averages back to one pixel
    BufferedImage img = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 56; y++) for (int x = 0; x < 56; x++) img.setRGB(x, y, (255 - value(y / 2, x / 2)) * 0x010101);
    ImageInput in = ImageInput.of(Path.of("b.png"), img);
    assertThat(in.inverted()).isTrue();
    float[] px = in.tensor().toFloatArray();
    for (int i = 0; i < px.length; i++) assertThat(px[i]).isCloseTo(value(i / 28, i % 28) / 255f, org.assertj.core.data.Offset.offset(1e-5f));
  }

  @Test
  void aWideImageIsPaddedToASquareWithItsBorderGrey() {
    BufferedImage img = new BufferedImage(56, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 28; y++) for (int x = 0; x < 56; x++) img.getRaster().setSample(x, y, 0, x >= 26 && x < 30 && y >= 4 && y < 24 ? 255 : 0);
    float[] px = ImageInput.of(Path.of("c.png"), img).tensor().toFloatArray();
    // the picture fills rows 7..20 of the result; the padding above and below is black like its border
    assertThat(px[0 * 28 + 14]).isZero();
    assertThat(px[14 * 28 + 13]).isEqualTo(1f);
    assertThat(px[14 * 28 + 0]).isZero();
  }

  /** The padded square is never built; the result is what padding then averaging would give. */
  @Test
  void paddingAndScalingMatchAnExplicitlyPaddedSquare() {
    java.util.Random r = new java.util.Random(3);
    for (int[] wh : new int[][] {{37, 11}, {11, 37}, {100, 3}, {29, 30}, {5, 2}}) {
      int w = wh[0], h = wh[1];
      double[][] g = new double[h][w];
      for (double[] row : g) for (int x = 0; x < w; x++) row[x] = r.nextDouble();
      double fill = 0.3;
      int n = Math.max(w, h), top = (n - h) / 2, left = (n - w) / 2;
      double[][] square = new double[n][n];
      for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) {
          int sy = y - top, sx = x - left;
          square[y][x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? g[sy][sx] : fill;
        }
      }
      float[] actual = ImageInput.areaAverage(g, fill, 28);
      for (int ty = 0; ty < 28; ty++) {
        int y0 = ty * n / 28, y1 = Math.max(y0 + 1, (ty + 1) * n / 28);
        for (int tx = 0; tx < 28; tx++) {
          int x0 = tx * n / 28, x1 = Math.max(x0 + 1, (tx + 1) * n / 28);
          double sum = 0;
          for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) sum += square[y][x];
          assertThat(actual[ty * 28 + tx]).as("%dx%d at %d,%d", w, h, ty, tx)
              .isCloseTo((float) (sum / ((y1 - y0) * (x1 - x0))), org.assertj.core.data.Offset.offset(1e-6f));
        }
      }
    }
  }

  @Test
  void anImageTooLargeToDecodeIsRefusedFromItsHeader(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path f = dir.resolve("strip.png");
    javax.imageio.ImageIO.write(new BufferedImage(50_000, 1, BufferedImage.TYPE_BYTE_GRAY), "png", f.toFile());
    assertThat(java.nio.file.Files.size(f)).isLessThan(1000);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageInput.read(f)).isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("cannot read image " + f + ": it is 50000×1 pixels").hasMessageContaining("scale it down");
  }

  /** Found by ImageInputFuzzTest: the refusal was wrapped in a second "cannot read image <file>: ". */
  @Test
  void aFileOfNoImageFormatIsNamedOnce(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path f = java.nio.file.Files.write(dir.resolve("empty.png"), new byte[0]);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageInput.read(f)).isInstanceOf(java.io.IOException.class)
        .hasMessage("cannot read image " + f + ": not an image format ImageIO reads (PNG, JPEG, GIF, BMP)");
  }

  /** Found with ImageInputFuzzTest's PNG edits: a palette PNG ending before its palette gave "...: Caught exception during read: ". */
  @Test
  void aDecoderFailureWithoutAReasonIsExplainedByItsCause(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    var out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_INDEXED), "png", out);
    byte[] png = out.toByteArray();
    byte[] iend = ImageBytes.chunk("IEND", new byte[0]);
    Path f = java.nio.file.Files.write(dir.resolve("early-end.png"),
        ImageBytes.concat(java.util.Arrays.copyOf(png, 33), iend, java.util.Arrays.copyOfRange(png, 33, png.length)));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageInput.read(f)).isInstanceOf(java.io.IOException.class)
        .hasMessageStartingWith("cannot read image " + f + ": ")
        .satisfies(e -> assertThat(e.getMessage().strip()).doesNotEndWith(":"));
  }

  /** Found by ImageInputFuzzTest: "BM" alone (a BMP cut after its magic) gave a message-less EOFException, "...: null". */
  @Test
  void aFileThatEndsWithinItsHeaderSaysSo(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path f = java.nio.file.Files.write(dir.resolve("cut.bmp"), new byte[] {'B', 'M'});
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageInput.read(f)).isInstanceOf(java.io.IOException.class)
        .hasMessage("cannot read image " + f + ": the file ends early");
  }

  /** Found by ImageInputFuzzTest: a JPEG cut mid-scan decoded with its missing part grey, silently. */
  @Test
  void aTruncatedJpegIsRefusedNotFilledGrey(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) img.getRaster().setSample(x, y, 0, (x * 7 + y * 13) % 256);
    var out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "jpg", out);
    byte[] jpeg = out.toByteArray();
    Path whole = java.nio.file.Files.write(dir.resolve("whole.jpg"), jpeg);
    assertThat(ImageInput.read(whole)).isNotNull();
    Path cut = java.nio.file.Files.write(dir.resolve("cut.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageInput.read(cut)).isInstanceOf(java.io.IOException.class)
        .hasMessageStartingWith("cannot read image " + cut + ": the decoder found it damaged (");
  }

  /** shinso-spark hands over a row's bytes: they give what the file gives, and refusals name the path. */
  @Test
  void bytesAreReadAsTheFileIsAndBadBytesAreNamed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 30; y++) for (int x = 0; x < 40; x++) img.setRGB(x, y, (255 - value(y % 28, x % 28)) * 0x010203);
    Path file = dir.resolve("d.png");
    javax.imageio.ImageIO.write(img, "png", file.toFile());
    ImageInput fromFile = ImageInput.read(file);
    ImageInput fromBytes = ImageInput.read(Path.of("file:/somewhere/d.png"), java.nio.file.Files.readAllBytes(file));
    assertThat(fromBytes.tensor().toFloatArray()).containsExactly(fromFile.tensor().toFloatArray());
    assertThat(fromBytes.inverted()).isEqualTo(fromFile.inverted());
    assertThat(fromBytes.file()).hasToString("file:/somewhere/d.png");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageInput.read(Path.of("file:/x/notes.png"), "text".getBytes()))
        .isInstanceOf(java.io.IOException.class).hasMessageContaining("cannot read image file:/x/notes.png");
  }
}
