package dev.shinso.data.datasets;

import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An array read from the IDX format of the MNIST family: the magic number 0x00 0x00 type dims, then
 * dims big-endian 32-bit sizes, then the data. Only type 0x08 (unsigned byte) is supported, the type of
 * every MNIST-family file. Files may be gzipped; gzip is recognised by its magic bytes, not the name.
 */
public final class Idx {
  private static final int UNSIGNED_BYTE = 0x08;

  private final int[] shape;
  private final byte[] data;

  private Idx(int[] shape, byte[] data) {
    this.shape = shape;
    this.data = data;
  }

  public int[] shape() {
    return shape.clone();
  }

  /** The unsigned bytes in row-major order (the array itself, not a copy). */
  public byte[] data() {
    return data;
  }

  /** FLOAT32 tensor of value / divisor (255 scales bytes to [0, 1]), in the file's shape. */
  public Tensor toFloat(float divisor) {
    float[] table = new float[256];
    for (int v = 0; v < 256; v++) table[v] = v / divisor;
    float[] out = new float[data.length];
    for (int i = 0; i < out.length; i++) out[i] = table[data[i] & 0xFF];
    return Tensor.wrap(out, shape);
  }

  /** INT64 tensor of the values, in the file's shape. */
  public Tensor toLong() {
    long[] out = new long[data.length];
    for (int i = 0; i < out.length; i++) out[i] = data[i] & 0xFF;
    return Tensor.wrap(out, shape);
  }

  /**
   * Reads and validates an IDX file, plain or gzipped. A bad magic number, an unsupported type, a
   * size that does not fit, a truncated file or data after the declared end are IOExceptions that
   * name the file and the problem. The header's sizes are checked before the data is allocated: a
   * plain file must be exactly as long as they say; a gzipped one must be large enough to expand to
   * them (deflate expands at most 1032 times) and is read into buffers that grow only as the data
   * arrives; either must fit in the heap the JVM may use.
   */
  public static Idx read(Path file) throws IOException {
    return read(file, Runtime.getRuntime().maxMemory());
  }

  /** {@link #read(Path)} with the largest heap the data may need given (tests pass a small one). */
  static Idx read(Path file, long maxHeap) throws IOException {
    try (InputStream in = open(file)) {
      byte[] magic = in.readNBytes(4);
      if (magic.length < 4) throw problem(file, "truncated: " + magic.length + " bytes, too short for the magic number");
      if (magic[0] != 0 || magic[1] != 0) {
        throw problem(file, String.format("bad magic number 0x%02X%02X%02X%02X (an IDX file starts with 0x0000, then"
            + " its type and number of dimensions)", magic[0], magic[1], magic[2], magic[3]));
      }
      int type = magic[2] & 0xFF, dims = magic[3] & 0xFF;
      if (type != UNSIGNED_BYTE) {
        throw problem(file, String.format("data type 0x%02X (%s) is not supported; only 0x08 (unsigned byte) is",
            type, typeName(type)));
      }
      if (dims == 0) throw problem(file, "0 dimensions; an IDX array needs at least one");
      byte[] header = in.readNBytes(4 * dims);
      if (header.length < 4 * dims) {
        throw problem(file, "truncated: the header declares " + dims + " dimensions but holds only " + header.length
            + " of their " + 4 * dims + " size bytes");
      }
      long[] sizes = new long[dims];
      long numel = 1;
      for (int d = 0; d < dims; d++) {
        sizes[d] = ((header[4 * d] & 0xFFL) << 24) | ((header[4 * d + 1] & 0xFF) << 16)
            | ((header[4 * d + 2] & 0xFF) << 8) | (header[4 * d + 3] & 0xFF);
        numel = Math.min(numel * sizes[d], Long.MAX_VALUE / (1L << 32)); // saturates instead of overflowing
      }
      if (numel > Integer.MAX_VALUE - 8) {
        throw problem(file, "sizes " + Arrays.toString(sizes) + " declare more elements than one array can hold");
      }
      // checked apart from the count: a size of 0 elsewhere makes the count 0, but the shape stays unrepresentable
      for (long s : sizes) {
        if (s > Integer.MAX_VALUE) {
          throw problem(file, "size " + s + " in " + Arrays.toString(sizes) + " is larger than a dimension can be ("
              + Integer.MAX_VALUE + ")");
        }
      }
      int[] shape = Arrays.stream(sizes).mapToInt(x -> (int) x).toArray();
      long headerBytes = 4 + 4L * dims;
      boolean gzipped = in instanceof GZIPInputStream;
      checkSize(file, shape, numel, headerBytes, Files.size(file), gzipped, maxHeap);
      byte[] data = gzipped ? readGrowing(in, (int) numel) : in.readNBytes((int) numel);
      if (data.length < numel) {
        throw problem(file, "truncated: shape " + Arrays.toString(shape) + " declares " + numel + " bytes of data but"
            + " the " + (gzipped ? "decompressed data holds" : "file holds") + " only " + data.length);
      }
      if (in.read() != -1) {
        throw problem(file, "trailing data after the " + numel + " bytes that shape " + Arrays.toString(shape)
            + " declares");
      }
      return new Idx(shape, data);
    } catch (EOFException e) {
      throw problem(file, "truncated: the compressed data ends early (" + e.getMessage() + ")", e);
    } catch (ZipException e) {
      throw problem(file, "corrupt gzip data (" + e.getMessage() + ")", e);
    }
  }

