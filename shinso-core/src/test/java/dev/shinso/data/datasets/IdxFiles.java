package dev.shinso.data.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files byte by byte for tests. */
final class IdxFiles {
  private IdxFiles() {}

  /** Magic 0x00 0x00 type dims, the sizes big-endian, then data. */
  static byte[] idx(int type, int[] sizes, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * sizes.length + data.length);
    b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) sizes.length);
    for (int s : sizes) b.putInt(s);
    return b.put(data).array();
  }

  static byte[] ubyte(int[] sizes, byte[] data) {
    return idx(0x08, sizes, data);
  }

  static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** n images of 28×28 whose pixels are (image + pixel) mod 256, and labels[i]. */
  static byte[] images(int n) {
    byte[] data = new byte[n * 784];
    for (int i = 0; i < data.length; i++) data[i] = (byte) (i / 784 + i % 784);
    return ubyte(new int[] {n, 28, 28}, data);
  }

  static byte[] labels(byte... labels) {
    return ubyte(new int[] {labels.length}, labels);
  }
}
