package dev.shinso.cli.diffusion;

import dev.shinso.io.AtomicFiles;
import dev.shinso.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Grey images [N, 1, H, W] with values in [−1, 1] (a diffusion model's range) as PNG grids: each image
 * scaled up by an integer factor, 2 px of black between them; the trajectory strip puts one sample per
 * row and one denoising step per column.
 */
public final class ImageGrid {
  private static final int PAD = 2;

  private ImageGrid() {}

  /** The images in a grid of cols columns (rows as needed), row by row. */
  public static BufferedImage grid(Tensor images, int cols, int scale) {
    int n = images.size(0);
    cols = Math.min(cols, n);
    int rows = (n + cols - 1) / cols;
    int h = images.size(2), w = images.size(3);
    float[] v = images.contiguous().toFloatArray();
    BufferedImage img = canvas(rows, cols, h, w, scale);
    for (int i = 0; i < n; i++) draw(img, v, i * h * w, h, w, scale, i / cols, i % cols);
    return img;
  }

  /** frames.get(f) is [N, 1, H, W]; row r shows sample r of every frame, left (noise) to right (image). */
  public static BufferedImage strip(List<Tensor> frames, int rows, int scale) {
    Tensor first = frames.get(0);
    int h = first.size(2), w = first.size(3);
    rows = Math.min(rows, first.size(0));
    BufferedImage img = canvas(rows, frames.size(), h, w, scale);
    for (int f = 0; f < frames.size(); f++) {
      float[] v = frames.get(f).contiguous().toFloatArray();
      for (int r = 0; r < rows; r++) draw(img, v, r * h * w, h, w, scale, r, f);
    }
    return img;
  }

  public static void save(BufferedImage img, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) java.nio.file.Files.createDirectories(parent);
    AtomicFiles.write(file, out -> {
      if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer in this JDK");
    });
  }

  private static BufferedImage canvas(int rows, int cols, int h, int w, int scale) {
    return new BufferedImage(PAD + cols * (w * scale + PAD), PAD + rows * (h * scale + PAD), BufferedImage.TYPE_BYTE_GRAY);
  }

  private static void draw(BufferedImage img, float[] v, int off, int h, int w, int scale, int row, int col) {
    var raster = img.getRaster();
    int x0 = PAD + col * (w * scale + PAD), y0 = PAD + row * (h * scale + PAD);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float p = v[off + y * w + x];
        int grey = Float.isFinite(p) ? Math.round(Math.clamp((p + 1) / 2, 0f, 1f) * 255) : 0;
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) raster.setSample(x0 + x * scale + dx, y0 + y * scale + dy, 0, grey);
        }
      }
    }
  }
}
