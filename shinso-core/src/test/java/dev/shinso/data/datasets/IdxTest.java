package dev.shinso.data.datasets;

import static dev.shinso.data.datasets.IdxFiles.gzip;
import static dev.shinso.data.datasets.IdxFiles.idx;
import static dev.shinso.data.datasets.IdxFiles.ubyte;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.DType;
import dev.shinso.testing.Allocations;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  /** A 2×3 array 0, 1, 2, 128, 254, 255. */
  private static final byte[] SMALL = ubyte(new int[] {2, 3}, new byte[] {0, 1, 2, (byte) 128, (byte) 254, (byte) 255});

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  @Test
  void readsAPlainFile() throws IOException {
    Idx idx = Idx.read(write("small-idx2-ubyte", SMALL));
    assertThat(idx.shape()).containsExactly(2, 3);
    Tensor f = idx.toFloat(255f);
    assertThat(f.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(f.shapeArray()).containsExactly(2, 3);
    assertThat(f.toFloatArray()).containsExactly(0f, 1 / 255f, 2 / 255f, 128 / 255f, 254 / 255f, 1f);
    Tensor l = idx.toLong();
    assertThat(l.dtype()).isEqualTo(DType.INT64);
    assertThat(l.toLongArray()).containsExactly(0, 1, 2, 128, 254, 255);
  }

  @Test
  void gzipIsRecognisedByItsMagicBytesNotTheName() throws IOException {
    Idx zipped = Idx.read(write("no-extension", gzip(SMALL)));
    Idx plainNamedGz = Idx.read(write("plain.gz", SMALL));
    assertThat(zipped.shape()).containsExactly(2, 3);
    assertThat(zipped.data()).containsExactly(plainNamedGz.data());
  }

  @Test
  void badMagicNamesTheFileAndTheBytes() throws IOException {
    Path p = write("bad-magic", new byte[] {0x1F, 0x00, 0x08, 0x01, 0, 0, 0, 0});
    assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(IOException.class)
        .hasMessageContaining(p.toString()).hasMessageContaining("bad magic number 0x1F000801");
  }

  @Test
  void unsupportedTypesAreNamed() throws IOException {
    Path p = write("floats", idx(0x0D, new int[] {1}, new byte[4]));
    assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(IOException.class).hasMessageContaining(p.toString())
        .hasMessageContaining("0x0D (float32)").hasMessageContaining("0x08 (unsigned byte)");
  }

  @Test
  void zeroDimensionsAreRejected() throws IOException {
    Path p = write("scalar", new byte[] {0, 0, 8, 0, 42});
    assertThatThrownBy(() -> Idx.read(p)).hasMessageContaining("0 dimensions");
  }

  @Test
  void truncatedFilesAreRejected() throws IOException {
    Path data = write("short-data", Arrays.copyOf(SMALL, SMALL.length - 2));
    assertThatThrownBy(() -> Idx.read(data)).isInstanceOf(IOException.class).hasMessageContaining(data.toString())
        .hasMessageContaining("truncated").hasMessageContaining("[2, 3] declares 6 bytes").hasMessageContaining("only 4");
    Path header = write("short-header", Arrays.copyOf(SMALL, 9));
    assertThatThrownBy(() -> Idx.read(header)).hasMessageContaining("truncated").hasMessageContaining("2 dimensions");
    Path empty = write("empty", new byte[0]);
    assertThatThrownBy(() -> Idx.read(empty)).hasMessageContaining("truncated");
  }

  @Test
  void truncatedGzipIsRejected() throws IOException {
    byte[] big = ubyte(new int[] {1000}, new byte[1000]);
    byte[] gz = gzip(big);
    Path p = write("cut.gz", Arrays.copyOf(gz, gz.length - 12)); // lose the trailer and some data
    assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(IOException.class).hasMessageContaining(p.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void corruptGzipIsRejected() throws IOException {
    byte[] gz = gzip(SMALL);
    for (int i = 10; i < gz.length - 8; i++) gz[i] ^= (byte) 0x5A; // scramble the deflate stream
    Path p = write("scrambled.gz", gz);
    assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(IOException.class).hasMessageContaining(p.toString());
  }

  @Test
  void trailingDataIsRejected() throws IOException {
    byte[] longer = Arrays.copyOf(SMALL, SMALL.length + 1);
    Path plain = write("long", longer);
    Path zipped = write("long.gz", gzip(longer));
    assertThatThrownBy(() -> Idx.read(plain)).hasMessageContaining(plain.toString()).hasMessageContaining("trailing");
    assertThatThrownBy(() -> Idx.read(zipped)).hasMessageContaining("trailing");
  }

  @Test
  void sizesTooLargeForAnArrayAreRejectedBeforeReading() throws IOException {
    Path p = write("huge", ubyte(new int[] {0x10000, 0x10000}, new byte[0]));
    assertThatThrownBy(() -> Idx.read(p)).hasMessageContaining("[65536, 65536]").hasMessageContaining("more elements");
    Path unsigned = write("unsigned", ubyte(new int[] {-1}, new byte[0])); // 0xFFFFFFFF = 4294967295
    assertThatThrownBy(() -> Idx.read(unsigned)).hasMessageContaining("4294967295");
  }

  /** Found by IdxFuzzTest: the 0 made the count 0, and the 2^31 became a negative dimension of the result. */
  @Test
  void aSizeBeyondAnIntIsRejectedEvenWhenAnotherSizeIsZero() throws IOException {
    Path p = write("empty-but-huge", ubyte(new int[] {0, Integer.MIN_VALUE}, new byte[0])); // 0x80000000 = 2^31
    assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(IOException.class).hasMessageContaining(p.toString())
        .hasMessageContaining("size 2147483648 in [0, 2147483648] is larger than a dimension can be");
  }

  /** 2.7 million 28×28 images claimed (2.1 GB, less than one array's limit) over one image of data. */
  private static final int[] MILLIONS = {2_700_000, 28, 28};

  @Test
  void aPlainHeaderClaimingMoreThanTheFileHoldsIsRefusedBeforeAllocating() throws IOException {
    Path p = write("millions-idx3-ubyte", ubyte(MILLIONS, new byte[784]));
    assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(IOException.class).hasMessageContaining(p.toString())
        .hasMessageContaining("truncated").hasMessageContaining("declares 2116800000 bytes")
        .hasMessageContaining("only 784");
    assertThat(Allocations.bytesAllocatedBy(() -> Idx.read(p))).isLessThan(10_000_000);
  }

  @Test
  void aGzipTooSmallToExpandToItsHeaderIsRefusedBeforeAllocating() throws IOException {
    Path p = write("millions.gz", gzip(ubyte(MILLIONS, new byte[784])));
    assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(IOException.class).hasMessageContaining(p.toString())
        .hasMessageContaining("declares 2116800000 bytes").hasMessageContaining("a gzip file of " + Files.size(p)
            + " bytes expands to at most " + 1032 * Files.size(p));
    assertThat(Allocations.bytesAllocatedBy(() -> Idx.read(p))).isLessThan(10_000_000);
  }

  @Test
  void aGzipThatEndsEarlyIsReadOnlyAsFarAsItsData() throws IOException {
    byte[] noise = new byte[64 * 1024];
    new Random(19).nextBytes(noise);  // incompressible, so the file could hold the 60 MB it claims
    Path p = write("short.gz", gzip(ubyte(new int[] {60_000_000}, noise)));
    assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(IOException.class).hasMessageContaining(p.toString())
        .hasMessageContaining("truncated").hasMessageContaining("declares 60000000 bytes")
        .hasMessageContaining("only 65536");
    assertThat(Allocations.bytesAllocatedBy(() -> Idx.read(p))).isLessThan(10_000_000);
  }

  @Test
  void dataLargerThanTheHeapIsRefusedWithTheHeapItNeeds() throws IOException {
    byte[] kilobyte = ubyte(new int[] {1024}, new byte[1024]);
    for (Path p : new Path[] {write("kilobyte", kilobyte), write("kilobyte.gz", gzip(kilobyte))}) {
      assertThatThrownBy(() -> Idx.read(p, 1000)).isInstanceOf(IOException.class).hasMessageContaining(p.toString())
          .hasMessageContaining("declares 1024 bytes").hasMessageContaining("needs that much heap")
          .hasMessageContaining("-Xmx");
      assertThat(Idx.read(p, 1024).shape()).containsExactly(1024);
    }
  }

  @Test
  void aMissingFileIsAnIOExceptionNamingIt() {
    Path p = dir.resolve("absent");
    assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(NoSuchFileException.class).hasMessageContaining(p.toString());
  }
}
