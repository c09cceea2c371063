package dev.shinso.io;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * NumPy's {@code .npy} format, one array per file, as {@code np.save} writes it and {@code np.load}
 * reads it: the magic {@code \x93NUMPY}, a version byte pair, the header length (uint16 in 1.0,
 * uint32 in 2.0 and 3.0), a header that is a Python dict literal ({@code {'descr': '<f4',
 * 'fortran_order': False, 'shape': (2, 3), }}, Latin-1 in 1.0 and 2.0, UTF-8 in 3.0), then the raw
 * data.
 *
 * <p>{@link #save} writes {@code '<f4'} for FLOAT32, {@code '<f8'} for FLOAT64 and {@code '<i8'} for INT64 tensors in C order,
 * format 1.0 (2.0 only if the header needs it), padded so the data starts at a multiple of 64 bytes:
 * the same bytes {@code np.save} writes for the same array. {@link #load} reads versions 1.0 to 3.0,
 * either byte order, C or Fortran order (the tensor is in C order either way), and converts to the
 * dtypes shinso has:
 *
 * <ul>
 *   <li>{@code f4} as is and {@code f2} exactly: FLOAT32;
 *   <li>{@code f8} as is: FLOAT64;
 *   <li>{@code b1}: FLOAT32 0 and 1, as shinso's comparisons give;
 *   <li>{@code i1 i2 i4 i8 u1 u2 u4} exactly, and {@code u8} up to 2^63 − 1: INT64.
 * </ul>
 *
 * Anything else (complex, strings, objects, dates, structured arrays) is refused, naming the dtype.
 * Loaded tensors are CPU tensors. Reading checks everything before trusting it: the magic, the
 * version, the header, the data size against shape × dtype, the heap against the tensor's size.
 */
public final class Npy {
  /** A larger header is a corrupt or hostile file (numpy itself refuses more than 10,000 bytes by default). */
  public static final int MAX_HEADER_BYTES = 1 << 20;
  /** Bytes read per call while filling a tensor: a large array never passes through one buffer. */
  static final int CHUNK_BYTES = 1 << 20;

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGN = 64;
  private static final int GROWTH_AXIS_MAX_DIGITS = 21; // numpy leaves this much room to grow the first axis
  private static final String SUPPORTED = "supported: f2, f4 and b1 as float32; f8 as float64; i1, i2, i4, i8, u1, u2, u4, u8 as int64;"
      + " either byte order";

  private Npy() {}

  /** Writes the tensor (from any device, any strides) in C order, atomically: the file is complete or unchanged. */
  public static void save(Tensor tensor, Path file) throws IOException {
    Encoded e = encode(tensor);
    AtomicFiles.write(file, e::writeTo);
  }

  /** Reads a {@code .npy} file into a CPU tensor (FLOAT32 or INT64; see the class comment for the conversions). */
  public static Tensor load(Path file) throws IOException {
    long size = Files.size(file);
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, size, "npy file " + file);
    }
  }

  // ---- writing ----

  /** A tensor ready to write: the preamble and header, and its values in C order. */
  record Encoded(byte[] head, Tensor values) {
    long size() {
      return head.length + (long) values.numel() * values.dtype().byteSize();
    }

    void writeTo(OutputStream out) throws IOException {
      out.write(head);
      LittleEndian.write(values, out);
    }
  }

  static Encoded encode(Tensor t) {
    int[] shape = t.shapeArray();
    String descr = switch (t.dtype()) {
      case FLOAT32 -> "<f4";
      case FLOAT64 -> "<f8";
      case INT64 -> "<i8";
    };
    StringBuilder header = new StringBuilder("{'descr': '").append(descr)
        .append("', 'fortran_order': False, 'shape': ").append(shapeRepr(shape)).append(", }");
    if (shape.length > 0) header.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
    byte[] text = header.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] head = wrapHeader(text, 1);
    if (head == null) head = wrapHeader(text, 2);
    return new Encoded(head, t);
  }

  /** numpy's layout: magic, version, length, header, spaces, '\n', ending at a multiple of 64; null if 1.0's uint16 cannot hold it. */
  private static byte[] wrapHeader(byte[] text, int major) {
    int lengthBytes = major == 1 ? 2 : 4;
    int hlen = text.length + 1;
    int pad = ALIGN - (MAGIC.length + 2 + lengthBytes + hlen) % ALIGN;
    long total = (long) hlen + pad;
    if (major == 1 && total > 0xFFFF) return null;
    ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + lengthBytes + (int) total).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) b.putShort((short) total);
    else b.putInt((int) total);
    b.put(text);
    for (int i = 0; i < pad; i++) b.put((byte) ' ');
    b.put((byte) '\n');
    return b.array();
  }

  private static String shapeRepr(int[] shape) {
    if (shape.length == 1) return "(" + shape[0] + ",)";
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) s.append(i == 0 ? "" : ", ").append(shape[i]);
    return s.append(')').toString();
  }

  // ---- reading ----

  /**
   * Reads one array of size bytes from in; where names the source in messages ("npy file x.npy",
   * "npz file x.npz, array 'w'"). Everything is checked before the tensor is allocated.
   */
  static Tensor read(InputStream in, long size, String where) throws IOException {
    byte[] preamble = in.readNBytes((int) Math.min(size, 10));
    for (int i = 0; i < Math.min(preamble.length, MAGIC.length); i++) {
      if (preamble[i] != MAGIC[i]) throw corrupt(where, "not an NPY file: it does not start with \\x93NUMPY");
    }
    if (preamble.length < 10) {
      throw corrupt(where, "the file has " + size + " bytes, fewer than the 10-byte NPY preamble");
    }
    int major = preamble[6] & 0xFF, minor = preamble[7] & 0xFF;
    if (major < 1 || major > 3 || minor != 0) {
      throw corrupt(where, "NPY version " + major + "." + minor + " is not supported (supported: 1.0, 2.0, 3.0)");
    }
    int headerStart = major == 1 ? 10 : 12;
    long headerLength;
    if (major == 1) {
      headerLength = ByteBuffer.wrap(preamble, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
    } else {
      byte[] rest = in.readNBytes(2);
      if (rest.length < 2) throw corrupt(where, "the file has " + size + " bytes, fewer than the 12-byte NPY " + major + ".0 preamble");
      ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).put(preamble, 8, 2).put(rest).flip();
      headerLength = b.getInt() & 0xFFFFFFFFL;
    }
    if (headerLength > MAX_HEADER_BYTES) {
      throw corrupt(where, "header length " + headerLength + " is more than " + MAX_HEADER_BYTES + " bytes");
    }
    if (headerStart + headerLength > size) {
      throw corrupt(where, "header length " + headerLength + " runs past the end of the file (" + size + " bytes)");
    }
    byte[] headerBytes = in.readNBytes((int) headerLength);
    if (headerBytes.length < headerLength) throw corrupt(where, "unexpected end of file in the header");
    String text = major == 3 ? utf8(headerBytes, where) : new String(headerBytes, StandardCharsets.ISO_8859_1);
    Header h = Header.parse(text, where);
    Descr d = Descr.parse(h.descr, where);

    long numel = 1, dataBytes;
    try {
      for (long dim : h.shape) numel = Math.multiplyExact(numel, dim);
      dataBytes = Math.multiplyExact(numel, d.size);
    } catch (ArithmeticException e) {
      throw corrupt(where, "shape " + shapeText(h.shape) + " has more elements than a long can count");
    }
    long available = size - headerStart - headerLength;
    if (dataBytes > available) {
      throw corrupt(where, "shape " + shapeText(h.shape) + " of '" + h.descr + "' needs " + dataBytes
          + " bytes of data but the file has " + available + " (the file is truncated)");
    }
    if (dataBytes < available) {
      throw corrupt(where, (available - dataBytes) + " bytes after the data belong to no array (shape "
          + shapeText(h.shape) + " of '" + h.descr + "' needs " + dataBytes + ")");
    }
    if (numel > Integer.MAX_VALUE) {
      throw corrupt(where, "shape " + shapeText(h.shape) + " has " + numel + " elements; a shinso tensor holds at most 2^31-1");
    }
    for (long dim : h.shape) {
      if (dim > Integer.MAX_VALUE) throw corrupt(where, "shape " + shapeText(h.shape) + " has a size above 2^31-1");
    }
    long tensorBytes = numel * d.out.byteSize(), heap = Runtime.getRuntime().maxMemory();
    if (tensorBytes > heap) {
      throw new IOException(where + ": shape " + shapeText(h.shape) + " as " + d.out + " needs " + tensorBytes
          + " bytes (" + gib(tensorBytes) + " GiB) but the heap can hold at most " + gib(heap) + " GiB; run with a larger -Xmx");
    }

    int[] shape = new int[h.shape.length];
    for (int i = 0; i < shape.length; i++) shape[i] = (int) h.shape[h.fortranOrder ? shape.length - 1 - i : i];
    Tensor t = switch (d.out) {
      case FLOAT32 -> Tensor.wrap(readFloats(in, (int) numel, d, where), shape);
      case FLOAT64 -> Tensor.wrap(readDoubles(in, (int) numel, d, where), shape);
      case INT64 -> Tensor.wrap(readLongs(in, (int) numel, d, where), shape);
    };
    if (in.read() != -1) throw corrupt(where, "there are more bytes than its size says (" + size + ")");
    if (shape.length == 0) return t.reshape();
    if (!h.fortranOrder || shape.length == 1) return t;
    int[] reverse = new int[shape.length];
    for (int i = 0; i < reverse.length; i++) reverse[i] = reverse.length - 1 - i;
    return t.permute(reverse).contiguous(); // Fortran order is C order of the reversed shape
  }

  private static float[] readFloats(InputStream in, int numel, Descr d, String where) throws IOException {
    float[] out = new float[numel];
    byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, (long) numel * d.size)];
    for (int done = 0; done < numel; ) {
      int n = Math.min(numel - done, CHUNK_BYTES / d.size);
      ByteBuffer b = fill(in, chunk, n * d.size, where).order(d.order);
      switch (d.code) {
        case "f4" -> b.asFloatBuffer().get(out, done, n);
        case "f2" -> { for (int i = 0; i < n; i++) out[done + i] = Float.float16ToFloat(b.getShort()); }
        case "b1" -> { for (int i = 0; i < n; i++) out[done + i] = b.get() != 0 ? 1f : 0f; }
        default -> throw new AssertionError(d.code);
      }
      done += n;
    }
    return out;
  }

  private static double[] readDoubles(InputStream in, int numel, Descr d, String where) throws IOException {
    double[] out = new double[numel];
    byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, (long) numel * d.size)];
    for (int done = 0; done < numel; ) {
      int n = Math.min(numel - done, CHUNK_BYTES / d.size);
      fill(in, chunk, n * d.size, where).order(d.order).asDoubleBuffer().get(out, done, n);
      done += n;
    }
    return out;
  }

  private static long[] readLongs(InputStream in, int numel, Descr d, String where) throws IOException {
    long[] out = new long[numel];
    byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, (long) numel * d.size)];
    for (int done = 0; done < numel; ) {
      int n = Math.min(numel - done, CHUNK_BYTES / d.size);
      ByteBuffer b = fill(in, chunk, n * d.size, where).order(d.order);
      switch (d.code) {
        case "i8" -> b.asLongBuffer().get(out, done, n);
        case "i4" -> { for (int i = 0; i < n; i++) out[done + i] = b.getInt(); }
        case "i2" -> { for (int i = 0; i < n; i++) out[done + i] = b.getShort(); }
        case "i1" -> { for (int i = 0; i < n; i++) out[done + i] = b.get(); }
        case "u4" -> { for (int i = 0; i < n; i++) out[done + i] = b.getInt() & 0xFFFFFFFFL; }
        case "u2" -> { for (int i = 0; i < n; i++) out[done + i] = b.getShort() & 0xFFFF; }
        case "u1" -> { for (int i = 0; i < n; i++) out[done + i] = b.get() & 0xFF; }
        case "u8" -> {
          for (int i = 0; i < n; i++) {
            long v = b.getLong();
            if (v < 0) {
              throw corrupt(where, "element " + (done + i) + " is " + Long.toUnsignedString(v)
                  + ", more than int64 can hold (2^63-1)");
            }
            out[done + i] = v;
          }
        }
        default -> throw new AssertionError(d.code);
      }
      done += n;
    }
    return out;
  }

  private static ByteBuffer fill(InputStream in, byte[] chunk, int length, String where) throws IOException {
    if (in.readNBytes(chunk, 0, length) < length) throw corrupt(where, "unexpected end of file in the data");
    return ByteBuffer.wrap(chunk, 0, length);
  }

  /** A dtype shinso reads: its code without the byte order ("f4"), its size, its byte order, what it becomes. */
  private record Descr(String code, int size, ByteOrder order, DType out) {
    static Descr parse(String descr, String where) throws IOException {
      if (descr.length() != 3) throw refused(descr, where);
      String code = descr.substring(1);
      int size = code.charAt(1) - '0';
      DType out = switch (code) {
        case "f2", "f4", "b1" -> DType.FLOAT32;
        case "f8" -> DType.FLOAT64;
        case "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8" -> DType.INT64;
        default -> throw refused(descr, where);
      };
      ByteOrder order = switch (descr.charAt(0)) {
        case '<' -> ByteOrder.LITTLE_ENDIAN;
        case '>' -> ByteOrder.BIG_ENDIAN;
        case '=' -> ByteOrder.nativeOrder();
        case '|' -> {
          if (size != 1) throw refused(descr, where); // '|' means "no byte order", which only one-byte types have
          yield ByteOrder.LITTLE_ENDIAN;
        }
        default -> throw refused(descr, where);
      };
      return new Descr(code, size, order, out);
    }

    private static IOException refused(String descr, String where) {
      return corrupt(where, "dtype '" + descr + "' is not supported (" + SUPPORTED + ")");
    }
  }

  /** The three keys of an NPY header. */
  private record Header(String descr, boolean fortranOrder, long[] shape) {
    static Header parse(String text, String where) throws IOException {
      Object parsed;
      try {
        parsed = new PyLiteral(text).parseAll();
      } catch (IllegalArgumentException e) {
        throw corrupt(where, "the header is not a Python literal (" + e.getMessage() + "): " + abbreviate(text));
      }
      if (!(parsed instanceof Map<?, ?> dict)) throw corrupt(where, "the header is not a dict: " + abbreviate(text));
      for (Object k : dict.keySet()) {
        if (!(k instanceof String key) || !(key.equals("descr") || key.equals("fortran_order") || key.equals("shape"))) {
          throw corrupt(where, "the header has an unknown key " + k + " (expected descr, fortran_order, shape)");
        }
      }
      for (String key : new String[] {"descr", "fortran_order", "shape"}) {
        if (!dict.containsKey(key)) throw corrupt(where, "the header has no '" + key + "': " + abbreviate(text));
      }
      Object descr = dict.get("descr");
      if (!(descr instanceof String d)) {
        throw corrupt(where, "dtype " + descr + " is a structured dtype, which is not supported (" + SUPPORTED + ")");
      }
      if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
        throw corrupt(where, "'fortran_order' is " + dict.get("fortran_order") + ", not True or False");
      }
      if (!(dict.get("shape") instanceof PyLiteral.Tuple(var items))) {
        throw corrupt(where, "'shape' is " + dict.get("shape") + ", not a tuple");
      }
      long[] shape = new long[items.size()];
      for (int i = 0; i < shape.length; i++) {
        if (!(items.get(i) instanceof Long dim) || dim < 0) {
          throw corrupt(where, "'shape' has an invalid size " + items.get(i) + " in " + dict.get("shape"));
        }
        shape[i] = dim;
      }
      return new Header(d, fortran, shape);
    }
  }

  private static String shapeText(long[] shape) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) s.append(i == 0 ? "" : ", ").append(shape[i]);
    return s.append(shape.length == 1 ? ",)" : ")").toString();
  }

  private static String abbreviate(String text) {
    String t = text.strip();
    return t.length() <= 200 ? t : t.substring(0, 200) + "…";
  }

  private static String utf8(byte[] bytes, String where) throws IOException {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw corrupt(where, "the version 3.0 header is not valid UTF-8");
    }
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.2f", bytes / (double) (1L << 30));
  }

  static IOException corrupt(String where, String problem) {
    return new IOException(where + ": " + problem);
  }
}
