package dev.shinso.cli.predict;

import static dev.shinso.cli.predict.ImageBytes.chunk;
import static dev.shinso.cli.predict.ImageBytes.concat;
import static dev.shinso.cli.predict.ImageBytes.deflate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An edit of a PNG or JPEG file that knows the format: a size that lies, a chunk or segment a
 * forger adds, compressed data that expands far beyond its size or falls short. An edit for the
 * other format leaves the file as it is; choices are taken modulo the pool.
 */
sealed interface ImageEdit {
  byte[] apply(byte[] file);

  /** Sizes around the limits (16384 a side, 2^24 pixels), ones that overflow, and ordinary ones. */
  List<Long> SIZES = List.of(0L, 1L, 2L, 27L, 1024L, 4096L, 16_384L, 16_385L, 65_535L, 1L << 24, 0x7FFF_FFFFL,
      0x8000_0000L, 0xFFFF_FFFFL);

  record Size(int width, int height, boolean fixCrc) implements ImageEdit {
    public byte[] apply(byte[] file) {
      byte[] out = file.clone();
      long w = SIZES.get(width % SIZES.size()), h = SIZES.get(height % SIZES.size());
      if (ImageBytes.isPng(out) && out.length >= 33) {
        ByteBuffer.wrap(out).putInt(16, (int) w).putInt(20, (int) h);
        if (fixCrc) ImageBytes.fixCrc(out, 8);
      } else if (ImageBytes.isJpeg(out)) {
        int sof = ImageBytes.findSof(out);
        if (sof < 0 || sof + 9 > out.length) return out;
        ByteBuffer.wrap(out).putShort(sof + 5, (short) h).putShort(sof + 7, (short) w);
      }
      return out;
    }
  }

  /** 8 MiB of zeros deflated to about 8 KiB: what a chunk that is decompressed would expand to. */
  byte[] BOMB = deflate(new byte[8 << 20]);

  /** Chunks inserted after IHDR: compressed text and profiles that expand, lying lengths, misplaced critical chunks. */
  List<byte[]> CHUNKS = List.of(
      chunk("zTXt", concat("Comment\0".getBytes(StandardCharsets.ISO_8859_1), new byte[] {0}, BOMB)),
      chunk("iCCP", concat("icc\0".getBytes(StandardCharsets.ISO_8859_1), new byte[] {0}, BOMB)),
      chunk("iTXt", concat("Comment\0".getBytes(StandardCharsets.ISO_8859_1), new byte[] {1, 0, 0, 0}, BOMB)),
      chunk("tEXt", "no separator".getBytes(StandardCharsets.ISO_8859_1)),
      chunk("tEXt", new byte[16], 0x7FFF_FFFF),
      chunk("abCD", new byte[4]),
      chunk("abcd", new byte[4]),
      chunk("IHDR", new byte[] {0, 0, 0x40, 0, 0, 0, 0x40, 0, 8, 0, 0, 0, 0}),
      chunk("PLTE", new byte[900]),
      chunk("PLTE", new byte[0]),
      chunk("tRNS", new byte[1000]),
      chunk("gAMA", new byte[1]),
      chunk("sBIT", new byte[9]),
      chunk("IEND", new byte[0]),
      chunk("IDAT", deflate(new byte[1])));

  record PngChunk(int choice) implements ImageEdit {
    public byte[] apply(byte[] file) {
      if (!ImageBytes.isPng(file) || file.length < 33) return file;
      byte[] c = CHUNKS.get(choice % CHUNKS.size());
      return concat(java.util.Arrays.copyOf(file, 33), c, java.util.Arrays.copyOfRange(file, 33, file.length));
    }
  }

  /** Image data that decompresses to far too little, a little too much, far too much, or is not zlib at all. */
  List<byte[]> IDATS = List.of(new byte[0], deflate(new byte[0]), deflate(new byte[1]), deflate(new byte[100_000]),
      BOMB, new byte[] {0x78, (byte) 0x9C, 1, 2, 3}, new byte[] {0x08, 0x1D}, java.util.Arrays.copyOf(BOMB, 100));

  /** Replaces the first IDAT's data (its CRC made right, so that only the content is wrong). */
  record PngData(int choice) implements ImageEdit {
    public byte[] apply(byte[] file) {
      int at = ImageBytes.isPng(file) ? ImageBytes.findChunk(file, "IDAT") : -1;
      if (at < 0) return file;
      int length = ByteBuffer.wrap(file).getInt(at);
      return concat(java.util.Arrays.copyOf(file, at), chunk("IDAT", IDATS.get(choice % IDATS.size())),
          java.util.Arrays.copyOfRange(file, at + 12 + length, file.length));
    }
  }

  /** Segments inserted after SOI: lying lengths, impossible tables and frames, an early end. */
  List<byte[]> SEGMENTS = List.of(
      new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) 0xFF, (byte) 0xFF, 1, 2},
      new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0},
      new byte[] {(byte) 0xFF, (byte) 0xDB, 0, 3, 0x1F},
      new byte[] {(byte) 0xFF, (byte) 0xC4, 0, 20, 0x00, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
          (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
          (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
      new byte[] {(byte) 0xFF, (byte) 0xC0, 0, 8, 8, 0x40, 0, 0x40, 0, (byte) 0xFF},
      new byte[] {(byte) 0xFF, (byte) 0xC2, 0, 11, 16, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 1, 0x11, 0},
      new byte[] {(byte) 0xFF, (byte) 0xD9},
      new byte[] {(byte) 0xFF, (byte) 0xDD, 0, 4, (byte) 0xFF, (byte) 0xFF});

  record JpegSegment(int choice) implements ImageEdit {
    public byte[] apply(byte[] file) {
      if (!ImageBytes.isJpeg(file)) return file;
      return concat(java.util.Arrays.copyOf(file, 2), SEGMENTS.get(choice % SEGMENTS.size()),
          java.util.Arrays.copyOfRange(file, 2, file.length));
    }
  }
}
