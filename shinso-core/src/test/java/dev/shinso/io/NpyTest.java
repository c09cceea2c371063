package dev.shinso.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by numpy 2.4 (src/test/python/write_npy.py); every value is known by construction. */
class NpyTest {
  static final Path NUMPY = Path.of("src/test/resources/npy");

  @TempDir Path dir;

  static Tensor numpy(String name) throws IOException {
    return Npy.load(NUMPY.resolve(name + ".npy"));
  }

  @Test
  void readsFloat32InEveryShape() throws IOException {
    assertFloats(numpy("f4"), new int[] {2, 3}, -1, -0.5f, 0, 0.5f, 1, 1.5f);
    assertFloats(numpy("f4_be"), new int[] {2, 3}, -1, -0.5f, 0, 0.5f, 1, 1.5f);
    assertFloats(numpy("f4_1d"), new int[] {5}, 0, 1, 2, 3, 4);
    Tensor t = numpy("f4_3d");
    assertThat(t.shapeArray()).containsExactly(2, 3, 4);
    for (int i = 0; i < 24; i++) assertThat(t.toFloatArray()[i]).isEqualTo(i);
    Tensor scalar = numpy("f4_0d");
    assertThat(scalar.dim()).isZero();
    assertThat(scalar.item()).isEqualTo(2.5f);
    assertFloats(numpy("f4_empty"), new int[] {0, 3});
  }

  /** f8 stays float64, bit for bit; f2 is widened exactly; b1 becomes 0/1 floats, as shinso's comparisons give. */
  @Test
  void readsFloat64AsItIsAndConvertsOtherFloatsAndBoolsToFloat32() throws IOException {
    double[] tenths = new double[6];
    for (int i = 0; i < 6; i++) tenths[i] = i * 0.1;
    for (String name : new String[] {"f8", "f8_be"}) {
      Tensor t = numpy(name);
      assertThat(t.dtype()).as(name).isEqualTo(DType.FLOAT64);
      assertThat(t.shapeArray()).containsExactly(6);
      assertThat(t.toDoubleArray()).as(name).containsExactly(tenths);
    }
    assertFloats(numpy("f2"), new int[] {4}, -0.25f, 0.25f, 0.75f, 1.25f);
    assertFloats(numpy("b1"), new int[] {4}, 1, 0, 1, 1);
  }

  @Test
  void readsEveryIntegerTypeAsInt64() throws IOException {
    assertLongs(numpy("i8"), new int[] {5}, -3, 0, 7, 1L << 40, -(1L << 62));
    assertLongs(numpy("i8_be"), new int[] {5}, -3, 0, 7, 1L << 40, -(1L << 62));
    Tensor scalar = numpy("i8_0d");
    assertThat(scalar.dim()).isZero();
    assertThat(scalar.toLongArray()).containsExactly(42);
    assertLongs(numpy("i4"), new int[] {6}, -3, -2, -1, 0, 1, 2);
    assertLongs(numpy("i4_be"), new int[] {6}, -3, -2, -1, 0, 1, 2);
    assertLongs(numpy("i2"), new int[] {3}, -32768, -1, 32767);
    assertLongs(numpy("i1"), new int[] {3}, -128, -1, 127);
    assertLongs(numpy("u1"), new int[] {3}, 0, 1, 255);
    assertLongs(numpy("u2"), new int[] {2}, 0, 65535);
    assertLongs(numpy("u4"), new int[] {2}, 0, 4294967295L);
    assertLongs(numpy("u8"), new int[] {2}, 0, Long.MAX_VALUE);
  }

  @Test
  void readsFortranOrderIntoCOrder() throws IOException {
    assertFloats(numpy("f4_fortran"), new int[] {2, 3}, 0, 1, 2, 3, 4, 5);
    Tensor t = numpy("i8_fortran_3d");
    assertThat(t.dtype()).isEqualTo(DType.INT64);
    assertThat(t.shapeArray()).containsExactly(2, 3, 4);
    for (int i = 0; i < 24; i++) assertThat(t.toLongArray()[i]).isEqualTo(i);
    assertThat(t.isContiguous()).isTrue();
  }

  @Test
  void readsVersions2And3() throws IOException {
    assertFloats(numpy("v2"), new int[] {2, 3}, 0, 1, 2, 3, 4, 5);
    assertFloats(numpy("v3"), new int[] {2, 3}, 0, 1, 2, 3, 4, 5);
  }

