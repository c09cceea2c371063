package dev.shinso.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.Shinso;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class CreationTest {
  @Test
  void zerosOnesFull() {
    Tensor z = Tensor.zeros(2, 3);
    assertThat(z.shapeArray()).containsExactly(2, 3);
    assertThat(z.stridesArray()).containsExactly(3, 1);
    assertThat(z.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(z.toFloatArray()).containsOnly(0f).hasSize(6);
    assertThat(Tensor.ones(4).toFloatArray()).containsExactly(1, 1, 1, 1);
    assertThat(Tensor.full(-2.5f, 2, 2).toFloatArray()).containsExactly(-2.5f, -2.5f, -2.5f, -2.5f);
    assertThat(Tensor.zeros(0, 3).numel()).isZero();
    assertThat(Tensor.zeros().dim()).isZero();
    assertThat(Tensor.zeros().numel()).isEqualTo(1);
    assertThat(Tensor.onesLike(Tensor.zeros(3, 1)).toFloatArray()).containsExactly(1, 1, 1);
    assertThat(Tensor.zerosLike(Tensor.ofLongs(new long[] {5, 6})).dtype()).isEqualTo(DType.INT64);
  }

  @Test
  void scalarsAreZeroDimensional() {
    Tensor s = Tensor.scalar(2.5f);
    assertThat(s.dim()).isZero();
    assertThat(s.shapeArray()).isEmpty();
    assertThat(s.item()).isEqualTo(2.5f);
    Tensor l = Tensor.scalarLong(7);
    assertThat(l.dim()).isZero();
    assertThat(l.dtype()).isEqualTo(DType.INT64);
    assertThat(l.itemLong()).isEqualTo(7L);
    // a 0-d tensor stays 0-d under arithmetic with a number, as in PyTorch
    assertThat(Tensor.zeros().add(1f).dim()).isZero();
    assertThat(Tensor.arange(4).sum().mul(2f).dim()).isZero();
  }

  @Test
  void arange() {
    assertThat(Tensor.arange(5).dtype()).as("integers give int64, as in PyTorch").isEqualTo(dev.shinso.tensor.DType.INT64);
    assertThat(Tensor.arange(5).toLongArray()).containsExactly(0, 1, 2, 3, 4);
    assertThat(Tensor.arange(5f).dtype()).isEqualTo(dev.shinso.tensor.DType.FLOAT32);
    assertThat(Tensor.arange(5f).toFloatArray()).containsExactly(0, 1, 2, 3, 4);
    assertThat(Tensor.arange(10, 0, -3).toLongArray()).containsExactly(10, 7, 4, 1);
    assertThat(Tensor.arange(3_000_000_000L, 3_000_000_002L, 1).toLongArray()).containsExactly(3_000_000_000L, 3_000_000_001L);
    assertThatThrownBy(() -> Tensor.arange(0, 5, -1)).hasMessageStartingWith("arange: step -1");
    assertThat(Tensor.arange(1f, 2f, 0.25f).toFloatArray()).containsExactly(1f, 1.25f, 1.5f, 1.75f);
    assertThat(Tensor.arange(0f, 1f, 0.3f).toFloatArray()).containsExactly(0f, 0.3f, 0.6f, 0.90000004f);
    assertThat(Tensor.arange(3f, 0f, -1f).toFloatArray()).containsExactly(3, 2, 1);
    assertThat(Tensor.arange(0).numel()).isZero();
    assertThatThrownBy(() -> Tensor.arange(0f, 1f, 0f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("arange:");
    assertThatThrownBy(() -> Tensor.arange(0f, 1f, -1f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("arange:");
  }

  @Test
  void linspaceEndpointsAreExact() {
    float[] v = Tensor.linspace(0f, 1f, 5).toFloatArray();
    assertThat(v).containsExactly(0f, 0.25f, 0.5f, 0.75f, 1f);
    float[] w = Tensor.linspace(-1f, 0.3f, 7).toFloatArray();
    assertThat(w).hasSize(7);
    assertThat(w[0]).isEqualTo(-1f);
    assertThat(w[6]).isEqualTo(0.3f);
    double step = (0.3 - -1.0) / 6; // computed by hand in double: 0.216666...
    for (int i = 0; i < 7; i++) assertThat((double) w[i]).isCloseTo(-1.0 + step * i, Offset.offset(1e-6));
    float[] many = Tensor.linspace(0.1f, 0.7f, 101).toFloatArray();
    assertThat(many[0]).isEqualTo(0.1f);
    assertThat(many[100]).isEqualTo(0.7f);
    assertThat(Tensor.linspace(3f, 3f, 1).toFloatArray()).containsExactly(3f);
    assertThat(Tensor.linspace(2f, 5f, 2).toFloatArray()).containsExactly(2f, 5f);
    assertThat(Tensor.linspace(0f, 1f, 0).numel()).isZero();
  }

  @Test
  void eye() {
    assertThat(Tensor.eye(3).toFloatArray()).containsExactly(1, 0, 0, 0, 1, 0, 0, 0, 1);
    assertThat(Tensor.eye(3).shapeArray()).containsExactly(3, 3);
    assertThat(Tensor.eye(0).numel()).isZero();
  }

  @Test
  void ofAndRoundTrips() {
    float[] data = {1, 2, 3, 4, 5, 6};
    Tensor t = Tensor.of(data, 2, 3);
    data[0] = 99; // of copies its input
    assertThat(t.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(Tensor.of(new float[] {1, 2, 3}).shapeArray()).containsExactly(3);
    Tensor rows = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
    assertThat(rows.shapeArray()).containsExactly(2, 3);
    assertThat(rows.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(rows.get(1, 2)).isEqualTo(6f);
    float[] out = rows.toFloatArray();
    out[0] = -1; // toFloatArray returns a copy
    assertThat(rows.get(0, 0)).isEqualTo(1f);

    long[] longs = {Long.MAX_VALUE, -3, 0, 1L << 40};
    Tensor l = Tensor.ofLongs(longs, 2, 2);
    assertThat(l.dtype()).isEqualTo(DType.INT64);
    assertThat(l.toLongArray()).containsExactly(Long.MAX_VALUE, -3, 0, 1L << 40);
    assertThat(Tensor.ofLongs(new long[] {1, -2, 3}).toFloatArray()).containsExactly(1, -2, 3);
    assertThat(Tensor.of(new float[] {1.9f, -1.9f}).to(DType.INT64).toLongArray()).containsExactly(1, -1);
    assertThat(Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, -0f}).toFloatArray())
        .containsExactly(Float.NaN, Float.POSITIVE_INFINITY, -0f);
  }

  @Test
  void manualSeedMakesDrawsRepeatBitForBit() {
    Shinso.manualSeed(1234);
    float[] r1 = Tensor.rand(100).toFloatArray();
    float[] n1 = Tensor.randn(101).toFloatArray();
    long[] i1 = Tensor.randint(-5, 5, 50).toLongArray();
    float[] b1 = Tensor.bernoulli(Tensor.full(0.3f, 64)).toFloatArray();
    Shinso.manualSeed(1234);
    float[] r2 = Tensor.rand(100).toFloatArray();
    float[] n2 = Tensor.randn(101).toFloatArray();
    long[] i2 = Tensor.randint(-5, 5, 50).toLongArray();
    float[] b2 = Tensor.bernoulli(Tensor.full(0.3f, 64)).toFloatArray();
    assertThat(bits(r1)).containsExactly(bits(r2));
    assertThat(bits(n1)).containsExactly(bits(n2));
    assertThat(i1).containsExactly(i2);
    assertThat(b1).containsExactly(b2);

    Shinso.manualSeed(1235);
    assertThat(bits(Tensor.rand(100).toFloatArray())).isNotEqualTo(bits(r1));
    assertThat(bits(Tensor.randn(101).toFloatArray())).isNotEqualTo(bits(n1));

    // an explicit generator does not touch the default one
    Shinso.manualSeed(9);
    float[] before = Tensor.rand(10).toFloatArray();
    Shinso.manualSeed(9);
    Tensor.rand(new Generator(1), 10);
    assertThat(bits(Tensor.rand(10).toFloatArray())).containsExactly(bits(before));
  }

  private static int[] bits(float[] v) {
    int[] b = new int[v.length];
    for (int i = 0; i < v.length; i++) b[i] = Float.floatToRawIntBits(v[i]);
    return b;
  }

  @Test
  void randnHasStandardMoments() {
    float[] v = Tensor.randn(new Generator(7), 100_000).toFloatArray();
    double mean = 0, sq = 0;
    for (float x : v) mean += x;
    mean /= v.length;
    for (float x : v) sq += (x - mean) * (x - mean);
    double var = sq / (v.length - 1);
    assertThat(mean).isCloseTo(0, Offset.offset(0.02));
    assertThat(var).isCloseTo(1, Offset.offset(0.02));
    // odd length: the last pair's second value is dropped, and the fill is a prefix of the even one
    assertThat(Tensor.randn(new Generator(7), 3).toFloatArray()).containsExactly(
        java.util.Arrays.copyOf(Tensor.randn(new Generator(7), 4).toFloatArray(), 3));
  }

  @Test
  void randIsInUnitInterval() {
    float[] v = Tensor.rand(new Generator(3), 100_000).toFloatArray();
    double mean = 0;
    for (float x : v) {
      assertThat(x).isGreaterThanOrEqualTo(0f).isLessThan(1f);
      mean += x;
    }
    assertThat(mean / v.length).isCloseTo(0.5, Offset.offset(0.01));
  }

  @Test
  void randintCoversItsRange() {
    Shinso.manualSeed(11);
    long[] v = Tensor.randint(-3, 4, 10_000).toLongArray();
    int[] counts = new int[7];
    for (long x : v) {
      assertThat(x).isBetween(-3L, 3L);
      counts[(int) (x + 3)]++;
    }
    for (int c : counts) assertThat(c).isBetween(1200, 1650); // expected 1428.6 each
    assertThat(Tensor.randint(5, 6, 3).toLongArray()).containsExactly(5, 5, 5);
    assertThatThrownBy(() -> Tensor.randint(3, 3, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("randint:");
  }

  @Test
  void bernoulliFrequencyMatchesP() {
    for (float p : new float[] {0f, 0.1f, 0.5f, 0.9f, 1f}) {
      float[] v = Tensor.bernoulli(Tensor.full(p, 100_000), new Generator(5)).toFloatArray();
      double ones = 0;
      for (float x : v) {
        assertThat(x).isIn(0f, 1f);
        ones += x;
      }
      assertThat(ones / v.length).as("p = %s", p).isCloseTo(p, Offset.offset(0.01));
    }
    Tensor probs = Tensor.of(new float[] {0f, 1f, 0f, 1f}, 2, 2);
    Tensor b = Tensor.bernoulli(probs);
    assertThat(b.shapeArray()).containsExactly(2, 2);
    assertThat(b.toFloatArray()).containsExactly(0, 1, 0, 1);
  }

  @Test
  void generatorStateResumesTheSameStream() {
    Generator g = new Generator(42);
    Tensor.randn(g, 3); // an odd fill: two counters, the last pair half used
    long[] state = g.getState();
    float[] a = Tensor.randn(g, 5).toFloatArray();
    float[] u = Tensor.rand(g, 5).toFloatArray();
    g.setState(state);
    assertThat(bits(Tensor.randn(g, 5).toFloatArray())).containsExactly(bits(a));
    assertThat(bits(Tensor.rand(g, 5).toFloatArray())).containsExactly(bits(u));

    Generator other = new Generator(0);
    other.setState(state);
    assertThat(bits(Tensor.randn(other, 5).toFloatArray())).containsExactly(bits(a));
    assertThatThrownBy(() -> g.setState(new long[2])).isInstanceOf(IllegalArgumentException.class);

    // the default generator's state can be saved and restored too
    Generator def = Shinso.defaultGenerator();
    long[] saved = def.getState();
    float[] first = Tensor.randn(7).toFloatArray();
    def.setState(saved);
    assertThat(bits(Tensor.randn(7).toFloatArray())).containsExactly(bits(first));
  }
}
