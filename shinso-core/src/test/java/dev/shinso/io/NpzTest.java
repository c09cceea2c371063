package dev.shinso.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
  @TempDir Path dir;

  @Test
  void readsNumpysSavezAndSavezCompressed() throws IOException {
    Map<String, Tensor> stored = Npz.load(NpyTest.NPY.resolve("stored.npz"));
    assertThat(stored.keySet()).containsExactly("weight", "step");
    assertThat(stored.get("weight").toFloatArray()).containsExactly(NpyTest.expectedF4());
    assertThat(stored.get("step").itemLong()).isEqualTo(42);
    Map<String, Tensor> compressed = Npz.load(NpyTest.NPY.resolve("compressed.npz"));
    assertThat(compressed.keySet()).containsExactly("weight", "labels");
    assertThat(compressed.get("weight").shapeArray()).containsExactly(2, 3, 4);
    assertThat(compressed.get("labels").toLongArray()).containsExactly(3, -1, 7, 1L << 40);
  }

  @Test
  void roundTripsStoredAndCompressedInOrder() throws IOException {
    Map<String, Tensor> arrays = new LinkedHashMap<>();
    arrays.put("z", Tensor.wrap(NpyTest.expectedF4(), 2, 12));
    arrays.put("a", Tensor.wrap(new long[] {5, 6}, 2));
    for (boolean compressed : new boolean[] {false, true}) {
      Path f = dir.resolve(compressed + ".npz");
      Npz.save(arrays, f, compressed);
      Map<String, Tensor> back = Npz.load(f);
      assertThat(back.keySet()).containsExactly("z", "a");
      assertThat(back.get("z").toFloatArray()).containsExactly(NpyTest.expectedF4());
      assertThat(back.get("a").toLongArray()).containsExactly(5, 6);
    }
  }

  @Test
  void aFileThatIsNotAZipIsRejected() throws IOException {
    Path f = Files.writeString(dir.resolve("x.npz"), "not a zip");
    assertThatThrownBy(() -> Npz.load(f)).isInstanceOf(IOException.class).hasMessageContaining(f.toString())
        .hasMessageContaining("not a valid zip archive");
    assertThatThrownBy(() -> Npz.load(dir.resolve("missing.npz"))).hasMessageContaining("no such file");
  }
}
