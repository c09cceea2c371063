package dev.shinso.cli.predict;

import dev.shinso.tensor.Tensor;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

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

  /** The largest image predict decodes: at most this many pixels a side and {@link #MAX_PIXELS} in all. */
  public static final int MAX_SIDE = 16_384;
  public static final long MAX_PIXELS = 1L << 24;

  /**
   * Reads a PNG or JPEG (anything ImageIO decodes); an unreadable file, or one larger than
   * {@link #MAX_SIDE} or {@link #MAX_PIXELS} (read from its header, before any pixel is decoded),
   * is an IOException that names it.
   */
  public static ImageInput read(Path file) throws IOException {
    if (Files.isDirectory(file)) throw new IOException("cannot read image " + file + ": is a directory, not an image file");
    if (!Files.isRegularFile(file)) throw new IOException("cannot read image " + file + ": no such file");
    return decode(file, () -> ImageIO.createImageInputStream(file.toFile()));
  }

  /**
   * The same for an image already in memory (a Spark row's content); name is what errors call it,
   * e.g. the file it was read from.
   */
  public static ImageInput read(Path name, byte[] content) throws IOException {
    return decode(name, () -> ImageIO.createImageInputStream(new ByteArrayInputStream(content)));
  }

  /** Opens an image stream: null when ImageIO has no stream for the source. */
  private interface Source {
    ImageInputStream open() throws IOException;
  }

  private static ImageInput decode(Path file, Source opener) throws IOException {
    BufferedImage img;
    try (ImageInputStream in = opener.open()) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new Refused("cannot read image " + file + ": not an image format ImageIO reads (PNG, JPEG, GIF, BMP)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        String tooLarge = tooLarge(file, reader.getWidth(0), reader.getHeight(0));
        if (tooLarge != null) throw new Refused(tooLarge);
        // A decoder warns, and goes on, where data are missing or corrupt ("Premature end of JPEG
        // file" fills the rest grey): a damaged picture would be classified silently.
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        img = reader.read(0);
        if (!warnings.isEmpty()) {
          throw new Refused("cannot read image " + file + ": the decoder found it damaged (" + String.join("; ", warnings) + ")");
        }
      } finally {
        reader.dispose();
      }
    } catch (Refused e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot read image " + file + ": " + reason(e), e);
    }
    return of(file, img);
  }

  /** A refusal whose message already names the file and the reason: passed on as it is, not wrapped again. */
  private static final class Refused extends IOException {
    Refused(String message) {
      super(message);
    }
  }

  /**
   * What a decoder said went wrong; where it said nothing ("Caught exception during read: ", or no
   * message at all) what its cause said, or at least the kind of failure.
   */
  private static String reason(Throwable e) {
    String message = e.getMessage() == null ? "" : e.getMessage().strip();
    if (message.isEmpty()) {
      message = e instanceof EOFException ? "the file ends early" : "the decoder failed (" + e.getClass().getName() + ")";
    }
    if (message.endsWith(":") && e.getCause() != null) message += " " + reason(e.getCause());
    return message;
  }

  /** Why an image of this size is refused, or null when it is not. */
  private static String tooLarge(Path file, int width, int height) {
    if (width <= MAX_SIDE && height <= MAX_SIDE && (long) width * height <= MAX_PIXELS) return null;
    return "cannot read image " + file + ": it is " + width + "×" + height + " pixels, more than predict decodes ("
        + MAX_SIDE + " a side, " + MAX_PIXELS + " in all; the network sees " + SIZE + "×" + SIZE + "); scale it down first";
  }

  /** Prepares a decoded image. */
  public static ImageInput of(Path file, BufferedImage img) {
    String tooLarge = tooLarge(file, img.getWidth(), img.getHeight());
    if (tooLarge != null) throw new IllegalArgumentException(tooLarge);
    double[][] grey = luminance(img);
    double border = borderLightFraction(grey);
    boolean invert = border > 0.5;
    float[] px = areaAverage(grey, borderMean(grey), SIZE);
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

  /**
   * The image padded to a centred square with fill and scaled to size×size: each target pixel is
   * the mean over its box of the square (the nearest pixel when enlarging). The square is never
   * built: a box's sum is the image pixels inside it plus fill for the padding it covers.
   */
  static float[] areaAverage(double[][] g, double fill, int size) {
    int h = g.length, w = g[0].length, n = Math.max(h, w), top = (n - h) / 2, left = (n - w) / 2;
    float[] out = new float[size * size];
    for (int ty = 0; ty < size; ty++) {
      int y0 = (int) ((long) ty * n / size), y1 = Math.max(y0 + 1, (int) ((long) (ty + 1) * n / size));
      for (int tx = 0; tx < size; tx++) {
        int x0 = (int) ((long) tx * n / size), x1 = Math.max(x0 + 1, (int) ((long) (tx + 1) * n / size));
        int iy0 = Math.max(y0 - top, 0), iy1 = Math.min(y1 - top, h), ix0 = Math.max(x0 - left, 0), ix1 = Math.min(x1 - left, w);
        double sum = 0;
        long inside = 0;
        for (int y = iy0; y < iy1; y++) {
          for (int x = ix0; x < ix1; x++) sum += g[y][x];
          inside += Math.max(0, ix1 - ix0);
        }
        long area = (long) (y1 - y0) * (x1 - x0);
        out[ty * size + tx] = (float) ((sum + fill * (area - inside)) / area);
      }
    }
    return out;
  }
}
