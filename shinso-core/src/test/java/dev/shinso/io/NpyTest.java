package dev.shinso.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by numpy (src/test/python/write_npy.py), whose values are known by construction. */
class NpyTest {
  static final Path NPY = Path.of("src/test/resources/npy");
  @TempDir Path dir;

  /** np.arange(24).reshape(2, 3, 4) * 0.5 - 3 as float32. */
  static float[] expectedF4() {
    float[] a = new float[24];
    for (int i = 0; i < 24; i++) a[i] = i * 0.5f - 3;
    return a;
  }

  @Test
  void readsEverySupportedDtypeAndLayout() throws IOException {
    Tensor f4 = Npy.load(NPY.resolve("f4_2x3x4.npy"));
    assertThat(f4.shapeArray()).containsExactly(2, 3, 4);
    assertThat(f4.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(f4.toFloatArray()).containsExactly(expectedF4());
    Tensor f8 = Npy.load(NPY.resolve("f8_2x3.npy"));
    assertThat(f8.dtype()).as("float64 becomes float32").isEqualTo(DType.FLOAT32);
    assertThat(f8.toFloatArray()).containsExactly(0f, 1 / 3f, 2 / 3f, 1f, 4 / 3f, 5 / 3f);
    assertThat(Npy.load(NPY.resolve("be_f4_5.npy")).toFloatArray()).containsExactly(-2, -1, 0, 1, 2);
    Tensor i8 = Npy.load(NPY.resolve("i8_4.npy"));
    assertThat(i8.dtype()).isEqualTo(DType.INT64);
    assertThat(i8.toLongArray()).containsExactly(3, -1, 7, 1L << 40);
    assertThat(Npy.load(NPY.resolve("i4_2x2.npy")).toLongArray()).containsExactly(-1, 0, 1, 2);
    assertThat(Npy.load(NPY.resolve("be_i8_3.npy")).toLongArray()).containsExactly(0, 1000, 2000);
    assertThat(Npy.load(NPY.resolve("u1_4.npy")).toLongArray()).containsExactly(0, 1, 128, 255);
    Tensor b1 = Npy.load(NPY.resolve("b1_3.npy"));
    assertThat(b1.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(b1.toFloatArray()).containsExactly(1, 0, 1);
    Tensor fortran = Npy.load(NPY.resolve("fortran_2x3.npy"));
    assertThat(fortran.shapeArray()).containsExactly(2, 3);
    assertThat(fortran.toFloatArray()).as("values in C order").containsExactly(0, 1, 2, 3, 4, 5);
    Tensor scalar = Npy.load(NPY.resolve("scalar.npy"));
    assertThat(scalar.dim()).isZero();
    assertThat(scalar.item()).isEqualTo(2.5f);
    assertThat(Npy.load(NPY.resolve("empty_0x3.npy")).shapeArray()).containsExactly(0, 3);
  }

  @Test
  void writesTheBytesNumpyWrites() throws IOException {
    Path f4 = dir.resolve("f4.npy"), i8 = dir.resolve("i8.npy");
    Npy.save(Tensor.wrap(expectedF4(), 2, 3, 4), f4);
    Npy.save(Tensor.wrap(new long[] {3, -1, 7, 1L << 40}, 4), i8);
    assertThat(Files.readAllBytes(f4)).isEqualTo(Files.readAllBytes(NPY.resolve("f4_2x3x4.npy")));
    assertThat(Files.readAllBytes(i8)).isEqualTo(Files.readAllBytes(NPY.resolve("i8_4.npy")));
  }

  @Test
  void roundTripsViewsScalarsAndEmptyTensors() throws IOException {
    Tensor view = Tensor.wrap(expectedF4(), 4, 6).t();
    Path f = dir.resolve("view.npy");
    Npy.save(view, f);
    Tensor back = Npy.load(f);
    assertThat(back.shapeArray()).containsExactly(6, 4);
    assertThat(back.toFloatArray()).containsExactly(view.toFloatArray());
    Npy.save(Tensor.scalarLong(-9), f);
    assertThat(Npy.load(f).itemLong()).isEqualTo(-9);
    Npy.save(Tensor.zeros(0, 3), f);
    assertThat(Npy.load(f).shapeArray()).containsExactly(0, 3);
  }

  @Test
  void damagedFilesAreRejectedWithTheReason() throws IOException {
    byte[] good = Files.readAllBytes(NPY.resolve("f4_2x3x4.npy"));
    assertRejected(Arrays.copyOf(good, good.length - 4), "needs 96 bytes of data, the file has 92 (truncated)");
    assertRejected(Arrays.copyOf(good, good.length + 4), "the file has 100");
    byte[] magic = good.clone();
    magic[1] = 'X';
    assertRejected(magic, "not a .npy file");
    assertRejected(Arrays.copyOf(good, 5), "shorter than the 8-byte .npy preamble");
    assertRejected(withHeader(good, "'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), "), "not a Python dict");
    assertRejected(withHeader(good, "{'descr': '|O', 'fortran_order': False, 'shape': (2, 3, 4), }"), "no dtype this reader");
    assertRejected(withHeader(good, "{'descr': '<c8', 'fortran_order': False, 'shape': (2, 3, 4), }"), "'<c8' is not supported");
    assertRejected(withHeader(good, "{'descr': '<f4', 'fortran_order': False, 'shape': (1048576, 1048576), }"),
        "more than 2^31-1 elements");
    assertRejected(withHeader(good, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 4), }"), "needs 32 bytes");
  }

  /** good's data under another header of the same length (padded with spaces). */
  private static byte[] withHeader(byte[] good, String dict) {
    int len = (good[8] & 0xff) | (good[9] & 0xff) << 8;
    String text = dict + " ".repeat(len - 1 - dict.length()) + "\n";
    byte[] out = good.clone();
    System.arraycopy(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, out, 10, len);
    return out;
  }

  private void assertRejected(byte[] content, String reason) throws IOException {
    Path f = Files.createTempFile(dir, "bad", ".npy");
    Files.write(f, content);
    assertThatThrownBy(() -> Npy.load(f)).isInstanceOf(IOException.class).hasMessageContaining(f.toString())
        .hasMessageContaining(reason);
  }
}
