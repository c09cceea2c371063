package dev.shinso.data;

import dev.shinso.Shinso;
import dev.shinso.data.transforms.Transform;
import dev.shinso.tensor.Generator;
import java.util.Arrays;

/**
 * Cuts a data set into mini-batches (torch.utils.data.DataLoader): batch size, seeded shuffling,
 * dropLast, an optional transform of each batch's inputs, and a background thread that prepares the
 * next batches while the current one trains.
 *
 * <p>Reproducibility: the batches of epoch e, including the random draws of the transform, are a pure
 * function of (seed, e), so a run resumed at epoch e sees exactly the batches a straight run saw.
 * {@link #epoch(int)} gives one epoch's batches; iterating the loader itself runs epoch 0, then 1, and
 * so on ({@link #setEpoch(int)} sets the next one, as when resuming from a checkpoint).
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.builder(train).batchSize(128).shuffle(true).seed(42).build();
 * for (int epoch = start; epoch < epochs; epoch++) {
 *   for (Batch b : loader.epoch(epoch)) { ... }
 * }
 * }</pre>
 */
public final class DataLoader implements Iterable<Batch> {
  private static final long ORDER_STREAM = 0x6F72646572L; // "order"
  private static final long TRANSFORM_STREAM = 0x7866726DL; // "xfrm"

  private final Dataset dataset;
  private final int batchSize;
  private final boolean shuffle;
  private final long seed;
  private final boolean dropLast;
  private final Transform transform;
  private final int prefetch;
  private final int rank;
  private final int worldSize;
  private int nextEpoch;

  private DataLoader(Builder b) {
    this.dataset = b.dataset;
    this.batchSize = b.batchSize;
    this.shuffle = b.shuffle;
    this.seed = b.seed != null ? b.seed : Shinso.defaultGenerator().nextLong();
    this.dropLast = b.dropLast;
    this.transform = b.transform;
    this.prefetch = b.prefetch;
    this.rank = b.rank;
    this.worldSize = b.worldSize;
  }

  public static Builder builder(Dataset dataset) {
    return new Builder(dataset);
  }

  public Dataset dataset() {
    return dataset;
  }

  public int batchSize() {
    return batchSize;
  }

  /** The seed that, with the epoch, fixes the order and the transform's draws. */
  public long seed() {
    return seed;
  }

  /**
   * This loader's share of data-parallel training on worldSize replicas (PyTorch's DistributedSampler,
   * at the level of batches): every replica walks the same global batches, a function of (seed,
   * epoch), and replica rank gets rows [rank·n/worldSize, (rank+1)·n/worldSize) of each global batch
   * of n rows. The shards of one batch together are that batch, so N replicas step as one process
   * on the whole batch would. A transform draws per batch, so its draws differ from one process's.
   */
  public DataLoader shard(int rank, int worldSize) {
    if (worldSize < 1 || rank < 0 || rank >= worldSize) {
      throw new IllegalArgumentException("DataLoader.shard: need 0 <= rank < worldSize, got rank " + rank
          + " of " + worldSize);
    }
    if (this.worldSize != 1) throw new IllegalStateException("DataLoader.shard: this loader is already a shard");
    int last = dropLast ? 0 : dataset.size() % batchSize;
    if (batchSize < worldSize || (last != 0 && last < worldSize)) {
      throw new IllegalArgumentException("DataLoader.shard: every global batch needs a row for each of the " + worldSize
          + " replicas, but batch size " + batchSize + " over " + dataset.size() + " samples leaves "
          + (batchSize < worldSize ? "batches" : "a last batch") + " of " + (batchSize < worldSize ? batchSize : last)
          + "; choose another batch size or dropLast");
    }
    Builder b = builder(dataset).batchSize(batchSize).shuffle(shuffle).seed(seed).dropLast(dropLast).transform(transform)
        .prefetch(prefetch);
    b.rank = rank;
    b.worldSize = worldSize;
    return b.build();
  }

  /** The rank of this shard (0 for an unsharded loader). */
  public int rank() {
    return rank;
  }

  /** The number of shards the global batches are cut into (1 for an unsharded loader). */
  public int worldSize() {
    return worldSize;
  }

  /** The rows of global batch index, all shards together. */
  public int globalBatchSize(int index) {
    return Math.min(batchSize, dataset.size() - index * batchSize);
  }

