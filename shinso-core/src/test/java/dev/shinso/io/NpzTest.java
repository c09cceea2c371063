package dev.shinso.io;

import static dev.shinso.io.NpyTest.assertFloats;
import static dev.shinso.io.NpyTest.assertLongs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives written by np.savez and np.savez_compressed (src/test/python/write_npy.py). */
class NpzTest {
  @TempDir Path dir;

  @Test
  void readsSavezAndSavezCompressedInTheirOrder() throws IOException {
    for (String name : new String[] {"arrays.npz", "compressed.npz"}) {
      Map<String, Tensor> m = Npz.load(NpyTest.NUMPY.resolve(name));
      assertThat(m.keySet()).as(name).containsExactly("weight", "labels", "scalar", "mask");
      assertFloats(m.get("weight"), new int[] {2, 3}, -1, -0.5f, 0, 0.5f, 1, 1.5f);
      assertLongs(m.get("labels"), new int[] {3}, 3, -1, 7);
      assertThat(m.get("scalar").dtype()).isEqualTo(dev.shinso.tensor.DType.FLOAT64); // '<f8'
      assertThat(m.get("scalar").dim()).isZero();
      assertThat(m.get("scalar").itemDouble()).isEqualTo(2.5);
      assertFloats(m.get("mask"), new int[] {2}, 1, 0);
    }
  }

  @Test
  void roundTripsStoredAndCompressedKeepingInsertionOrder() throws IOException {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("z", Tensor.arange(0f, 6f, 1f).reshape(2, 3).t());
    m.put("a", Tensor.ofLongs(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, 2));
    m.put("layer.0.weight", Tensor.scalar(2.5f).to(Device.parse("offheap")));
    m.put("empty", Tensor.zeros(0, 3));
    for (boolean compressed : new boolean[] {false, true}) {
      Path f = dir.resolve("x" + compressed + ".npz");
      Npz.save(m, f, compressed);
      Map<String, Tensor> back = Npz.load(f);
      assertThat(back.keySet()).containsExactly("z", "a", "layer.0.weight", "empty");
      assertFloats(back.get("z"), new int[] {3, 2}, 0, 3, 1, 4, 2, 5);
      assertLongs(back.get("a"), new int[] {2}, Long.MIN_VALUE, Long.MAX_VALUE);
      assertFloats(back.get("layer.0.weight"), new int[] {}, 2.5f);
      assertFloats(back.get("empty"), new int[] {0, 3});
    }
  }

  /** np.load reads each entry as a .npy file, so each must hold exactly the bytes of Npy.save (which are numpy's). */
  @Test
  void writesNpzLayoutWithNpyEntriesStoredOrDeflated() throws IOException {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("f4_3d", Npy.load(NpyTest.NUMPY.resolve("f4_3d.npy")));
    m.put("i8", Npy.load(NpyTest.NUMPY.resolve("i8.npy")));
    for (boolean compressed : new boolean[] {false, true}) {
      Path f = dir.resolve("layout" + compressed + ".npz");
      if (compressed) Npz.save(m, f, true);
      else Npz.save(m, f);
      try (ZipFile zip = new ZipFile(f.toFile())) {
        var entries = Collections.list(zip.entries());
        assertThat(entries).extracting(ZipEntry::getName).containsExactly("f4_3d.npy", "i8.npy");
        for (ZipEntry e : entries) {
          assertThat(e.getMethod()).isEqualTo(compressed ? ZipEntry.DEFLATED : ZipEntry.STORED);
          try (var in = zip.getInputStream(e)) {
            assertThat(in.readAllBytes()).as(e.getName()).isEqualTo(Files.readAllBytes(NpyTest.NUMPY.resolve(e.getName())));
          }
        }
      }
    }
  }

  @Test
  void rejectsFilesThatAreNotNpzArchives() throws IOException {
    Path notZip = Files.write(dir.resolve("not.npz"), Files.readAllBytes(NpyTest.NUMPY.resolve("f4.npy")));
    assertRejected(notZip, "npz file " + notZip + ": not a zip archive");

    byte[] good = Files.readAllBytes(NpyTest.NUMPY.resolve("arrays.npz"));
    Path cut = Files.write(dir.resolve("cut.npz"), Arrays.copyOf(good, good.length / 2));
    assertRejected(cut, "npz file " + cut + ": not a zip archive");

    Path other = dir.resolve("other.npz");
    zip(other, "readme.txt", "hello".getBytes());
    assertRejected(other, "npz file " + other + ": entry 'readme.txt' is not a .npy array");
  }

  @Test
  void aBadArrayInsideIsNamed() throws IOException {
    byte[] npy = Files.readAllBytes(NpyTest.NUMPY.resolve("f4.npy"));
    Path cut = dir.resolve("cut.npz");
    zip(cut, "w.npy", Arrays.copyOf(npy, npy.length - 4));
    assertRejected(cut, "npz file " + cut + ", array 'w': shape (2, 3) of '<f4' needs 24 bytes of data but the file has 20");

    Path complex = dir.resolve("complex.npz");
    zip(complex, "c.npy", Files.readAllBytes(NpyTest.NUMPY.resolve("c8.npy")));
    assertRejected(complex, "npz file " + complex + ", array 'c': dtype '<c8' is not supported");
  }

  private static void zip(Path f, String entry, byte[] content) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(f))) {
      zip.putNextEntry(new ZipEntry(entry));
      zip.write(content);
      zip.closeEntry();
    }
  }

  private static void assertRejected(Path f, String message) {
    assertThatThrownBy(() -> Npz.load(f)).isInstanceOf(IOException.class).hasMessageContaining(message);
  }
}
