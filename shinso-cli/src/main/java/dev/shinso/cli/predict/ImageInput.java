package dev.shinso.cli.predict;

import dev.shinso.tensor.Tensor;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * An image file as the network's input, prepared like Fashion-MNIST: grey (luminance), padded to a
 * square with its border's grey, scaled to 28×28 by area averaging, values in [0, 1], and light on
 * dark: an image whose border is mostly light is inverted.
 *
 * @param tensor FLOAT32 [1, 1, 28, 28]
 * @param inverted whether the image was inverted (its border was mostly light)
 */
public record ImageInput(Path file, int width, int height, Tensor tensor, boolean inverted) {
  public static final int SIZE = 28;

  static {
    System.setProperty("java.awt.headless", "true");
  }

  /** Reads a PNG or JPEG (anything ImageIO decodes); an unreadable file is an IOException that names it. */
  public static ImageInput read(Path file) throws IOException {
    if (Files.isDirectory(file)) throw new IOException("cannot read image " + file + ": is a directory, not an image file");
    if (!Files.isRegularFile(file)) throw new IOException("cannot read image " + file + ": no such file");
    BufferedImage img;
    try {
      img = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot read image " + file + ": " + e.getMessage(), e);
    }
    if (img == null) throw new IOException("cannot read image " + file + ": not an image format ImageIO reads (PNG, JPEG, GIF, BMP)");
    return of(file, img);
  }

  /** Prepares a decoded image. */
  public static ImageInput of(Path file, BufferedImage img) {
    double[][] grey = luminance(img);
    double border = borderLightFraction(grey);
    boolean invert = border > 0.5;
    double[][] square = padToSquare(grey, borderMean(grey));
    float[] px = areaAverage(square, SIZE);
    if (invert) for (int i = 0; i < px.length; i++) px[i] = 1 - px[i];
    return new ImageInput(file, img.getWidth(), img.getHeight(), Tensor.of(px, 1, 1, SIZE, SIZE), invert);
  }

  /** Grey values in [0, 1]: grey images' samples as stored, colour ones by BT.601 luma; transparency shows white. */
  static double[][] luminance(BufferedImage img) {
    int w = img.getWidth(), h = img.getHeight();
    double[][] out = new double[h][w];
    var cm = img.getColorModel();
    Raster r = img.getRaster();
    // getRGB would convert linear grey to sRGB and brighten it; PNG/JPEG grey samples are meant as is
    boolean grey = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(cm instanceof IndexColorModel);
    double max = grey ? (1L << cm.getComponentSize(0)) - 1 : 255;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int argb = img.getRGB(x, y);
        double alpha = cm.hasAlpha() ? ((argb >>> 24) & 0xff) / 255.0 : 1;
        double v = grey ? r.getSample(x, y, 0) / max
            : (0.299 * ((argb >> 16) & 0xff) + 0.587 * ((argb >> 8) & 0xff) + 0.114 * (argb & 0xff)) / 255;
        out[y][x] = alpha * v + (1 - alpha);
      }
    }
    return out;
  }

  private static double borderLightFraction(double[][] g) {
    int light = 0, n = 0;
    for (int[] p : borderPixels(g)) {
      if (g[p[0]][p[1]] > 0.5) light++;
      n++;
    }
    return (double) light / n;
  }

  private static double borderMean(double[][] g) {
    double sum = 0;
    int n = 0;
    for (int[] p : borderPixels(g)) {
      sum += g[p[0]][p[1]];
      n++;
    }
    return sum / n;
  }

  private static java.util.List<int[]> borderPixels(double[][] g) {
    int h = g.length, w = g[0].length;
    java.util.List<int[]> out = new java.util.ArrayList<>();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (y == 0 || x == 0 || y == h - 1 || x == w - 1) out.add(new int[] {y, x});
      }
    }
    return out;
  }

  private static double[][] padToSquare(double[][] g, double fill) {
    int h = g.length, w = g[0].length, n = Math.max(h, w);
    if (h == w) return g;
    double[][] out = new double[n][n];
    int top = (n - h) / 2, left = (n - w) / 2;
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        int sy = y - top, sx = x - left;
        out[y][x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? g[sy][sx] : fill;
      }
    }
    return out;
  }

  /** Each target pixel is the mean of the source pixels in its box (the nearest one when enlarging). */
  static float[] areaAverage(double[][] g, int size) {
    int n = g.length;
    float[] out = new float[size * size];
    for (int ty = 0; ty < size; ty++) {
      int y0 = ty * n / size, y1 = Math.max(y0 + 1, (ty + 1) * n / size);
      for (int tx = 0; tx < size; tx++) {
        int x0 = tx * n / size, x1 = Math.max(x0 + 1, (tx + 1) * n / size);
        double sum = 0;
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) sum += g[y][x];
        out[ty * size + tx] = (float) (sum / ((y1 - y0) * (x1 - x0)));
      }
    }
    return out;
  }
}
