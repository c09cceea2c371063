package dev.shinso.tensor;

/**
 * A seeded, counter-based random generator: Philox4x32-10 ({@link Philox}) keyed by the seed, as
 * PyTorch's CUDA generator and JAX. Its whole state is (seed, offset): the offset counts the Philox
 * counters used so far. A tensor fill {@link #reserve reserves} the counters it needs and computes
 * every element from its index (see {@code Backend.random}), so a fill is the same on any device and
 * thread count; a host draw ({@code nextLong}, {@code nextFloat}, …) uses exactly one counter.
 */
public final class Generator {
  /** Marks a {@link #getState} array as this format ("PHILOX01"), apart from the old SplitMix64 states. */
  static final long STATE_MAGIC = 0x5048494C4F583031L;
  private long seed;
  private long offset;

  public Generator(long seed) {
    manualSeed(seed);
  }

  /** Starts the stream of {@code seed} from its beginning (offset 0). */
  public synchronized void manualSeed(long seed) {
    this.seed = seed;
    this.offset = 0;
  }

  /** The seed, which is the Philox key (low 32 bits, high 32 bits), as {@code torch.Generator.initial_seed}. */
  public synchronized long initialSeed() {
    return seed;
  }

  /** Counters used so far. */
  public synchronized long offset() {
    return offset;
  }

  /**
   * Returns the current offset and advances it by {@code counters}: the caller owns counter values
   * [offset, offset + counters). Device kernels take their start offset from here.
   */
  public synchronized long reserve(long counters) {
    if (counters < 0) throw new IllegalArgumentException("Generator.reserve: counters must be >= 0, got " + counters);
    long start = offset;
    offset += counters;
    return start;
  }

  /** The key and the first of the counters a fill owns: {@code Philox.block(seed, start + k, …)} for k below its count. */
  public record Counters(long seed, long start) {}

  /** {@link #reserve} together with the seed it goes with, read at once (a reseed cannot fall between). */
  public synchronized Counters reserveCounters(long counters) {
    return new Counters(seed, reserve(counters));
  }

  /** The four words of the next counter. */
  private synchronized void nextBlock(int[] w) {
    Philox.block(seed, reserve(1), w, 0);
  }

  /** 64 random bits: words 0 (low) and 1 (high) of one counter. */
  public long nextLong() {
    int[] w = new int[4];
    nextBlock(w);
    return RandomBits.join(w[0], w[1]);
  }

  /** Uniform in [0, 1), 24 random bits: word 0 of one counter. */
  public float nextFloat() {
    int[] w = new int[4];
    nextBlock(w);
    return RandomBits.uniform(w[0]);
  }

  /**
   * Uniform in [0, bound), without bias: the top 63 bits of {@link #nextLong} modulo bound, a draw
   * from the last, incomplete multiple of bound being rejected and redrawn (one counter per try).
   */
  public long nextLong(long bound) {
    if (bound <= 0) throw new IllegalArgumentException("bound must be positive: " + bound);
    long r = nextLong() >>> 1;
    long m = bound - 1;
    if ((bound & m) == 0) return r & m;
    for (long u = r; u - (r = u % bound) + m < 0; u = nextLong() >>> 1) {}
    return r;
  }

  /**
   * Standard normal by Box–Muller from one counter: the first of the pair a NORMAL fill's element 0
   * would get. The second is dropped, so the state stays (seed, offset).
   */
  public float nextGaussian() {
    int[] w = new int[4];
    nextBlock(w);
    double[] z = new double[2];
    RandomBits.normalPair(w, 0, z);
    return (float) z[0];
  }

  /** The state, for checkpoints: {@code {STATE_MAGIC, seed, offset}}. */
  public synchronized long[] getState() {
    return new long[] {STATE_MAGIC, seed, offset};
  }

  /**
   * Restores a {@link #getState} array. A 3-long array without the magic is a SplitMix64 state from
   * before the Philox generator (a checkpoint written then): it is accepted by reseeding with its
   * first long at offset 0, so such a resume goes on with a fresh stream, not bit for bit.
   */
  public synchronized void setState(long[] s) {
    if (s.length != 3) {
      throw new IllegalArgumentException("generator state must have 3 longs ({magic, seed, offset}, or an old "
          + "SplitMix64 state), got " + s.length);
    }
    if (s[0] == STATE_MAGIC) {
      seed = s[1];
      offset = s[2];
    } else {
      manualSeed(s[0]);
    }
  }
}
