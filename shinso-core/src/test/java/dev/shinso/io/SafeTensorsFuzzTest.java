package dev.shinso.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import dev.shinso.testing.fuzz.ByteMutation;
import dev.shinso.testing.fuzz.FuzzTries;
import dev.shinso.testing.fuzz.Outcome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile safetensors files and checkpoints (see {@link SafeTensorsCase}). Every load either returns
 * tensors that tile the data section exactly, each holding the bytes the file has there (and, for an
 * untouched file, exactly the model written), or throws an IOException naming the file; and it
 * allocates no more than a small multiple of the file, whatever sizes the header claims.
 */
@AddLifecycleHook(FuzzTries.class)
class SafeTensorsFuzzTest {
  private static Path dir;

  @BeforeContainer
  static void createDirectory() throws IOException {
    dir = Files.createTempDirectory("safetensors-fuzz");
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) Files.delete(f);
    }
    Files.delete(dir);
  }

  /** The reader's fixed buffers and class loading, plus a few copies of the file (bytes, JSON text, values). */
  private static long allocationBound(byte[] file) {
    return (64L << 20) + 32L * file.length;
  }

  // the generators aim at the edges themselves; jqwik's edge cases would make many tries the same minimal file
  @Property(edgeCases = EdgeCasesMode.NONE)
  void loadsWhatTheFileHoldsOrFailsNamingIt(@ForAll("files") SafeTensorsCase c) throws IOException {
    byte[] bytes = c.bytes();
    Path file = Files.write(dir.resolve("case.safetensors"), bytes);
    Outcome<SafeTensors.Contents> load = Outcome.of(() -> SafeTensors.load(file));
    Statistics.collect(c.untouched() ? "untouched" : c.edits().isEmpty() ? "bytes mutated" : "edited",
        load.succeeded() ? "loaded" : "refused");
    load.assertAllocatedAtMost(allocationBound(bytes), "a small multiple of the file");
    if (!load.succeeded()) {
      load.assertFailedCleanly(file, IOException.class);
      assertThat(c.untouched()).as("a valid file was refused: " + load.thrown()).isFalse();
      return;
    }
    assertTilesTheData(load.result().tensors(), bytes);
    if (c.untouched()) assertIsTheModel(load.result(), c);
  }

  @Property(edgeCases = EdgeCasesMode.NONE)
  void loadsACheckpointOrFailsNamingIt(@ForAll("checkpoints") SafeTensorsCase c) throws IOException {
    byte[] bytes = c.bytes();
    Path file = Files.write(dir.resolve("case.ckpt"), bytes);
    Outcome<Checkpoint> load = Outcome.of(() -> Checkpoint.load(file));
    Statistics.collect(c.untouched() ? "untouched" : "changed", load.succeeded() ? "loaded" : "refused");
    load.assertAllocatedAtMost(allocationBound(bytes), "a small multiple of the file");
    if (!load.succeeded()) {
      load.assertFailedCleanly(file, IOException.class);
      assertThat(c.untouched()).as("a valid checkpoint was refused: " + load.thrown()).isFalse();
      return;
    }
    Checkpoint ckpt = load.result();
    assertThat(ckpt.rngState()).hasSize(3);
    assertThat(ckpt.epoch()).isBetween(0, Checkpoint.MAX_EPOCH);
    SafeTensors.Contents all = SafeTensors.load(file);
    assertThat(ckpt.model().size() + ckpt.optimizer().size() + ckpt.scheduler().size() + 1).isEqualTo(all.tensors().size());
    for (var section : Map.of("model.", ckpt.model(), "optimizer.", ckpt.optimizer(), "scheduler.", ckpt.scheduler())
        .entrySet()) {
      section.getValue().forEach((k, v) -> assertThat(bytesOf(v)).isEqualTo(bytesOf(all.tensors().get(section.getKey() + k))));
    }
    assertThat(ckpt.rngState()).containsExactly(all.tensors().get("rng_state").toLongArray());
    if (c.untouched()) assertThat(ckpt.epoch()).isEqualTo(3);
  }

  /** The tensors laid end to end in some order are exactly the data section: every byte read, none invented. */
  private static void assertTilesTheData(Map<String, Tensor> tensors, byte[] file) {
    long headerLength = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
    byte[] data = Arrays.copyOfRange(file, (int) (8 + headerLength), file.length);
    List<byte[]> blocks = new ArrayList<>();
    for (Tensor t : tensors.values()) {
      assertThat(t.dtype()).isIn(DType.FLOAT32, DType.FLOAT64, DType.INT64);
      assertThat((long) t.numel()).isEqualTo(Arrays.stream(t.shapeArray()).asLongStream().reduce(1, (a, b) -> a * b));
      byte[] b = bytesOf(t);
      if (b.length > 0) blocks.add(b);
    }
    assertThat(blocks.stream().mapToLong(b -> b.length).sum()).as("bytes read").isEqualTo(data.length);
    assertThat(tiles(data, 0, blocks, new boolean[blocks.size()])).as("the tensors hold the file's data").isTrue();
  }

  private static boolean tiles(byte[] data, int at, List<byte[]> blocks, boolean[] used) {
    if (at == data.length) return true;
    for (int i = 0; i < blocks.size(); i++) {
      byte[] b = blocks.get(i);
      if (used[i] || !Arrays.equals(b, 0, b.length, data, at, Math.min(data.length, at + b.length))) continue;
      used[i] = true;
      if (tiles(data, at + b.length, blocks, used)) return true;
      used[i] = false;
    }
    return false;
  }

  private static byte[] bytesOf(Tensor t) {
    ByteBuffer b = ByteBuffer.allocate(t.numel() * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    switch (t.dtype()) {
      case INT64 -> { for (long v : t.toLongArray()) b.putLong(v); }
      case FLOAT64 -> { for (double v : t.toDoubleArray()) b.putLong(Double.doubleToRawLongBits(v)); }
      case FLOAT32 -> { for (float v : t.toFloatArray()) b.putInt(Float.floatToRawIntBits(v)); }
    }
    return b.array();
  }

  private static void assertIsTheModel(SafeTensors.Contents loaded, SafeTensorsCase c) {
    assertThat(loaded.tensors().keySet()).containsExactlyElementsOf(c.tensors().stream().map(SafeTensorsCase.Spec::name).toList());
    for (SafeTensorsCase.Spec s : c.tensors()) {
      Tensor t = loaded.tensors().get(s.name());
      assertThat(t.shapeArray()).containsExactly(s.shape().stream().mapToInt(Integer::intValue).toArray());
      assertThat(t.dtype()).isEqualTo(s.int64() ? DType.INT64 : DType.FLOAT32);
      assertThat(bytesOf(t)).isEqualTo(s.data());
    }
    assertThat(loaded.metadata()).isEqualTo(c.metadata());
  }

  private static final List<String> NAMES = List.of("w", "model.w", "layer.0.bias", "\u00e9t\u00e9", "\uD83D\uDE00",
      "a b", "quote\"d", "back\\slash", "lone\uD800");

  private static Arbitrary<List<Integer>> shapes() {
    return Arbitraries.integers().between(0, 4).list().ofMaxSize(3);
  }

  @Provide
  Arbitrary<SafeTensorsCase> files() {
    Arbitrary<SafeTensorsCase.Spec> spec = Combinators.combine(Arbitraries.of(NAMES), Arbitraries.of(true, false),
        shapes(), Arbitraries.integers()).as(SafeTensorsCase.Spec::new);
    // names made unique by their position, as a writer's would be
    Arbitrary<List<SafeTensorsCase.Spec>> specs = spec.list().ofMaxSize(4).map(l -> {
      List<SafeTensorsCase.Spec> out = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        var s = l.get(i);
        out.add(new SafeTensorsCase.Spec(s.name() + i, s.int64(), s.shape(), s.seed()));
      }
      return out;
    });
    Arbitrary<Map<String, String>> metadata = Arbitraries.of(Map.of(), Map.of("format", "pt"),
        Map.of("format", "pt", "note", "\u00e9 \uD83D\uDE00 lone \uDC00 \"quoted\"\n"));
    return Combinators.combine(specs, metadata, Arbitraries.integers(), edits(), byteMutations())
        .as(SafeTensorsCase::new);
  }

  @Provide
  Arbitrary<SafeTensorsCase> checkpoints() {
    Arbitrary<List<SafeTensorsCase.Spec>> specs = Combinators.combine(shapes(), shapes(), Arbitraries.integers())
        .as((model, optimizer, seed) -> List.of(new SafeTensorsCase.Spec("model.w", false, model, seed),
            new SafeTensorsCase.Spec("optimizer.m", false, optimizer, seed + 1),
            new SafeTensorsCase.Spec("rng_state", true, List.of(3), seed + 2)));
    Map<String, String> metadata = new java.util.LinkedHashMap<>();
    metadata.put("format", "shinso-checkpoint");
    metadata.put("epoch", "3");
    return Combinators.combine(specs, Arbitraries.just(metadata), Arbitraries.integers(), edits(), byteMutations())
        .as(SafeTensorsCase::new);
  }

  private static Arbitrary<List<SafeTensorsEdit>> edits() {
    Arbitrary<Integer> any = Arbitraries.integers().between(0, 1000);
    Arbitrary<SafeTensorsEdit> edit = Arbitraries.frequencyOf(
        Tuple.of(8, Combinators.combine(any, Arbitraries.integers().between(0, 3), any).as(SafeTensorsEdit.Field::new)),
        Tuple.of(1, Combinators.combine(any, any).as(SafeTensorsEdit.DropField::new)),
        Tuple.of(1, Combinators.combine(any, any).as(SafeTensorsEdit.ExtraField::new)),
        Tuple.of(1, any.map(SafeTensorsEdit.DuplicateKey::new)),
        Tuple.of(2, any.map(SafeTensorsEdit.Metadata::new)),
        Tuple.of(2, Combinators.combine(any, any).as(SafeTensorsEdit.Raw::new)),
        Tuple.of(1, Arbitraries.integers().between(50, 400).map(SafeTensorsEdit.ManyEmpty::new)),
        Tuple.of(1, Combinators.combine(ByteMutation.hostileNumbers(), Arbitraries.of(true, false))
            .as(SafeTensorsEdit.Length::new)),
        Tuple.of(1, Arbitraries.integers().between(-16, 16).map(SafeTensorsEdit.DataLength::new)));
    return edit.list().ofMaxSize(3);
  }

  private static Arbitrary<List<ByteMutation>> byteMutations() {
    return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(List.of())), Tuple.of(1, ByteMutation.lists(256)));
  }
}
