package dev.shinso.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GeneratorTest {
  private static int[] words(long seed, long counter) {
    int[] w = new int[4];
    Philox.block(seed, counter, w, 0);
    return w;
  }

  @Test
  void stateIsSeedAndOffset() {
    Generator g = new Generator(42);
    assertThat(g.initialSeed()).isEqualTo(42);
    assertThat(g.offset()).isZero();
    assertThat(g.reserve(5)).isZero();
    assertThat(g.reserve(0)).isEqualTo(5);
    assertThat(g.reserve(3)).isEqualTo(5);
    assertThat(g.offset()).isEqualTo(8);
    g.manualSeed(-7);
    assertThat(g.initialSeed()).isEqualTo(-7);
    assertThat(g.offset()).isZero();
    assertThatThrownBy(() -> g.reserve(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Generator.reserve: counters must be >= 0, got -1");
  }

  @Test
  void eachHostDrawUsesOneCounter() {
    long seed = 0x0123456789ABCDEFL;
    Generator g = new Generator(seed);
    g.reserve(10);
    int[] w = words(seed, 10);
    assertThat(g.nextLong()).isEqualTo((w[0] & 0xFFFFFFFFL) | ((long) w[1] << 32));
    assertThat(g.offset()).isEqualTo(11);

    w = words(seed, 11);
    assertThat(g.nextFloat()).isEqualTo((w[0] >>> 8) * 0x1.0p-24f);
    assertThat(g.offset()).isEqualTo(12);

    w = words(seed, 12);
    double u1 = ((((w[0] & 0xFFFFFFFFL) | ((long) w[1] << 32)) >>> 11) + 1) * 0x1.0p-53;
    double u2 = ((((w[2] & 0xFFFFFFFFL) | ((long) w[3] << 32)) >>> 11)) * 0x1.0p-53;
    float z = (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
    assertThat(g.nextGaussian()).isEqualTo(z);
    assertThat(g.offset()).isEqualTo(13);

    long before = g.offset();
    g.nextLong(1L << 40); // a power of two never rejects
    assertThat(g.offset()).isEqualTo(before + 1);
  }

  @Test
  void boundedDrawsStayInRange() {
    Generator g = new Generator(3);
    for (long bound : new long[] {1, 2, 3, 7, 1000, (1L << 62) + 1, Long.MAX_VALUE}) {
      for (int i = 0; i < 200; i++) assertThat(g.nextLong(bound)).isBetween(0L, bound - 1);
    }
    int[] counts = new int[3];
    for (int i = 0; i < 30_000; i++) counts[(int) g.nextLong(3)]++;
    for (int c : counts) assertThat(c).isBetween(9_700, 10_300); // 10,000 ± 3.5 sd
    assertThatThrownBy(() -> g.nextLong(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void seedsThatDifferInOneBitDrawUnrelatedStreams() {
    // The key is the whole 64-bit seed: both halves matter.
    long a = new Generator(1).nextLong(), b = new Generator(1L << 32).nextLong(), c = new Generator(0).nextLong();
    assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
    assertThat(b).isNotEqualTo(c);
  }

  @Test
  void stateRoundTrips() {
    Generator g = new Generator(99);
    g.reserve(1234);
    long[] s = g.getState();
    assertThat(s).containsExactly(Generator.STATE_MAGIC, 99, 1234);
    long next = g.nextLong();

    Generator other = new Generator(5);
    other.setState(s);
    assertThat(other.initialSeed()).isEqualTo(99);
    assertThat(other.offset()).isEqualTo(1234);
    assertThat(other.nextLong()).isEqualTo(next);
    s[2] = 0; // getState hands out a copy
    assertThat(g.getState()[2]).isEqualTo(1235);
  }

  @Test
  void anOldSplitMixStateReseedsFromItsFirstLong() {
    // {SplitMix64 state, hasSpareGaussian, spare float bits}, as checkpoints before Philox stored it
    long[] old = {0x1234_5678_9ABC_DEF0L, 1, Float.floatToRawIntBits(0.25f)};
    Generator g = new Generator(0);
    g.reserve(50);
    g.setState(old);
    assertThat(g.initialSeed()).isEqualTo(0x1234_5678_9ABC_DEF0L);
    assertThat(g.offset()).isZero();
    assertThat(g.nextLong()).isEqualTo(new Generator(0x1234_5678_9ABC_DEF0L).nextLong());
  }

  @Test
  void otherStateLengthsAreErrors() {
    Generator g = new Generator(0);
    for (int n : new int[] {0, 2, 4}) {
      assertThatThrownBy(() -> g.setState(new long[n])).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("generator state must have 3 longs ({magic, seed, offset}, or an old SplitMix64 state), got "
              + n);
    }
  }
}
