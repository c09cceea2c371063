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
}
