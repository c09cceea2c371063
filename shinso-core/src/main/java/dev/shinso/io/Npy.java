package dev.shinso.io;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's .npy format, the arrays every Python user has: {@code np.save}/{@code np.load} in Java.
 * Writes FLOAT32 as {@code '<f4'} and INT64 as {@code '<i8'} (version 1.0, C order, the header
 * padded to 64 bytes as numpy pads it). Reads versions 1.0–3.0, either byte order, C or Fortran
 * order, and the dtypes f4, f8 (to FLOAT32: shinso has no float64), i1, i2, i4, i8, u1, u2, u4 (to
 * INT64) and b1 (to FLOAT32 0/1, as shinso's comparisons give); others are refused by name.
 */
public final class Npy {
  private Npy() {}

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int CHUNK = 1 << 20;

  public static void save(Tensor t, Path file) throws IOException {
    AtomicFiles.write(file, out -> write(t, out));
  }

  public static Tensor load(Path file) throws IOException {
    if (Files.isDirectory(file)) throw bad(file.toString(), "is a directory, not a file");
    if (!Files.exists(file)) throw bad(file.toString(), "no such file");
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK)) {
      return read(in, file.toString(), Files.size(file));
    }
  }

  /** The tensor in .npy form. */
  static void write(Tensor t, OutputStream out) throws IOException {
    boolean floats = t.dtype() == DType.FLOAT32;
    StringBuilder shape = new StringBuilder("(");
    for (int i = 0; i < t.dim(); i++) shape.append(t.size(i)).append(t.dim() == 1 ? "," : i + 1 < t.dim() ? ", " : "");
    String dict = "{'descr': '" + (floats ? "<f4" : "<i8") + "', 'fortran_order': False, 'shape': " + shape + "), }";
    boolean v2 = dict.length() + 64 > 0xffff;  // version 1.0 counts the header in 16 bits
    int unpadded = MAGIC.length + 2 + (v2 ? 4 : 2) + dict.length() + 1;
    byte[] header = (dict + " ".repeat((64 - unpadded % 64) % 64) + "\n").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 2 + (v2 ? 4 : 2)).order(ByteOrder.LITTLE_ENDIAN);
    head.put(MAGIC).put((byte) (v2 ? 2 : 1)).put((byte) 0);
    if (v2) head.putInt(header.length);
    else head.putShort((short) header.length);
    out.write(head.array());
    out.write(header);
    ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    if (floats) {
      float[] data = t.toFloatArray();
      for (int done = 0; done < data.length; ) {
        int n = Math.min(data.length - done, CHUNK / 4);
        buf.clear().asFloatBuffer().put(data, done, n);
        out.write(buf.array(), 0, 4 * n);
        done += n;
      }
    } else {
      long[] data = t.toLongArray();
      for (int done = 0; done < data.length; ) {
        int n = Math.min(data.length - done, CHUNK / 8);
        buf.clear().asLongBuffer().put(data, done, n);
        out.write(buf.array(), 0, 8 * n);
        done += n;
      }
    }
  }

  private record Header(ByteOrder order, char kind, int size, boolean fortran, int[] shape, long dataStart) {
    long numel() {
      long n = 1;
      for (int d : shape) n *= d;
      return n;
    }
  }

  /**
   * A tensor from .npy bytes. available: the stream's length when known (a file, a zip entry), else
   * -1; the data must fill it exactly.
   */
  static Tensor read(InputStream raw, String name, long available) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    Header h = header(in, name);
    long numel = h.numel();
    if (numel > Integer.MAX_VALUE) throw bad(name, "shape " + shapeText(h.shape) + " has more than 2^31-1 elements");
    long bytes = numel * h.size;
    if (available >= 0 && available - h.dataStart != bytes) {
      throw bad(name, "shape " + shapeText(h.shape) + " × " + h.size + "-byte elements needs " + bytes
          + " bytes of data, the file has " + (available - h.dataStart) + (available - h.dataStart < bytes ? " (truncated)" : ""));
    }
    boolean toFloat = h.kind == 'f' || h.kind == 'b';
    long heap = Runtime.getRuntime().maxMemory(), needs = numel * (toFloat ? 4 : 8);
    if (needs > heap) {
      throw bad(name, "shape " + shapeText(h.shape) + " needs " + needs + " bytes but the heap can hold at most " + heap
          + "; run with a larger -Xmx");
    }
    int n = (int) numel;
    float[] f = toFloat ? new float[n] : null;
    long[] l = toFloat ? null : new long[n];
    byte[] chunk = new byte[CHUNK - CHUNK % h.size];
    ByteBuffer buf = ByteBuffer.wrap(chunk).order(h.order);
    for (int done = 0; done < n; ) {
      int count = Math.min(n - done, chunk.length / h.size);
      try {
        in.readFully(chunk, 0, count * h.size);
      } catch (EOFException e) {
        throw bad(name, "the data ends before its " + n + " elements (truncated)");
      }
      buf.clear();
      for (int i = 0; i < count; i++, done++) {
        if (toFloat) f[done] = ((Double) element(buf, h)).floatValue();
        else l[done] = (Long) element(buf, h);
      }
    }
    if (available < 0 && in.read() != -1) throw bad(name, "bytes follow the " + n + " elements of the data");
    int[] stored = h.fortran ? reversed(h.shape) : h.shape;
    Tensor t = toFloat ? (stored.length == 0 ? Tensor.wrap(f).reshape() : Tensor.wrap(f, stored))
        : (stored.length == 0 ? Tensor.wrap(l).reshape() : Tensor.wrap(l, stored));
    if (h.fortran && stored.length > 1) {
      int[] dims = new int[stored.length];
      for (int i = 0; i < dims.length; i++) dims[i] = dims.length - 1 - i;
      t = t.permute(dims).contiguous();
    }
    return t;
  }

  /** The next element: a Double for f and b kinds, a Long for integers. */
  private static Object element(ByteBuffer b, Header h) {
    return switch (h.kind) {
      case 'f' -> h.size == 4 ? (Object) (double) b.getFloat() : (Object) b.getDouble();
      case 'b' -> (double) (b.get() != 0 ? 1 : 0);
      case 'i' -> switch (h.size) {
        case 1 -> (long) b.get();
        case 2 -> (long) b.getShort();
        case 4 -> (long) b.getInt();
        default -> b.getLong();
      };
      default -> switch (h.size) {  // 'u'
        case 1 -> (long) Byte.toUnsignedInt(b.get());
        case 2 -> (long) Short.toUnsignedInt(b.getShort());
        default -> Integer.toUnsignedLong(b.getInt());
      };
    };
  }

  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
  private static final List<String> SUPPORTED = List.of("f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "b1");

  private static Header header(DataInputStream in, String name) throws IOException {
    byte[] magic = new byte[MAGIC.length + 2];
    try {
      in.readFully(magic);
    } catch (EOFException e) {
      throw bad(name, "shorter than the 8-byte .npy preamble");
    }
    for (int i = 0; i < MAGIC.length; i++) if (magic[i] != MAGIC[i]) throw bad(name, "not a .npy file (no \\x93NUMPY magic)");
    int major = magic[6];
    if (major < 1 || major > 3) throw bad(name, "unknown .npy version " + major + "." + magic[7] + " (known: 1.0 to 3.0)");
    byte[] len = new byte[major == 1 ? 2 : 4];
    byte[] text;
    try {
      in.readFully(len);
      long length = major == 1 ? ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff
          : ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
      if (length > 1 << 20) throw bad(name, "header length " + length + " is more than 1 MiB");
      text = new byte[(int) length];
      in.readFully(text);
    } catch (EOFException e) {
      throw bad(name, "the header is truncated");
    }
    String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).strip();
    if (!dict.startsWith("{") || !dict.endsWith("}")) throw bad(name, "the header is not a Python dict: " + dict);
    Matcher d = DESCR.matcher(dict), f = FORTRAN.matcher(dict), s = SHAPE.matcher(dict);
    if (!d.find()) throw bad(name, "the header has no dtype this reader understands: " + dict + " (supported: " + SUPPORTED + ")");
    if (!f.find() || !s.find()) throw bad(name, "the header lacks fortran_order or shape: " + dict);
    String code = d.group(2) + d.group(3);
    if (!SUPPORTED.contains(code)) {
      throw bad(name, "dtype '" + d.group(1) + code + "' is not supported (supported: " + SUPPORTED + ")");
    }
    ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    List<Integer> dims = new ArrayList<>();
    for (String part : s.group(1).split(",")) {
      if (part.isBlank()) continue;
      long v;
      try {
        v = Long.parseLong(part.strip().replaceFirst("L$", ""));
      } catch (NumberFormatException e) {
        throw bad(name, "the shape (" + s.group(1) + ") is not a tuple of sizes");
      }
      if (v < 0 || v > Integer.MAX_VALUE) throw bad(name, "the shape (" + s.group(1) + ") has a size out of range");
      dims.add((int) v);
    }
    int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
    long dataStart = MAGIC.length + 2 + len.length + text.length;
    return new Header(order, d.group(2).charAt(0), Integer.parseInt(d.group(3)), f.group(1).equals("True"), shape, dataStart);
  }

  private static int[] reversed(int[] a) {
    int[] r = new int[a.length];
    for (int i = 0; i < a.length; i++) r[i] = a[a.length - 1 - i];
    return r;
  }

  private static String shapeText(int[] shape) {
    return java.util.Arrays.toString(shape);
  }

  private static IOException bad(String name, String problem) {
    return new IOException(String.format(Locale.ROOT, ".npy %s: %s", name, problem));
  }
}
