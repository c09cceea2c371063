package dev.shinso.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DatasetTest {
  private static TensorDataset numbered(int n) {
    return new TensorDataset(Tensor.arange(n).reshape(n, 1), Tensor.ofLongs(IntStream.range(0, n).asLongStream().toArray()));
  }

  @Test
  void randomSplitPartitionsTheIndices() {
    List<Subset> parts = Dataset.randomSplit(numbered(100), new int[] {70, 20, 10}, 42);
    assertThat(parts).extracting(Subset::size).containsExactly(70, 20, 10);
    int[] all = parts.stream().flatMapToInt(p -> Arrays.stream(p.indices())).sorted().toArray();
    assertThat(all).isEqualTo(IntStream.range(0, 100).toArray());
    assertThat(parts.get(0).indices()).isNotEqualTo(IntStream.range(0, 70).toArray()); // shuffled, not cut in order
  }

  @Test
  void randomSplitIsAFunctionOfTheSeed() {
    int[] a = Dataset.randomSplit(numbered(50), new int[] {25, 25}, 7).get(0).indices();
    int[] b = Dataset.randomSplit(numbered(50), new int[] {25, 25}, 7).get(0).indices();
    int[] c = Dataset.randomSplit(numbered(50), new int[] {25, 25}, 8).get(0).indices();
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void randomSplitRejectsLengthsThatDoNotAddUp() {
    assertThatThrownBy(() -> Dataset.randomSplit(numbered(10), new int[] {5, 4}, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[5, 4]").hasMessageContaining("10 samples");
    assertThatThrownBy(() -> Dataset.randomSplit(numbered(10), new int[] {11, -1}, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
  }

  @Test
  void subsetMapsIndicesForSamplesAndBatches() {
    Subset s = new Subset(numbered(10), new int[] {9, 3, 5});
    assertThat(s.size()).isEqualTo(3);
    assertThat(s.get(1).target().itemLong()).isEqualTo(3);
    Batch b = s.getBatch(new int[] {2, 0});
    assertThat(b.targets().toLongArray()).containsExactly(5, 9);
    assertThat(b.inputs().toFloatArray()).containsExactly(5, 9);
    assertThatThrownBy(() -> s.get(3)).hasMessageContaining("index 3");
    assertThatThrownBy(() -> new Subset(numbered(10), new int[] {10})).hasMessageContaining("index 10");
  }
}
