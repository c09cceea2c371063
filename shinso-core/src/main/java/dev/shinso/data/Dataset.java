package dev.shinso.data;

import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A map-style data set (torch.utils.data.Dataset): {@link #size()} samples, fetched by index. */
public interface Dataset {
  int size();

  /** The sample at index, {@code 0 <= index < size()}. */
  Sample get(int index);

  /**
   * The samples at indices, stacked along a new first dimension. This default fetches one sample at a
   * time; data sets held in tensors override it with one gather per tensor, which is much faster.
   */
  default Batch getBatch(int[] indices) {
    if (indices.length == 0) throw new IllegalArgumentException("getBatch: no indices");
    List<Tensor> inputs = new ArrayList<>(indices.length);
    List<Tensor> targets = new ArrayList<>(indices.length);
    for (int i : indices) {
      Sample s = get(checkIndex("getBatch", i, size()));
      inputs.add(s.input());
      targets.add(s.target());
    }
    return new Batch(Tensor.stack(inputs, 0), Tensor.stack(targets, 0));
  }

  /**
   * Splits dataset into non-overlapping random subsets of the given lengths, which must add up to its
   * size (torch.utils.data.random_split). The split is a function of seed alone.
   */
  static List<Subset> randomSplit(Dataset dataset, int[] lengths, long seed) {
    long total = 0;
    for (int n : lengths) {
      if (n < 0) throw new IllegalArgumentException("randomSplit: negative length in " + Arrays.toString(lengths));
      total += n;
    }
    if (total != dataset.size()) {
      throw new IllegalArgumentException("randomSplit: lengths " + Arrays.toString(lengths) + " add up to " + total
          + ", but the data set has " + dataset.size() + " samples");
    }
    int[] perm = Randperm.of(dataset.size(), new Generator(seed));
    List<Subset> parts = new ArrayList<>(lengths.length);
    int start = 0;
    for (int n : lengths) {
      parts.add(new Subset(dataset, Arrays.copyOfRange(perm, start, start + n)));
      start += n;
    }
    return List.copyOf(parts);
  }

  /** index itself when {@code 0 <= index < size}; otherwise an error that names op, index and size. */
  static int checkIndex(String op, int index, int size) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(op + ": index " + index + " is out of range for a data set of " + size
          + " samples");
    }
    return index;
  }
}
