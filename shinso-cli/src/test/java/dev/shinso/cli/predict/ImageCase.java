package dev.shinso.cli.predict;

import dev.shinso.testing.fuzz.ByteMutation;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** An image file for the fuzzer, described by how it was built so that jqwik reports and shrinks it that way. */
sealed interface ImageCase {
  byte[] bytes();

  enum Kind {
    PNG_GREY(BufferedImage.TYPE_BYTE_GRAY, "png"),
    PNG_GREY16(BufferedImage.TYPE_USHORT_GRAY, "png"),
    PNG_RGB(BufferedImage.TYPE_INT_RGB, "png"),
    PNG_RGBA(BufferedImage.TYPE_INT_ARGB, "png"),
    PNG_PALETTE(BufferedImage.TYPE_BYTE_INDEXED, "png"),
    PNG_BITS(BufferedImage.TYPE_BYTE_BINARY, "png"),
    JPEG_GREY(BufferedImage.TYPE_BYTE_GRAY, "jpeg"),
    JPEG_RGB(BufferedImage.TYPE_INT_RGB, "jpeg");

    final int type;
    final String format;

    Kind(int type, String format) {
      this.type = type;
      this.format = format;
    }
  }

  /** A valid image of this kind and size with random pixels, then edits that know the format, then blind mutations. */
  record Encoded(Kind kind, int width, int height, int seed, List<ImageEdit> edits, List<ByteMutation> mutations)
      implements ImageCase {
    BufferedImage image() {
      BufferedImage img = new BufferedImage(width, height, kind.type);
      Random r = new Random(seed);
      for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) img.setRGB(x, y, r.nextInt());
      return img;
    }

    public byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        if (!ImageIO.write(image(), kind.format, out)) throw new IllegalStateException("no writer for " + kind);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      byte[] file = out.toByteArray();
      for (ImageEdit e : edits) file = e.apply(file);
      return ByteMutation.apply(mutations, file);
    }

    boolean untouched() {
      return edits.isEmpty() && mutations.isEmpty();
    }
  }

  /** Random bytes behind the magic number of a format ImageIO reads (or none). */
  record Noise(int magic, byte[] noise) implements ImageCase {
    static final List<byte[]> MAGIC = List.of(new byte[0], ImageBytes.PNG_SIGNATURE,
        new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, "GIF89a".getBytes(), "BM".getBytes(), "II*\0".getBytes(),
        "MM\0*".getBytes());

    public byte[] bytes() {
      return ImageBytes.concat(MAGIC.get(magic % MAGIC.size()), noise);
    }

    @Override
    public String toString() {
      return "Noise[magic=" + magic % MAGIC.size() + ", noise=" + java.util.HexFormat.of().formatHex(noise) + "]";
    }
  }
}
