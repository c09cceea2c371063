package dev.shinso.cli.predict;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/** Just enough of PNG's and JPEG's structure to edit them: chunks, segments, and the declared size. */
final class ImageBytes {
  private ImageBytes() {}

  static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  static boolean isPng(byte[] b) {
    return b.length >= 8 && Arrays.equals(b, 0, 8, PNG_SIGNATURE, 0, 8);
  }

  static boolean isJpeg(byte[] b) {
    return b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8;
  }

  /** A PNG chunk: length, type, data, and the CRC of type and data. */
  static byte[] chunk(String type, byte[] data) {
    return chunk(type, data, data.length);
  }

  /** A chunk whose length field says declaredLength, whatever data holds. */
  static byte[] chunk(String type, byte[] data, int declaredLength) {
    byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    return ByteBuffer.allocate(12 + data.length).putInt(declaredLength).put(t).put(data).putInt((int) crc.getValue())
        .array();
  }

  /** Offset of the first chunk of this type, or -1; walks the chunk list as far as it is well-formed. */
  static int findChunk(byte[] png, String type) {
    byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
    for (int at = 8; at + 8 <= png.length; ) {
      long length = ByteBuffer.wrap(png, at, 4).getInt() & 0xFFFF_FFFFL;
      if (Arrays.equals(png, at + 4, at + 8, t, 0, 4)) return at;
      if (at + 12 + length > png.length) return -1;
      at += (int) (12 + length);
    }
    return -1;
  }

  /** Recomputes the CRC of the chunk at offset, after its data were edited. */
  static void fixCrc(byte[] png, int chunkAt) {
    int length = ByteBuffer.wrap(png, chunkAt, 4).getInt();
    if (length < 0 || chunkAt + 12L + length > png.length) return;
    CRC32 crc = new CRC32();
    crc.update(png, chunkAt + 4, 4 + length);
    ByteBuffer.wrap(png).putInt(chunkAt + 8 + length, (int) crc.getValue());
  }

  /** Offset of the first start-of-frame segment's marker (FFC0-FFCF but DHT, JPG, DAC), or -1. */
  static int findSof(byte[] jpeg) {
    for (int at = 2; at + 4 <= jpeg.length; ) {
      if ((jpeg[at] & 0xFF) != 0xFF) return -1;
      int marker = jpeg[at + 1] & 0xFF;
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) return at;
      if (marker == 0xDA) return -1; // the scan starts: no frame header before it
      at += 2 + (((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF));
    }
    return -1;
  }

  /** The width and height the header declares, read as a decoder would, or null when there is none to read. */
  static long[] declaredSize(byte[] b) {
    if (isPng(b) && b.length >= 24 && Arrays.equals(b, 12, 16, "IHDR".getBytes(StandardCharsets.ISO_8859_1), 0, 4)) {
      ByteBuffer bb = ByteBuffer.wrap(b);
      return new long[] {bb.getInt(16) & 0xFFFF_FFFFL, bb.getInt(20) & 0xFFFF_FFFFL};
    }
    int sof = isJpeg(b) ? findSof(b) : -1;
    if (sof >= 0 && sof + 9 <= b.length) {
      return new long[] {((b[sof + 7] & 0xFF) << 8) | (b[sof + 8] & 0xFF), ((b[sof + 5] & 0xFF) << 8) | (b[sof + 6] & 0xFF)};
    }
    return null;
  }

  static byte[] deflate(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
      z.write(data);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }
}
