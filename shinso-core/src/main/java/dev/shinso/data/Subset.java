package dev.shinso.data;

/** The samples of a data set at the given indices, in that order (torch.utils.data.Subset). */
public final class Subset implements Dataset {
  private final Dataset dataset;
  private final int[] indices;

  public Subset(Dataset dataset, int[] indices) {
    for (int i : indices) Dataset.checkIndex("Subset", i, dataset.size());
    this.dataset = dataset;
    this.indices = indices.clone();
  }

  public Dataset dataset() {
    return dataset;
  }

  public int[] indices() {
    return indices.clone();
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public Sample get(int index) {
    return dataset.get(indices[Dataset.checkIndex("Subset.get", index, size())]);
  }

  /** Maps the indices and asks the underlying data set for the whole batch, keeping its fast path. */
  @Override
  public Batch getBatch(int[] batchIndices) {
    int[] mapped = new int[batchIndices.length];
    for (int i = 0; i < mapped.length; i++) {
      mapped[i] = indices[Dataset.checkIndex("Subset.getBatch", batchIndices[i], size())];
    }
    return dataset.getBatch(mapped);
  }

  @Override
  public String toString() {
    return "Subset(" + indices.length + " of " + dataset.size() + " samples)";
  }
}