  /** Number of batches per epoch (len(loader)). */
  public int numBatches() {
    int n = dataset.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /** Sets the epoch that the next {@link #iterator()} runs (PyTorch's DistributedSampler.set_epoch). */
  public void setEpoch(int epoch) {
    if (epoch < 0) throw new IllegalArgumentException("DataLoader.setEpoch: epoch must be non-negative, got " + epoch);
    nextEpoch = epoch;
  }

  /** The batches of the given epoch; each iteration of the result starts that epoch afresh. */
  public Iterable<Batch> epoch(int epoch) {
    if (epoch < 0) throw new IllegalArgumentException("DataLoader.epoch: epoch must be non-negative, got " + epoch);
    return () -> iterator(epoch);
  }

  /** The next epoch's batches (0 first, or the one {@link #setEpoch(int)} named); advances the epoch. */
  @Override
  public BatchIterator iterator() {
    return iterator(nextEpoch++);
  }

  /** The batches of the given epoch. Close the iterator when leaving it early to stop its thread at once. */
  public BatchIterator iterator(int epoch) {
    return iterator(epoch, 0);
  }

  /** The batches of the given epoch from batch index first on (a run resumed mid-epoch skips the others). */
  public BatchIterator iterator(int epoch, int first) {
    if (first < 0 || first > numBatches()) {
      throw new IllegalArgumentException("DataLoader.iterator: first batch " + first + " is outside [0, " + numBatches()
          + "]");
    }
    int[] order = order(epoch);
    return new BatchIterator(i -> makeBatch(order, epoch, first + i), numBatches() - first, prefetch,
        "DataLoader epoch " + epoch);
  }

  /** The order in which epoch visits the samples: a function of (seed, epoch) alone. */
  public int[] order(int epoch) {
    int n = dataset.size();
    if (!shuffle) {
      int[] identity = new int[n];
      Arrays.setAll(identity, i -> i);
      return identity;
    }
    return Randperm.of(n, new Generator(seedFor(seed, epoch, ORDER_STREAM)));
  }

  private Batch makeBatch(int[] order, int epoch, int index) {
    int from = index * batchSize, to = Math.min(order.length, from + batchSize), n = to - from;
    if (worldSize > 1) { // this shard's rows of the global batch
      to = from + (int) ((long) (rank + 1) * n / worldSize);
      from += (int) ((long) rank * n / worldSize);
    }
    Batch batch = dataset.getBatch(Arrays.copyOfRange(order, from, to));
    if (transform == null) return batch;
    // One generator per batch, so batch i's draws depend on (seed, epoch, i) only, not on what came before.
    Generator g = new Generator(seedFor(seedFor(seed, epoch, TRANSFORM_STREAM), index, TRANSFORM_STREAM));
    return new Batch(transform.apply(batch.inputs(), g), batch.targets());
  }

  /** A seed for (seed, epoch, stream), well mixed so that neighbouring epochs give unrelated streams. */
  static long seedFor(long seed, long epoch, long stream) {
    return mix(mix(mix(seed) + epoch) + stream);
  }

  /** SplitMix64's finaliser over one golden-ratio step. */
  private static long mix(long x) {
    long z = x + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public String toString() {
    return "DataLoader(size=" + dataset.size() + ", batchSize=" + batchSize + ", shuffle=" + shuffle + ", dropLast="
        + dropLast + ", prefetch=" + prefetch + (transform != null ? ", transform=" + transform : "") + ")";
  }

  /** Options of a {@link DataLoader}; defaults: batch size 1, no shuffle, keep the last batch, prefetch 2. */
  public static final class Builder {
    private final Dataset dataset;
    private int batchSize = 1;
    private boolean shuffle;
    private Long seed;
    private boolean dropLast;
    private Transform transform;
    private int prefetch = 2;
    private int rank;
    private int worldSize = 1;

    private Builder(Dataset dataset) {
      if (dataset == null) throw new IllegalArgumentException("DataLoader: dataset is null");
      this.dataset = dataset;
    }

    public Builder batchSize(int batchSize) {
      if (batchSize < 1) throw new IllegalArgumentException("DataLoader: batchSize must be positive, got " + batchSize);
      this.batchSize = batchSize;
      return this;
    }

    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /** Fixes order and augmentations; without it, a seed is drawn from the default generator at build(). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Drops the last batch when it would be smaller than batchSize. */
    public Builder dropLast(boolean dropLast) {
      this.dropLast = dropLast;
      return this;
    }

    /** Applied to each batch's inputs (targets are left alone), in the prefetch thread. */
    public Builder transform(Transform transform) {
      this.transform = transform;
      return this;
    }

    /** How many batches the background thread may prepare ahead; 0 prepares each batch in next(). */
    public Builder prefetch(int prefetch) {
      if (prefetch < 0) throw new IllegalArgumentException("DataLoader: prefetch must be non-negative, got " + prefetch);
      this.prefetch = prefetch;
      return this;
    }

    public DataLoader build() {
      return new DataLoader(this);
    }
  }
}
