package dev.shinso.cli.predict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.testing.fuzz.ByteMutation;
import dev.shinso.testing.fuzz.FuzzTries;
import dev.shinso.testing.fuzz.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Hostile PNG and JPEG files for {@code shinso predict} (see {@link ImageCase}, {@link ImageEdit}).
 * Every read either returns a 28×28 input of the size the header declares, or throws an IOException
 * naming the file; it allocates no more than the pixels it may decode (at most
 * {@link ImageInput#MAX_PIXELS}) call for, whatever size the header claims.
 */
@AddLifecycleHook(FuzzTries.class)
class ImageInputFuzzTest {
  private static Path dir;

  @BeforeContainer
  static void createDirectory() throws IOException {
    dir = Files.createTempDirectory("image-fuzz");
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) Files.delete(f);
    }
    Files.delete(dir);
  }

  /**
   * Decoders' buffers and class loading, a few copies of the file, and per pixel the decoded image
   * (up to 8 bytes for 16-bit RGBA), the grey copy (8) and the decoder's own rows; pixels is 0 for a
   * header the reader must refuse, {@link ImageInput#MAX_PIXELS} where the test cannot read the header.
   */
  private static long allocationBound(byte[] file) {
    long[] size = ImageBytes.declaredSize(file);
    long pixels = size == null ? ImageInput.MAX_PIXELS : withinLimits(size) ? size[0] * size[1] : 0;
    return (64L << 20) + 16L * file.length + 48L * pixels;
  }

  private static boolean withinLimits(long[] size) {
    return size[0] <= ImageInput.MAX_SIDE && size[1] <= ImageInput.MAX_SIDE && size[0] * size[1] <= ImageInput.MAX_PIXELS;
  }

  // the generators aim at the edges themselves; jqwik's edge cases would make many tries the same minimal file
  @Property(edgeCases = EdgeCasesMode.NONE)
  void readsAnInputOfTheDeclaredSizeOrFailsNamingTheFile(@ForAll("images") ImageCase c) throws IOException {
    byte[] bytes = c.bytes();
    Path file = Files.write(dir.resolve("case.img"), bytes);
    Outcome<ImageInput> read = Outcome.of(() -> ImageInput.read(file));
    Statistics.collect(c instanceof ImageCase.Encoded e ? e.kind().format + (e.untouched() ? " untouched" : " changed")
        : "noise", read.succeeded() ? "read" : "refused");
    read.assertAllocatedAtMost(allocationBound(bytes), "the pixels the header declares, within the limits");
    if (!read.succeeded()) {
      read.assertFailedCleanly(file, IOException.class);
      assertThat(c instanceof ImageCase.Encoded e && e.untouched()).as("a valid image was refused: " + read.thrown())
          .isFalse();
      return;
    }
    ImageInput in = read.result();
    long[] declared = ImageBytes.declaredSize(bytes);
    if (declared != null) assertThat(new long[] {in.width(), in.height()}).containsExactly(declared);
    assertThat(withinLimits(new long[] {in.width(), in.height()})).isTrue();
    assertThat(in.tensor().shapeArray()).containsExactly(1, 1, ImageInput.SIZE, ImageInput.SIZE);
    for (float v : in.tensor().toFloatArray()) assertThat(v).isBetween(-1e-6f, 1 + 1e-6f);
    if (c instanceof ImageCase.Encoded e && e.untouched() && e.kind().format.equals("png")) {
      // PNG is lossless: the file gives what the image written gives
      assertThat(in.tensor().toFloatArray())
          .containsExactly(ImageInput.of(file, e.image()).tensor().toFloatArray(), org.assertj.core.data.Offset.offset(1e-6f));
    }
  }

  @Provide
  Arbitrary<ImageCase> images() {
    Arbitrary<Integer> any = Arbitraries.integers().between(0, 1000);
    Arbitrary<ImageEdit> edit = Arbitraries.frequencyOf(
        Tuple.of(3, Combinators.combine(any, any, Arbitraries.of(true, false)).as(ImageEdit.Size::new)),
        Tuple.of(2, any.map(ImageEdit.PngChunk::new)),
        Tuple.of(2, any.map(ImageEdit.PngData::new)),
        Tuple.of(2, any.map(ImageEdit.JpegSegment::new)));
    Arbitrary<List<ByteMutation>> mutations = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(List.of())), Tuple.of(1, ByteMutation.lists(200)));
    Arbitrary<Integer> side = Arbitraries.integers().between(1, 40);
    Arbitrary<ImageCase> encoded = Combinators.combine(Arbitraries.of(ImageCase.Kind.class), side, side,
        Arbitraries.integers(), edit.list().ofMaxSize(2), mutations).as(ImageCase.Encoded::new);
    Arbitrary<ImageCase> noise = Combinators.combine(any, Arbitraries.bytes().array(byte[].class).ofMaxSize(200))
        .as(ImageCase.Noise::new);
    return Arbitraries.frequencyOf(Tuple.of(12, encoded), Tuple.of(1, noise));
  }
}
