package dev.shinso.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.data.transforms.Transform;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
  /** Sample i has input [i] (float) and target i (int64). */
  private static TensorDataset numbered(int n) {
    return new TensorDataset(Tensor.arange(n).reshape(n, 1), Tensor.ofLongs(IntStream.range(0, n).asLongStream().toArray()));
  }

  private static List<long[]> targets(Iterable<Batch> batches) {
    List<long[]> out = new ArrayList<>();
    for (Batch b : batches) out.add(b.targets().toLongArray());
    return out;
  }

  private static List<float[]> inputs(Iterable<Batch> batches) {
    List<float[]> out = new ArrayList<>();
    for (Batch b : batches) out.add(b.inputs().toFloatArray());
    return out;
  }

  @Test
  void theShardsOfAGlobalBatchAreThatBatchInRankOrder() {
    DataLoader whole = DataLoader.builder(numbered(23)).batchSize(8).shuffle(true).seed(9).build();
    List<long[]> global = targets(whole.epoch(2));
    List<List<long[]>> shards = new ArrayList<>();
    for (int r = 0; r < 3; r++) shards.add(targets(whole.shard(r, 3).epoch(2)));
    for (int i = 0; i < global.size(); i++) {
      long[] joined = new long[0];
      for (List<long[]> shard : shards) {
        long[] part = shard.get(i);
        joined = java.util.stream.LongStream.concat(Arrays.stream(joined), Arrays.stream(part)).toArray();
      }
      assertThat(joined).containsExactly(global.get(i));
      assertThat(whole.globalBatchSize(i)).isEqualTo(global.get(i).length);
    }
    assertThat(shards.get(0).get(0)).hasSize(2); // rows [0, 8/3) of 8: shards of 2, 3 and 3
    assertThat(shards.get(2).get(2)).hasSize(3); // the last batch of 7: 2, 2 and 3
  }

  @Test
  void anEpochResumedMidwayGivesTheRemainingBatches() {
    DataLoader loader = DataLoader.builder(numbered(20)).batchSize(6).shuffle(true).seed(4).build();
    List<long[]> all = targets(loader.epoch(1));
    List<long[]> rest = targets(() -> loader.iterator(1, 2));
    assertThat(rest).containsExactlyElementsOf(all.subList(2, all.size()));
    assertThat(targets(() -> loader.iterator(1, 4))).isEmpty();
    assertThatThrownBy(() -> loader.iterator(1, 5)).hasMessageContaining("first batch 5 is outside [0, 4]");
  }

  @Test
  void batchesInOrderWithoutShuffle() {
    DataLoader loader = DataLoader.builder(numbered(10)).batchSize(4).build();
    assertThat(loader.numBatches()).isEqualTo(3);
    assertThat(targets(loader.epoch(0))).containsExactly(new long[] {0, 1, 2, 3}, new long[] {4, 5, 6, 7},
        new long[] {8, 9});
    List<float[]> in = inputs(loader.epoch(0));
    assertThat(in.get(2)).containsExactly(8, 9);
  }

  @Test
  void dropLastDropsTheShortBatch() {
    DataLoader loader = DataLoader.builder(numbered(10)).batchSize(4).dropLast(true).build();
    assertThat(loader.numBatches()).isEqualTo(2);
    assertThat(targets(loader.epoch(0))).hasSize(2).allSatisfy(t -> assertThat(t).hasSize(4));
    assertThat(DataLoader.builder(numbered(3)).batchSize(4).dropLast(true).build().numBatches()).isZero();
  }

  @Test
  void shuffleVisitsEverySampleOncePerEpoch() {
    DataLoader loader = DataLoader.builder(numbered(50)).batchSize(7).shuffle(true).seed(1).build();
    long[] seen = targets(loader.epoch(3)).stream().flatMapToLong(Arrays::stream).sorted().toArray();
    assertThat(seen).isEqualTo(IntStream.range(0, 50).asLongStream().toArray());
    assertThat(loader.order(3)).isNotEqualTo(IntStream.range(0, 50).toArray());
  }

  @Test
  void epochOrderIsAPureFunctionOfSeedAndEpoch() {
    DataLoader straight = DataLoader.builder(numbered(40)).batchSize(8).shuffle(true).seed(123).build();
    List<List<long[]>> run = new ArrayList<>();
    for (int e = 0; e < 4; e++) run.add(targets(straight.epoch(e)));

    DataLoader resumed = DataLoader.builder(numbered(40)).batchSize(8).shuffle(true).seed(123).build();
    assertThat(targets(resumed.epoch(2))).containsExactlyElementsOf(run.get(2)); // no earlier epoch was run
    assertThat(targets(resumed.epoch(2))).containsExactlyElementsOf(run.get(2)); // and again: nothing consumed
    assertThat(flat(run.get(1))).isNotEqualTo(flat(run.get(2)));

    DataLoader otherSeed = DataLoader.builder(numbered(40)).batchSize(8).shuffle(true).seed(124).build();
    assertThat(flat(targets(otherSeed.epoch(2)))).isNotEqualTo(flat(run.get(2)));
  }

  @Test
  void iteratingTheLoaderAdvancesTheEpochAndSetEpochResumes() {
    DataLoader loader = DataLoader.builder(numbered(30)).batchSize(10).shuffle(true).seed(5).build();
    assertThat(flat(targets(loader))).isEqualTo(flat(targets(loader.epoch(0))));
    assertThat(flat(targets(loader))).isEqualTo(flat(targets(loader.epoch(1))));
    loader.setEpoch(1);
    assertThat(flat(targets(loader))).isEqualTo(flat(targets(loader.epoch(1))));
  }

  @Test
  void randomTransformsDrawFromTheEpochAndBatchAlone() {
    Transform noise = (x, g) -> x.add(Tensor.rand(g, x.shapeArray()));
    DataLoader straight = DataLoader.builder(numbered(20)).batchSize(6).shuffle(true).seed(9).transform(noise).build();
    List<float[]> e0 = inputs(straight.epoch(0));
    List<float[]> e1 = inputs(straight.epoch(1));

    DataLoader resumed = DataLoader.builder(numbered(20)).batchSize(6).shuffle(true).seed(9).transform(noise)
        .prefetch(0).build();
    assertThat(inputs(resumed.epoch(1))).containsExactlyElementsOf(e1);
    assertThat(inputs(resumed.epoch(0))).containsExactlyElementsOf(e0);
    // the noise really is random: subtracting the sample values leaves different fractions per epoch
    assertThat(e0.get(0)).isNotEqualTo(inputs(DataLoader.builder(numbered(20)).batchSize(6).shuffle(true).seed(9)
        .transform(noise).build().epoch(2)).get(0));
  }

  @Test
  void transformChangesInputsOnly() {
    DataLoader loader = DataLoader.builder(numbered(4)).batchSize(4).transform((x, g) -> x.mul(10f)).build();
    Batch b = loader.epoch(0).iterator().next();
    assertThat(b.inputs().toFloatArray()).containsExactly(0, 10, 20, 30);
    assertThat(b.targets().toLongArray()).containsExactly(0, 1, 2, 3);
  }

  @Test
  void withoutAnExplicitSeedTheDefaultGeneratorDecides() {
    dev.shinso.Shinso.manualSeed(77);
    DataLoader a = DataLoader.builder(numbered(30)).batchSize(30).shuffle(true).build();
    dev.shinso.Shinso.manualSeed(77);
    DataLoader b = DataLoader.builder(numbered(30)).batchSize(30).shuffle(true).build();
    assertThat(a.seed()).isEqualTo(b.seed());
    assertThat(a.order(0)).isEqualTo(b.order(0));
  }

  @Test
  void invalidOptionsAreRejected() {
    assertThatThrownBy(() -> DataLoader.builder(numbered(3)).batchSize(0)).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> DataLoader.builder(numbered(3)).prefetch(-1)).hasMessageContaining("prefetch");
    assertThatThrownBy(() -> DataLoader.builder(numbered(3)).build().epoch(-1)).hasMessageContaining("epoch");
  }

  private static long[] flat(List<long[]> batches) {
    return batches.stream().flatMapToLong(Arrays::stream).toArray();
  }
}
