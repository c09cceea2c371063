package dev.shinso.data.datasets;

import dev.shinso.testing.RealData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shinso.data.Batch;
import dev.shinso.data.DataLoader;
import dev.shinso.tensor.DType;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real Fashion-MNIST files: sizes, label counts and a few known values; correctness only, no timing. */
class FashionMnistTest {
  private static FashionMnist train;
  private static FashionMnist test;

  @BeforeAll
  static void load() throws IOException {
    Path dir = RealData.fashionMnistDir();
    train = FashionMnist.builder().train(true).root(dir).download(false).build();
    test = FashionMnist.builder().train(false).root(dir).download(false).build();
  }

  private static long[] classCounts(FashionMnist d) {
    long[] counts = new long[10];
    for (long l : d.labels().toLongArray()) counts[(int) l]++;
    return counts;
  }

  @Test
  void trainHas60000ImagesWith6000PerClass() {
    assertThat(train.size()).isEqualTo(60_000);
    assertThat(train.images().shapeArray()).containsExactly(60_000, 1, 28, 28);
    assertThat(train.images().dtype()).isEqualTo(DType.FLOAT32);
    assertThat(train.labels().dtype()).isEqualTo(DType.INT64);
    assertThat(classCounts(train)).containsOnly(6_000);
  }

  @Test
  void testHas10000ImagesWith1000PerClass() {
    assertThat(test.size()).isEqualTo(10_000);
    assertThat(test.images().shapeArray()).containsExactly(10_000, 1, 28, 28);
    assertThat(classCounts(test)).containsOnly(1_000);
  }

  @Test
  void knownLabelsAndPixels() {
    long[] first = train.getBatch(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}).targets().toLongArray();
    assertThat(first).containsExactly(9, 0, 0, 3, 0, 2, 7, 2, 5, 5);
    assertThat(train.classes().get((int) first[0])).isEqualTo("Ankle boot");
    assertThat(test.get(0).target().itemLong()).isEqualTo(9);
    assertThat(test.get(1).target().itemLong()).isEqualTo(2);
    // the first training image: its bytes add up to 76247, its brightest pixel is 255
    assertThat(train.get(0).input().sum().item()).isCloseTo(76_247 / 255f, within(1e-2f));
    assertThat(train.images().max().item()).isEqualTo(1f);
    assertThat(train.images().min().item()).isEqualTo(0f);
  }

  @Test
  void aShuffledEpochCoversTheTrainSetInFullBatches() {
    DataLoader loader = DataLoader.builder(train).batchSize(256).shuffle(true).seed(0).dropLast(true).build();
    long[] counts = new long[10];
    int batches = 0;
    for (Batch b : loader.epoch(0)) {
      assertThat(b.inputs().shapeArray()).containsExactly(256, 1, 28, 28);
      for (long l : b.targets().toLongArray()) counts[(int) l]++;
      batches++;
    }
    assertThat(batches).isEqualTo(234);
    assertThat(java.util.Arrays.stream(counts).sum()).isEqualTo(234 * 256);
  }
}