  /** Deflate's largest expansion: a 258-byte match in 2 bits (the zlib FAQ's 1032:1). */
  private static final long MAX_GZIP_EXPANSION = 1032;

  /** Gzipped data is read in pieces of this many bytes at first, the buffer doubling as they arrive. */
  private static final int FIRST_CHUNK = 1 << 20;

  /**
   * The header's claim against the file's real size and the heap, before anything of the claimed
   * size is allocated: a header that claims millions of images on a small file is an error here.
   */
  private static void checkSize(Path file, int[] shape, long numel, long headerBytes, long fileBytes, boolean gzipped,
      long maxHeap) throws IOException {
    String claim = "shape " + Arrays.toString(shape) + " declares " + numel + " bytes of data";
    if (!gzipped) {
      long available = Math.max(0, fileBytes - headerBytes);
      if (available < numel) {
        throw problem(file, "truncated: " + claim + " but the file holds only " + available + " (" + fileBytes
            + " bytes with the " + headerBytes + "-byte header, " + (headerBytes + numel) + " expected)");
      }
      if (available > numel) {
        throw problem(file, "trailing data: " + claim + " but the file holds " + available + " (" + fileBytes
            + " bytes with the " + headerBytes + "-byte header, " + (headerBytes + numel) + " expected)");
      }
    } else if (headerBytes + numel > MAX_GZIP_EXPANSION * fileBytes) {
      throw problem(file, "truncated: " + claim + " but a gzip file of " + fileBytes + " bytes expands to at most "
          + MAX_GZIP_EXPANSION * fileBytes + " (deflate expands at most " + MAX_GZIP_EXPANSION + " times)");
    }
    if (numel > maxHeap) {
      throw problem(file, claim + " (" + mib(numel) + "); holding them needs that much heap but the JVM may use at"
          + " most " + mib(maxHeap) + " (raise it with -Xmx)");
    }
  }

  /** Up to n bytes, fewer when the stream ends early; the buffer grows as bytes arrive, never ahead of them. */
  private static byte[] readGrowing(InputStream in, int n) throws IOException {
    byte[] buf = new byte[Math.min(n, FIRST_CHUNK)];
    int filled = 0;
    while (filled < n) {
      if (filled == buf.length) buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
      int r = in.read(buf, filled, buf.length - filled);
      if (r < 0) return Arrays.copyOf(buf, filled);
      filled += r;
    }
    return buf;
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  /** The file's bytes, decompressed when it starts with gzip's magic bytes 0x1F 0x8B. */
  static InputStream open(Path file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      in.mark(2);
      int b0 = in.read(), b1 = in.read();
      in.reset();
      return b0 == 0x1F && b1 == 0x8B ? new GZIPInputStream(in, 1 << 16) : in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private static String typeName(int type) {
    return switch (type) {
      case 0x09 -> "signed byte";
      case 0x0B -> "int16";
      case 0x0C -> "int32";
      case 0x0D -> "float32";
      case 0x0E -> "float64";
      default -> "unknown";
    };
  }

  private static IOException problem(Path file, String what) {
    return new IOException("IDX file " + file + ": " + what);
  }

  private static IOException problem(Path file, String what, Throwable cause) {
    return new IOException("IDX file " + file + ": " + what, cause);
  }
}
