package dev.shinso.io;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format that PyTorch and Hugging Face use: an 8-byte little-endian header length,
 * a JSON header ({@code name: {dtype, shape, data_offsets}} plus an optional {@code __metadata__}
 * of strings), then the raw little-endian data. Reading validates everything before trusting it:
 * header size, JSON, dtypes, shapes, offsets inside the data, no overlaps or holes, and sizes equal
 * to shape × dtype.
 */
public final class SafeTensors {
  /** The reference implementation's limit; a larger header is a corrupt or hostile file. */
  public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
  private static final String METADATA = "__metadata__";

  private SafeTensors() {}

  /** What a file holds: tensors in file order, and the metadata strings. */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

  public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
    save(tensors, Map.of(), file);
  }

  /** Writes the tensors (and metadata) atomically: the file is complete or unchanged. */
  public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path file) throws IOException {
    StringBuilder header = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      header.append(Json.quote(METADATA)).append(":{");
      String sep = "";
      for (var e : metadata.entrySet()) {
        header.append(sep).append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
        sep = ",";
      }
      header.append('}');
    }
    long offset = 0;
    for (var e : tensors.entrySet()) {
      if (e.getKey().equals(METADATA)) throw new IllegalArgumentException("safetensors: " + METADATA + " is reserved");
      Tensor t = e.getValue();
      long bytes = (long) t.numel() * t.dtype().byteSize();
      if (header.length() > 1) header.append(',');
      header.append(Json.quote(e.getKey())).append(":{\"dtype\":\"").append(code(t.dtype()))
          .append("\",\"shape\":").append(java.util.Arrays.toString(t.shapeArray()).replace(" ", ""))
          .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
      offset += bytes;
    }
    header.append('}');
    while ((header.length() + 8) % 8 != 0) header.append(' '); // keeps the data 8-byte aligned
    byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
    while (headerBytes.length % 8 != 0) { // multi-byte characters changed the length
      header.append(' ');
      headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
    }
    byte[] head = headerBytes;
    AtomicFiles.write(file, out -> {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(head.length).array());
      out.write(head);
      for (Tensor t : tensors.values()) writeData(t, out);
    });
  }

  private static void writeData(Tensor t, OutputStream out) throws IOException {
    LittleEndian.write(t, out);
  }

  public static Contents load(Path file) throws IOException {
    // FileChannel's own messages are the bare path ("x.safetensors") or "Is a directory".
    if (Files.isDirectory(file)) throw corrupt(file, "is a directory, not a file");
    if (!Files.exists(file)) throw corrupt(file, "no such file");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) throw corrupt(file, "the file has " + size + " bytes, fewer than the 8-byte header length");
      long headerLength = readFully(ch, 0, 8, file).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
        throw corrupt(file, "header length " + Long.toUnsignedString(headerLength) + " is outside 2.." + MAX_HEADER_BYTES);
      }
      if (8 + headerLength > size) {
        throw corrupt(file, "header length " + headerLength + " runs past the end of the file (" + size + " bytes)");
      }
      String json = decodeUtf8(readFully(ch, 8, (int) headerLength, file), file);
      Object parsed;
      try {
        parsed = Json.parse(json);
      } catch (IllegalArgumentException e) {
        throw corrupt(file, "the header is not valid JSON (" + e.getMessage() + ")");
      }
      if (!(parsed instanceof Map<?, ?> header)) throw corrupt(file, "the header is not a JSON object");
      long dataLength = size - 8 - headerLength;
      Map<String, String> metadata = new LinkedHashMap<>();
      List<Entry> entries = new ArrayList<>();
      for (var e : header.entrySet()) {
        String name = (String) e.getKey();
        if (name.equals(METADATA)) metadata = metadata(e.getValue(), file);
        else entries.add(entry(name, e.getValue(), file));
      }
      checkLayout(entries, dataLength, file);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      long dataStart = 8 + headerLength;
      for (Entry en : entries) {
        checkHeap(en, file);
        long at = dataStart + en.begin;
        tensors.put(en.name, switch (en.dtype) {
          case FLOAT32 -> floats(ch, at, en.shape, file);
          case FLOAT64 -> doubles(ch, at, en.shape, file);
          case INT64 -> longs(ch, at, en.shape, file);
        });
      }
      return new Contents(tensors, metadata);
    }
  }

  private record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

  private static Entry entry(String name, Object value, Path file) throws IOException {
    if (!(value instanceof Map<?, ?> info)) throw corrupt(file, "entry '" + name + "' is not an object");
    for (Object k : info.keySet()) {
      if (!List.of("dtype", "shape", "data_offsets").contains(k)) throw corrupt(file, "entry '" + name + "' has an unknown field '" + k + "'");
    }
    if (!(info.get("dtype") instanceof String code)) throw corrupt(file, "entry '" + name + "' has no dtype string");
    DType dtype = switch (code) {
      case "F32" -> DType.FLOAT32;
      case "F64" -> DType.FLOAT64;
      case "I64" -> DType.INT64;
      default -> throw corrupt(file, "tensor '" + name + "' has dtype " + code
          + ", which shinso does not load (supported: F32, F64, I64)");
    };
    int[] shape = ints(info.get("shape"), name, "shape", file);
    long[] offsets = longs(info.get("data_offsets"), name, file);
    long numel = 1;
    for (int d : shape) {
      if (d < 0) throw corrupt(file, "tensor '" + name + "' has a negative size in shape " + java.util.Arrays.toString(shape));
      numel = Math.min(numel * d, 1L << 31); // saturates: a 0 anywhere makes 0, in whatever order the sizes come
    }
    if (numel > Integer.MAX_VALUE) throw corrupt(file, "tensor '" + name + "' has more than 2^31-1 elements");
    if (offsets[1] < offsets[0]) throw corrupt(file, "tensor '" + name + "' has data_offsets that end before they begin");
    long expected = numel * dtype.byteSize();
    if (offsets[1] - offsets[0] != expected) {
      throw corrupt(file, "tensor '" + name + "' has " + (offsets[1] - offsets[0]) + " bytes of data but shape "
          + java.util.Arrays.toString(shape) + " × " + code + " needs " + expected);
    }
    return new Entry(name, dtype, shape, offsets[0], offsets[1]);
  }

  /** Tensors must tile the data section exactly: inside it, no overlaps, no holes, nothing left over. */
  private static void checkLayout(List<Entry> entries, long dataLength, Path file) throws IOException {
    for (Entry e : entries) {
      if (e.end > dataLength) {
        throw corrupt(file, "tensor '" + e.name + "' needs bytes [" + e.begin + ", " + e.end + ") but the data section has "
            + dataLength + " bytes (the file is truncated)");
      }
    }
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long next = 0;
    String previous = null;
    for (Entry e : sorted) {
      if (e.begin < next) throw corrupt(file, "tensors '" + previous + "' and '" + e.name + "' overlap");
      if (e.begin > next) throw corrupt(file, "bytes [" + next + ", " + e.begin + ") of the data belong to no tensor");
      next = e.end;
      previous = e.name;
    }
    if (next != dataLength) throw corrupt(file, (dataLength - next) + " bytes after the last tensor belong to no tensor");
  }

  private static Map<String, String> metadata(Object value, Path file) throws IOException {
    if (!(value instanceof Map<?, ?> map)) throw corrupt(file, "__metadata__ is not an object");
    Map<String, String> out = new LinkedHashMap<>();
    for (var e : map.entrySet()) {
      if (!(e.getValue() instanceof String s)) throw corrupt(file, "__metadata__ value for '" + e.getKey() + "' is not a string");
      out.put((String) e.getKey(), s);
    }
    return out;
  }

  private static int[] ints(Object value, String name, String field, Path file) throws IOException {
    if (!(value instanceof List<?> list)) throw corrupt(file, "tensor '" + name + "' has no " + field + " array");
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
        throw corrupt(file, "tensor '" + name + "' has an invalid " + field + " " + list);
      }
      out[i] = (int) (long) l;
    }
    return out;
  }

  private static long[] longs(Object value, String name, Path file) throws IOException {
    if (!(value instanceof List<?> list) || list.size() != 2 || !(list.get(0) instanceof Long a)
        || !(list.get(1) instanceof Long b) || a < 0 || b < 0) {
      throw corrupt(file, "tensor '" + name + "' has invalid data_offsets " + value);
    }
    return new long[] {a, b};
  }

  /** A tensor larger than the heap could ever hold is refused with its real size, before any allocation. */
  private static void checkHeap(Entry e, Path file) throws IOException {
    long bytes = e.end - e.begin, heap = Runtime.getRuntime().maxMemory();
    if (bytes > heap) {
      throw new IOException("safetensors file " + file + ": tensor '" + e.name + "' has " + bytes + " bytes ("
          + gib(bytes) + " GiB) but the heap can hold at most " + gib(heap) + " GiB; run with a larger -Xmx");
    }
  }

  private static String gib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.2f", bytes / (double) (1L << 30));
  }

  /** Bytes read per call while filling a tensor: tensors of 2 GiB and more never pass through one buffer. */
  static final int CHUNK_BYTES = 1 << 20;

  private static Tensor floats(FileChannel ch, long position, int[] shape, Path file) throws IOException {
    float[] data = new float[numel(shape)];
    ByteBuffer buf = chunkBuffer(4L * data.length);
    for (int done = 0; done < data.length; ) {
      int n = Math.min(data.length - done, CHUNK_BYTES / 4);
      readInto(ch, buf, position + 4L * done, 4 * n, file).asFloatBuffer().get(data, done, n);
      done += n;
    }
    return shape.length == 0 ? Tensor.wrap(data).reshape() : Tensor.wrap(data, shape);
  }

  private static Tensor doubles(FileChannel ch, long position, int[] shape, Path file) throws IOException {
    double[] data = new double[numel(shape)];
    ByteBuffer buf = chunkBuffer(8L * data.length);
    for (int done = 0; done < data.length; ) {
      int n = Math.min(data.length - done, CHUNK_BYTES / 8);
      readInto(ch, buf, position + 8L * done, 8 * n, file).asDoubleBuffer().get(data, done, n);
      done += n;
    }
    return shape.length == 0 ? Tensor.wrap(data).reshape() : Tensor.wrap(data, shape);
  }

  private static Tensor longs(FileChannel ch, long position, int[] shape, Path file) throws IOException {
    long[] data = new long[numel(shape)];
    ByteBuffer buf = chunkBuffer(8L * data.length);
    for (int done = 0; done < data.length; ) {
      int n = Math.min(data.length - done, CHUNK_BYTES / 8);
      readInto(ch, buf, position + 8L * done, 8 * n, file).asLongBuffer().get(data, done, n);
      done += n;
    }
    return shape.length == 0 ? Tensor.wrap(data).reshape() : Tensor.wrap(data, shape);
  }

  /** No larger than the tensor: a header of many small or empty tensors must not cost a whole chunk each. */
  private static ByteBuffer chunkBuffer(long tensorBytes) {
    return ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, tensorBytes)).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int numel(int[] shape) {
    long n = 1;
    for (int d : shape) n *= d;
    return (int) n; // entry() has checked it is below 2^31
  }

  /** Fills the first length bytes of buf from the file at position; returns buf, flipped. */
  private static ByteBuffer readInto(FileChannel ch, ByteBuffer buf, long position, int length, Path file)
      throws IOException {
    buf.clear().limit(length);
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) throw corrupt(file, "unexpected end of file");
    }
    return buf.flip();
  }

  private static ByteBuffer readFully(FileChannel ch, long position, int length, Path file) throws IOException {
    return readInto(ch, ByteBuffer.allocate(length), position, length, file);
  }

  private static String decodeUtf8(ByteBuffer bytes, Path file) throws IOException {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw corrupt(file, "the header is not valid UTF-8");
    }
  }

  private static String code(DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> "F32";
      case FLOAT64 -> "F64";
      case INT64 -> "I64";
    };
  }

  private static IOException corrupt(Path file, String problem) {
    return new IOException("safetensors file " + file + ": " + problem);
  }
}
