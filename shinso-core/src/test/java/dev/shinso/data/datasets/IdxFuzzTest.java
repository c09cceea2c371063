package dev.shinso.data.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.testing.fuzz.ByteMutation;
import dev.shinso.testing.fuzz.FuzzTries;
import dev.shinso.testing.fuzz.Outcome;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile IDX files, plain and gzipped: valid files with their header or compressed stream mutated,
 * headers claiming terabytes, gzip streams that expand far beyond or fall short of their header, and
 * noise. Every read either returns exactly what the file holds (an independent decoder below says
 * what that is) or throws an IOException naming the file, allocating no more than the data that
 * really exists calls for.
 */
@AddLifecycleHook(FuzzTries.class)
class IdxFuzzTest {
  private static Path dir;

  @BeforeContainer
  static void createDirectory() throws IOException {
    dir = Files.createTempDirectory("idx-fuzz");
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) Files.delete(f);
    }
    Files.delete(dir);
  }

  // the generators aim at the edges themselves; jqwik's edge cases would make many tries the same minimal file
  @Property(edgeCases = EdgeCasesMode.NONE)
  void readsExactlyWhatTheFileHoldsOrFailsNamingIt(@ForAll("files") IdxCase c) throws IOException {
    byte[] bytes = c.bytes();
    Path file = Files.write(dir.resolve("case-idx-ubyte"), bytes);
    Decoded expected = Decoded.of(bytes);
    Outcome<Idx> read = Outcome.of(() -> Idx.read(file));
    Statistics.collect(c.getClass().getSimpleName(), read.succeeded() ? "read" : "refused");
    // the reader's buffers, twice the file, and the growing buffer's copies of the data that really exists
    read.assertAllocatedAtMost((32L << 20) + 8L * bytes.length + 4L * expected.plainBytes(), "bounded by the real data");
    if (read.succeeded()) {
      assertThat(expected.valid()).as("the decoder accepts what the reader accepted").isTrue();
      assertThat(read.result().shape()).containsExactly(expected.shape());
      assertThat(read.result().data()).isEqualTo(expected.data());
    } else {
      read.assertFailedCleanly(file, IOException.class);
      assertThat(expected.valid()).as("the reader refused a valid file: " + read.thrown()).isFalse();
    }
  }

  /** A generated file: how it was built (what jqwik reports and shrinks), and its bytes. */
  sealed interface IdxCase {
    byte[] bytes();
  }

  /** A well-formed file of these sizes and random data, mutated before and after gzip. */
  record Mutated(List<Long> sizes, int dataSeed, boolean gzipped, List<ByteMutation> plain, List<ByteMutation> zipped)
      implements IdxCase {
    public byte[] bytes() {
      long numel = 1;
      for (long s : sizes) numel = Math.min(numel * s, 1 << 20);
      // a header that claims more than a small file can hold comes with a little data
      byte[] data = new byte[numel <= 1 << 16 ? (int) numel : dataSeed & 0xFFF];
      new Random(dataSeed).nextBytes(data);
      byte[] file = ByteMutation.apply(plain, IdxFiles.ubyte(sizes.stream().mapToInt(Long::intValue).toArray(), data));
      return gzipped ? ByteMutation.apply(zipped, IdxFiles.gzip(file)) : file;
    }
  }

  /** Zeros compressed far below their size, under a header that claims as many, a few more or fewer, or any number. */
  record Bomb(int zeros, long excess, List<ByteMutation> zipped) implements IdxCase {
    public byte[] bytes() {
      int declared = (int) (zeros + excess);
      return ByteMutation.apply(zipped, IdxFiles.gzip(IdxFiles.ubyte(new int[] {declared}, new byte[zeros])));
    }
  }

  /** Random bytes, sometimes behind an IDX or gzip magic number. */
  record Noise(byte[] prefix, byte[] noise) implements IdxCase {
    public byte[] bytes() {
      return ByteBuffer.allocate(prefix.length + noise.length).put(prefix).put(noise).array();
    }
  }

  @Provide
  Arbitrary<IdxCase> files() {
    Arbitrary<Long> size = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.longs().between(0, 12)),
        Tuple.of(1, ByteMutation.hostileNumbers().map(n -> n & 0xFFFF_FFFFL)));
    Arbitrary<List<ByteMutation>> plain = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(List.of())), Tuple.of(3, ByteMutation.lists(16)));
    Arbitrary<List<ByteMutation>> zipped = Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just(List.of())), Tuple.of(1, ByteMutation.lists(32)));
    Arbitrary<IdxCase> mutated = Combinators.combine(size.list().ofMinSize(1).ofMaxSize(3), Arbitraries.integers(),
        Arbitraries.of(true, false), plain, zipped).as(Mutated::new);
    Arbitrary<Long> excess = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0L)),
        Tuple.of(1, Arbitraries.longs().between(-64, 64)), Tuple.of(1, ByteMutation.hostileNumbers()));
    Arbitrary<IdxCase> bomb = Combinators.combine(Arbitraries.integers().between(0, 1 << 22), excess, zipped)
        .as(Bomb::new);
    Arbitrary<byte[]> prefix = Arbitraries.of(new byte[0], new byte[] {0, 0, 8, 1}, new byte[] {0x1F, (byte) 0x8B},
        new byte[] {0x1F, (byte) 0x8B, 8, 0});
    Arbitrary<IdxCase> noise = Combinators.combine(prefix, Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
        .as(Noise::new);
    return Arbitraries.frequencyOf(Tuple.of(14, mutated), Tuple.of(3, bomb), Tuple.of(1, noise));
  }

  /**
   * What an IDX file holds by the format's definition, decoded independently of the reader: valid when
   * it is unsigned-byte data, at least one dimension, sizes an int array can hold, and exactly the
   * declared number of bytes. plainBytes is how much data the file really holds once decompressed.
   */
  record Decoded(boolean valid, int[] shape, byte[] data, long plainBytes) {
    private static final int MAX_PLAIN = 64 << 20;

    static Decoded of(byte[] file) {
      byte[] plain = file;
      if (isGzip(file)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!gunzip(file, out)) return new Decoded(false, null, null, out.size());
        plain = out.toByteArray();
      }
      ByteBuffer b = ByteBuffer.wrap(plain);
      Decoded invalid = new Decoded(false, null, null, plain.length);
      if (plain.length < 4 || b.get() != 0 || b.get() != 0 || b.get() != 8) return invalid;
      int dims = b.get() & 0xFF;
      if (dims == 0 || b.remaining() < 4 * dims) return invalid;
      int[] shape = new int[dims];
      long numel = 1;
      for (int d = 0; d < dims; d++) {
        long s = b.getInt() & 0xFFFF_FFFFL;
        if (s > Integer.MAX_VALUE) return invalid;
        shape[d] = (int) s;
        numel = Math.min(numel * s, Integer.MAX_VALUE);
      }
      if (numel != b.remaining()) return invalid;
      byte[] data = new byte[b.remaining()];
      b.get(data);
      return new Decoded(true, shape, data, plain.length);
    }

    private static boolean isGzip(byte[] file) {
      return file.length >= 2 && file[0] == 0x1F && file[1] == (byte) 0x8B;
    }

    /** Decompresses into out; false when the stream is corrupt, truncated, or larger than any the tests build. */
    private static boolean gunzip(byte[] file, ByteArrayOutputStream out) {
      try (InputStream in = new GZIPInputStream(new BufferedInputStream(new ByteArrayInputStream(file), 1 << 16),
          1 << 16)) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          out.write(buf, 0, n);
          if (out.size() > MAX_PLAIN) return false;
        }
        return true;
      } catch (IOException e) {
        return false;
      }
    }
  }
}