  /** numpy reads what shinso writes because the bytes are the ones numpy writes for the same arrays. */
  @Test
  void writesTheSameBytesAsNumpy() throws IOException {
    for (String name : new String[] {"f4", "f4_1d", "f4_3d", "f4_0d", "f4_empty", "i8", "i8_0d"}) {
      Path out = dir.resolve(name + ".npy");
      Npy.save(numpy(name), out);
      assertThat(Files.readAllBytes(out)).as(name).isEqualTo(Files.readAllBytes(NUMPY.resolve(name + ".npy")));
    }
    assertSameBytes(Tensor.arange(0f, 24f, 1f).reshape(2, 3, 4), "f4_3d");
    assertSameBytes(Tensor.ofLongs(new long[] {-3, 0, 7, 1L << 40, -(1L << 62)}, 5), "i8");
    assertSameBytes(Tensor.scalarLong(42), "i8_0d");
    assertSameBytes(Tensor.zeros(0, 3), "f4_empty");
  }

  /** A float64 tensor is written as '<f8', byte for byte what np.save writes for the same array. */
  @Test
  void writesFloat64AsNumpyDoes() throws IOException {
    assertThat(numpy("f8").dtype()).isEqualTo(DType.FLOAT64);
    Path out = dir.resolve("f8.npy");
    Npy.save(numpy("f8"), out);
    assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(NUMPY.resolve("f8.npy")));
  }

  @Test
  void writesStridedViewsAndOtherDevicesInCOrder() throws IOException {
    Tensor transposed = Tensor.arange(0f, 24f, 1f).reshape(4, 3, 2).permute(2, 1, 0);
    assertThat(transposed.isContiguous()).isFalse();
    Path f = dir.resolve("t.npy");
    Npy.save(transposed, f);
    Tensor back = Npy.load(f);
    assertThat(back.shapeArray()).containsExactly(2, 3, 4);
    assertThat(back.toFloatArray()).isEqualTo(transposed.contiguous().toFloatArray());
    assertThat(back.toFloatArray()[1]).isEqualTo(6); // element (0, 0, 1) of the view is (1, 0, 0) of the original

    assertSameBytes(Tensor.arange(0f, 24f, 1f).reshape(2, 3, 4).to(Device.parse("offheap")), "f4_3d");
  }

  @Test
  void roundTripsValuesAcrossReadChunks() throws IOException {
    int n = Npy.CHUNK_BYTES / 4 * 2 + 4; // two whole chunks and a ragged end, divisible by 3
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = i * 0.5f - 7;
    x[0] = Float.NaN;
    x[1] = Float.NEGATIVE_INFINITY;
    x[2] = -0f;
    x[3] = Float.MIN_VALUE;
    long[] y = new long[Npy.CHUNK_BYTES / 8 + 5];
    for (int i = 0; i < y.length; i++) y[i] = (long) i << 33;
    y[0] = Long.MIN_VALUE;
    y[1] = Long.MAX_VALUE;
    Path fx = dir.resolve("x.npy"), fy = dir.resolve("y.npy");
    Npy.save(Tensor.wrap(x, 3, n / 3), fx);
    Npy.save(Tensor.wrap(y, y.length), fy);
    Tensor bx = Npy.load(fx);
    assertThat(bx.shapeArray()).containsExactly(3, n / 3);
    assertThat(bits(bx.toFloatArray())).isEqualTo(bits(x)); // NaN and -0 too
    assertThat(Npy.load(fy).toLongArray()).isEqualTo(y);
    assertThat((Files.size(fx) - 4L * n) % 64).as("the data starts at a multiple of 64").isZero();
  }

  /** A header over 64 KiB does not fit version 1.0's uint16 length: numpy writes 2.0 then, and so does shinso. */
  @Test
  void aHeaderTooLongForVersion1IsWrittenAsVersion2() throws IOException {
    int[] shape = new int[22_000];
    Arrays.fill(shape, 1);
    Path f = dir.resolve("deep.npy");
    Npy.save(Tensor.wrap(new float[] {7}, shape), f);
    byte[] bytes = Files.readAllBytes(f);
    assertThat(bytes[6]).isEqualTo((byte) 2);
    int headerLength = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    assertThat((12 + headerLength) % 64).isZero();
    Tensor back = Npy.load(f);
    assertThat(back.shapeArray()).isEqualTo(shape);
    assertThat(back.toFloatArray()).containsExactly(7);
  }

  @Test
  void parsesHeadersInAnyKeyOrderAndSpacing() throws IOException {
    byte[] data = floats(1, 2, 3, 4, 5, 6);
    assertFloats(Npy.load(v1("{'shape': (2, 3), 'fortran_order': False, 'descr': '<f4'}", data)), new int[] {2, 3},
        1, 2, 3, 4, 5, 6);
    assertFloats(Npy.load(v1("{ \"descr\" : \"<f4\" ,\n 'shape':( 6 , ) ,'fortran_order':False,}  ", data)),
        new int[] {6}, 1, 2, 3, 4, 5, 6);
    assertFloats(Npy.load(v1("{'descr': u'<f4', 'fortran_order': True, 'shape': (3L, 2L), }", data)),
        new int[] {3, 2}, 1, 4, 2, 5, 3, 6);
    Tensor scalar = Npy.load(v1("{'descr':'<f4','fortran_order':False,'shape':()}", floats(9)));
    assertThat(scalar.dim()).isZero();
    assertThat(scalar.item()).isEqualTo(9);
  }

  @Test
  void rejectsBadMagicAndVersions() throws IOException {
    Path notNpy = dir.resolve("notes.npy");
    Files.writeString(notNpy, "PK\u0003\u0004 this is a zip, or anything");
    assertRejected(notNpy, "not an NPY file");
    byte[] good = Files.readAllBytes(NUMPY.resolve("f4.npy"));
    byte[] v4 = good.clone();
    v4[6] = 4;
    assertRejected(write("v4.npy", v4), "NPY version 4.0 is not supported");
    assertRejected(write("short.npy", Arrays.copyOf(good, 8)), "fewer than the 10-byte NPY preamble");
    assertRejected(write("empty.npy", new byte[0]), "fewer than the 10-byte NPY preamble");

    byte[] v2 = Files.readAllBytes(NUMPY.resolve("v2.npy"));
    assertRejected(write("v2short.npy", Arrays.copyOf(v2, 11)), "fewer than the 12-byte NPY 2.0 preamble");
    byte[] hugeHeader = v2.clone();
    ByteBuffer.wrap(hugeHeader).order(ByteOrder.LITTLE_ENDIAN).putInt(8, Integer.MAX_VALUE);
    assertRejected(write("v2huge.npy", hugeHeader), "header length 2147483647 is more than 1048576 bytes");
    byte[] noHeader = good.clone();
    noHeader[8] = 0;
    noHeader[9] = 0;
    assertRejected(write("noheader.npy", noHeader), "the header is not a Python literal (unexpected end");
  }

  @Test
  void rejectsTruncatedFilesAndTrailingBytes() throws IOException {
    byte[] good = Files.readAllBytes(NUMPY.resolve("f4.npy"));
    assertRejected(write("cut.npy", Arrays.copyOf(good, good.length - 4)),
        "shape (2, 3) of '<f4' needs 24 bytes of data but the file has 20 (the file is truncated)");
    assertRejected(write("cut_header.npy", Arrays.copyOf(good, 40)), "runs past the end of the file (40 bytes)");
    assertRejected(write("long.npy", Arrays.copyOf(good, good.length + 8)), "8 bytes after the data belong to no array");
  }

  @Test
  void rejectsHeadersThatAreNotTheDictNpyNeeds() throws IOException {
    byte[] data = floats(1, 2);
    assertRejected(v1("['descr', '<f4']", data), "the header is not a dict");
    assertRejected(v1("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", data), "not a Python literal");
    assertRejected(v1("{'descr': '<f4', 'shape': (2,)}", data), "no 'fortran_order'");
    assertRejected(v1("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", data), "unknown key x");
    assertRejected(v1("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", data), "not True or False");
    assertRejected(v1("{'descr': '<f4', 'fortran_order': False, 'shape': [2]}", data), "not a tuple");
    assertRejected(v1("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}", data), "invalid size -2");
    assertRejected(v1("{'descr': '<f4', 'fortran_order': False, 'shape': (2.0,)}", data), "not an integer");
    assertRejected(v1("{'descr': '<f4', 'fortran_order': False, 'shape': (3,)}", data),
        "shape (3,) of '<f4' needs 12 bytes of data but the file has 8");
  }

  @Test
  void rejectsDtypesShinsoDoesNotHave() throws IOException {
    assertRejected(NUMPY.resolve("c8.npy"), "dtype '<c8' is not supported", "supported: f2, f4 and b1 as float32; f8 as float64");
    assertRejected(NUMPY.resolve("U3.npy"), "dtype '<U3' is not supported");
    assertRejected(NUMPY.resolve("O.npy"), "dtype '|O' is not supported");
    assertRejected(v1("{'descr': '<M8[D]', 'fortran_order': False, 'shape': (1,)}", new byte[8]), "dtype '<M8[D]'");
    assertRejected(v1("{'descr': '|f4', 'fortran_order': False, 'shape': (1,)}", new byte[4]), "dtype '|f4'");
    assertRejected(v1("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}", new byte[4]),
        "structured dtype");
  }

  @Test
  void rejectsUint64ValuesAboveInt64() throws IOException {
    byte[] data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(5).putLong(-1).array();
    assertRejected(v1("{'descr': '<u8', 'fortran_order': False, 'shape': (2,)}", data),
        "element 1 is 18446744073709551615, more than int64 can hold");
  }

  /** Nothing is allocated for a header that lies: 2^40 elements in a file of a few bytes is refused from the sizes alone. */
  @Test
  void rejectsAHeaderClaimingMoreDataThanTheFileHas() throws IOException {
    assertRejected(v1("{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776,)}", new byte[16]),
        "shape (1099511627776,) of '<f4' needs 4398046511104 bytes of data but the file has 16 (the file is truncated)");
    assertRejected(v1("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", new byte[16]),
        "more elements than a long can count");
    Path big = sparse("big.npy", "{'descr': '|u1', 'fortran_order': False, 'shape': (4294967296,), }", 1L << 32);
    assertRejected(big, "4294967296 elements; a shinso tensor holds at most 2^31-1");
    assertRejected(v1("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4294967296)}", new byte[0]),
        "shape (0, 4294967296) has a size above 2^31-1");
  }

  /** 2^31 − 1 one-byte values are 16 GiB as int64: more than this heap, refused with the real size (the file is sparse). */
  @Test
  void anArrayLargerThanTheHeapIsRefusedWithItsRealSize() throws IOException {
    long numel = Integer.MAX_VALUE;
    Assumptions.assumeTrue(numel * 8 > Runtime.getRuntime().maxMemory(), "the heap holds 16 GiB");
    Path f = sparse("huge.npy", "{'descr': '|u1', 'fortran_order': False, 'shape': (" + numel + ",), }", numel);
    assertRejected(f, "as int64 needs 17179869176 bytes (16.00 GiB)", "run with a larger -Xmx");
  }

  @Test
  void saveReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
    Path f = dir.resolve("keep.npy");
    Npy.save(Tensor.ones(2), f);
    Npy.save(Tensor.zeros(3), f);
    assertFloats(Npy.load(f), new int[] {3}, 0, 0, 0);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(f);
    }
  }

  // ---- helpers ----

  private void assertSameBytes(Tensor t, String numpyName) throws IOException {
    Path out = dir.resolve("mine-" + numpyName + ".npy");
    Npy.save(t, out);
    assertThat(Files.readAllBytes(out)).as(numpyName).isEqualTo(Files.readAllBytes(NUMPY.resolve(numpyName + ".npy")));
  }

  static void assertFloats(Tensor t, int[] shape, float... values) {
    assertThat(t.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(t.device()).isEqualTo(Device.CPU);
    assertThat(t.shapeArray()).containsExactly(shape);
    assertThat(t.toFloatArray()).containsExactly(values);
  }

  static void assertLongs(Tensor t, int[] shape, long... values) {
    assertThat(t.dtype()).isEqualTo(DType.INT64);
    assertThat(t.device()).isEqualTo(Device.CPU);
    assertThat(t.shapeArray()).containsExactly(shape);
    assertThat(t.toLongArray()).containsExactly(values);
  }

  private static int[] bits(float[] x) {
    int[] out = new int[x.length];
    for (int i = 0; i < x.length; i++) out[i] = Float.floatToRawIntBits(x[i]);
    return out;
  }

  private static byte[] floats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) b.putFloat(v);
    return b.array();
  }

  private void assertRejected(Path f, String... reasons) {
    assertThatThrownBy(() -> Npy.load(f)).isInstanceOf(IOException.class)
        .hasMessageStartingWith("npy file " + f + ": ").satisfies(e -> {
          for (String r : reasons) assertThat(e.getMessage()).contains(r);
        });
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  /** A version 1.0 file with this header text (unpadded) and these data bytes. */
  private Path v1(String header, byte[] data) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(10 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h).put(data);
    return Files.write(Files.createTempFile(dir, "hand", ".npy"), b.array());
  }

  private Path sparse(String name, String header, long dataBytes) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
    Path f = dir.resolve(name);
    try (var ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
      ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
      pre.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).flip();
      ch.write(pre);
      ch.write(ByteBuffer.wrap(h));
      ch.write(ByteBuffer.allocate(1), 10 + h.length + dataBytes - 1);
    }
    return f;
  }
}
