package dev.shinso.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  private static final Path TORCH_FILE = Path.of("src/test/resources/safetensors/torch_written.safetensors");
  private static final Path EXPECTED = Path.of("src/test/resources/safetensors/torch_written.expected.json");

  @TempDir Path dir;

  @Test
  void readsAFileWrittenByAnIndependentWriter() throws IOException {
    SafeTensors.Contents c = SafeTensors.load(TORCH_FILE);
    JsonNode expected = new ObjectMapper().readTree(EXPECTED.toFile());
    assertThat(c.tensors().keySet()).containsExactly("linear.weight", "linear.bias", "embedding", "labels", "step", "empty");
    assertThat(c.metadata()).containsEntry("format", "pt");
    for (var e : expected.properties()) {
      Tensor t = c.tensors().get(e.getKey());
      int[] shape = new int[e.getValue().get("shape").size()];
      for (int i = 0; i < shape.length; i++) shape[i] = e.getValue().get("shape").get(i).asInt();
      assertThat(t.shapeArray()).as(e.getKey()).containsExactly(shape);
      JsonNode values = e.getValue().get("values");
      if (t.dtype() == DType.INT64) {
        long[] got = t.toLongArray();
        for (int i = 0; i < got.length; i++) assertThat(got[i]).as(e.getKey() + "[" + i + "]").isEqualTo(values.get(i).asLong());
      } else {
        float[] got = t.toFloatArray();
        for (int i = 0; i < got.length; i++) assertThat(got[i]).as(e.getKey() + "[" + i + "]").isEqualTo((float) values.get(i).asDouble());
      }
    }
    assertThat(c.tensors().get("labels").toLongArray()).containsExactly(3, -1, 7, 1L << 40);
  }

  @Test
  void writesTheSameBytesAsTheIndependentWriter() throws IOException {
    SafeTensors.Contents c = SafeTensors.load(TORCH_FILE);
    Path out = dir.resolve("again.safetensors");
    SafeTensors.save(c.tensors(), c.metadata(), out);
    assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(TORCH_FILE));
  }

  @Test
  void roundTripsStridedViewsAndScalars() throws IOException {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("t", Tensor.arange(0, 6, 1).reshape(2, 3).t());
    m.put("s", Tensor.scalar(2.5f));
    m.put("i", Tensor.ofLongs(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}));
    Path f = dir.resolve("x.safetensors");
    SafeTensors.save(m, f);
    var back = SafeTensors.load(f).tensors();
    assertThat(back.get("t").shapeArray()).containsExactly(3, 2);
    assertThat(back.get("t").toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
    assertThat(back.get("s").dim()).isZero();
    assertThat(back.get("s").item()).isEqualTo(2.5f);
    assertThat(back.get("i").toLongArray()).containsExactly(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** F64 keeps every bit, including values float32 cannot hold (0.1, 1e-300) and NaN and -0. */
  @Test
  void roundTripsFloat64Exactly() throws IOException {
    double[] v = {0.1, 1e-300, -0.0, Double.NaN, Double.MAX_VALUE, 1.0 / 3};
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("d", Tensor.ofDoubles(v, 2, 3));
    m.put("s", Tensor.scalar(Device.CPU, DType.FLOAT64, 0.1));
    Path f = dir.resolve("d.safetensors");
    SafeTensors.save(m, f);
    assertThat(new String(Files.readAllBytes(f), StandardCharsets.UTF_8)).contains("\"dtype\":\"F64\"");
    var back = SafeTensors.load(f).tensors();
    assertThat(back.get("d").dtype()).isEqualTo(DType.FLOAT64);
    assertThat(back.get("d").shapeArray()).containsExactly(2, 3);
    long[] bits = Arrays.stream(back.get("d").toDoubleArray()).mapToLong(Double::doubleToRawLongBits).toArray();
    assertThat(bits).containsExactly(Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray());
    assertThat(back.get("s").dim()).isZero();
    assertThat(back.get("s").itemDouble()).isEqualTo(0.1);
  }

  @Test
  void rejectsTruncatedFiles() throws IOException {
    byte[] good = Files.readAllBytes(TORCH_FILE);
    assertRejected(Arrays.copyOf(good, good.length - 4), "truncated");
    assertRejected(Arrays.copyOf(good, 5), "fewer than the 8-byte header length");
    assertRejected(Arrays.copyOf(good, 40), "runs past the end of the file");
  }

  @Test
  void rejectsTrailingBytes() throws IOException {
    byte[] good = Files.readAllBytes(TORCH_FILE);
    assertRejected(Arrays.copyOf(good, good.length + 8), "belong to no tensor");
  }

  @Test
  void rejectsBadHeaders() throws IOException {
    assertRejected(file(Long.MAX_VALUE, "{}", 0), "outside 2..");
    assertRejected(file("not json", 0), "not valid JSON");
    assertRejected(file("[1, 2]", 0), "not a JSON object");
    assertRejected(file("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4), "dtype F16", "supported: F32, F64, I64");
    assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8), "invalid shape");
    assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "needs 12");
    assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "overlap");
    assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "belong to no tensor");
    assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4), "unknown field");
    assertRejected(file("{\"__metadata__\":{\"k\":1}}", 0), "not a string");
    assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8), "end before they begin");
    byte[] badUtf8 = {'{', '"', (byte) 0xC3, '"', ':', '1', '}', ' '};
    assertRejected(raw(badUtf8.length, badUtf8, 0), "not valid UTF-8");
  }

  @Test
  void metadataStringsRoundTripExactlyEvenWithLoneSurrogates() throws IOException {
    Path f = dir.resolve("meta.safetensors");
    String text = "emoji \uD83D\uDE00, CJK \u6F22\u5B57, e\u0301, lone \uD83D and \uDE00, reversed \uDE00\uD83D";
    SafeTensors.save(Map.of("a", Tensor.ones(1)), Map.of("text", text), f);
    assertThat(SafeTensors.load(f).metadata()).containsEntry("text", text);
    byte[] bytes = Files.readAllBytes(f);
    int headerLength = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, headerLength, StandardCharsets.UTF_8);
    assertThat(header).contains("\uD83D\uDE00").doesNotContain("?")
        .contains("lone \\ud83d and \\ude00", "reversed \\ude00\\ud83d");
    assertThat(new ObjectMapper().readTree(header).get("__metadata__").get("text").asText()).isEqualTo(text);
  }

  @Test
  void aFailedSaveKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
    Path f = dir.resolve("keep.safetensors");
    SafeTensors.save(Map.of("a", Tensor.ones(2)), f);
    byte[] before = Files.readAllBytes(f);
    assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
      out.write(new byte[100]);
      throw new IOException("disk full");
    })).hasMessage("cannot write " + f + ": disk full");
    assertThat(Files.readAllBytes(f)).isEqualTo(before);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(f);
    }
  }

  @Test
  void tensorsLargerThanOneReadChunkRoundTrip() throws IOException {
    int n = SafeTensors.CHUNK_BYTES / 4 * 2 + 3; // two whole chunks and a ragged end
    float[] x = new float[n];
    long[] y = new long[SafeTensors.CHUNK_BYTES / 8 + 5];
    for (int i = 0; i < n; i++) x[i] = i * 0.5f - 7;
    for (int i = 0; i < y.length; i++) y[i] = (long) i << 33;
    Path f = dir.resolve("big.safetensors");
    SafeTensors.save(Map.of("x", Tensor.wrap(x, n), "y", Tensor.wrap(y, y.length)), f);
    SafeTensors.Contents c = SafeTensors.load(f);
    assertThat(c.tensors().get("x").toFloatArray()).isEqualTo(x);
    assertThat(c.tensors().get("y").toLongArray()).isEqualTo(y);
  }

  /** 2^31 − 1 int64 elements are 16 GiB: more than this heap, refused with the real size (the file is sparse). */
  @Test
  void aTensorLargerThanTheHeapIsRefusedWithItsRealSize() throws IOException {
    long numel = Integer.MAX_VALUE, bytes = numel * 8;
    org.junit.jupiter.api.Assumptions.assumeTrue(bytes > Runtime.getRuntime().maxMemory(), "the heap holds 16 GiB");
    String header = "{\"w\":{\"dtype\":\"I64\",\"shape\":[" + numel + "],\"data_offsets\":[0," + bytes + "]}}";
    Path f = dir.resolve("huge.safetensors");
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
      ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, h.length));
      ch.write(ByteBuffer.wrap(h));
      ch.write(ByteBuffer.allocate(1), 8 + h.length + bytes - 1);
    }
    assertRejected(f, "tensor 'w' has 17179869176 bytes (16.00 GiB)", "run with a larger -Xmx");
  }

  /** Found by SafeTensorsFuzzTest: each tensor took a 1 MiB read buffer, so 300 biases cost 300 MiB of garbage. */
  @Test
  void manySmallTensorsCostNoMoreThanTheirData() throws IOException {
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) m.put("bias" + i, i % 2 == 0 ? Tensor.of(new float[] {i}, 1) : Tensor.ofLongs(new long[0]));
    Path f = dir.resolve("many.safetensors");
    SafeTensors.save(m, f);
    assertThat(SafeTensors.load(f).tensors()).hasSize(300);
    assertThat(dev.shinso.testing.Allocations.bytesAllocatedBy(() -> SafeTensors.load(f))).isLessThan(20_000_000);
  }

  /** Found while writing SafeTensorsFuzzTest: [0, n, n] loaded but [n, n, 0] was refused as having more than 2^31-1 elements. */
  @Test
  void anEmptyTensorLoadsWhereverItsZeroIs() throws IOException {
    for (String shape : new String[] {"[0,2147483647,2147483647]", "[2147483647,2147483647,0]"}) {
      Path f = file("{\"e\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0,0]}}", 0);
      assertThat(SafeTensors.load(f).tensors().get("e").numel()).as(shape).isZero();
    }
    assertRejected(file("{\"e\":{\"dtype\":\"F32\",\"shape\":[65536,32768,1],\"data_offsets\":[0,0]}}", 0),
        "more than 2^31-1 elements");
  }

  private void assertRejected(Path f, String... reasons) {
    assertThatThrownBy(() -> SafeTensors.load(f)).isInstanceOf(IOException.class)
        .hasMessageContaining(f.toString()).satisfies(e -> {
          for (String r : reasons) assertThat(e.getMessage()).contains(r);
        });
  }

  private void assertRejected(byte[] content, String reason) throws IOException {
    Path f = Files.createTempFile(dir, "bad", ".safetensors");
    Files.write(f, content);
    assertRejected(f, reason);
  }

  private Path file(String header, int dataBytes) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    return raw(h.length, h, dataBytes);
  }

  private Path file(long headerLength, String header, int dataBytes) throws IOException {
    return raw(headerLength, header.getBytes(StandardCharsets.UTF_8), dataBytes);
  }

  private Path raw(long headerLength, byte[] header, int dataBytes) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(headerLength).put(header);
    Path f = Files.createTempFile(dir, "bad", ".safetensors");
    Files.write(f, b.array());
    return f;
  }
}
