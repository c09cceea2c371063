package dev.shinso.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.backend.Backend.RandomKind;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Philox;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The element → counter mapping of Backend.random, checked against Philox's words decoded by hand. */
class RandomKernelsTest {
  private static final long SEED = 0xDEADBEEF12345L;
  private final int savedThreads = IntraOpPool.numThreads();

  @AfterEach
  void restoreThreads() {
    IntraOpPool.setNumThreads(savedThreads);
  }

  private static int[] words(long counter) {
    int[] w = new int[4];
    Philox.block(SEED, counter, w, 0);
    return w;
  }

  private static long unsigned(int w) {
    return w & 0xFFFFFFFFL;
  }

  private static float[] fill(RandomKind kind, int n, double p, double q, Generator g) {
    Tensor t = Tensor.empty(DType.FLOAT32, n);
    CpuBackend.INSTANCE.random(kind, t, p, q, g);
    return t.toFloatArray();
  }

  /** A generator of SEED that has already used {@code offset} counters. */
  private static Generator at(long offset) {
    Generator g = new Generator(SEED);
    g.reserve(offset);
    return g;
  }

  @Test
  void uniformUsesOneWordPerElement() {
    long o = 1L << 33; // high counter word in use
    Generator g = at(o);
    float[] v = fill(RandomKind.UNIFORM, 8, -2, 3, g);
    assertThat(g.offset()).isEqualTo(o + 2);
    for (int i = 0; i < 8; i++) {
      double u = (words(o + i / 4)[i % 4] >>> 8) * 0x1.0p-24;
      assertThat(v[i]).as("element %d", i).isEqualTo((float) (-2 + 5 * u));
    }
    g = at(o);
    fill(RandomKind.UNIFORM, 9, 0, 1, g);
    assertThat(g.offset()).isEqualTo(o + 3); // ⌈9/4⌉
  }

  @Test
  void bernoulliComparesTheSameUniforms() {
    Generator g = at(7);
    float[] v = fill(RandomKind.BERNOULLI, 6, 0.4, 0, g);
    assertThat(g.offset()).isEqualTo(9);
    for (int i = 0; i < 6; i++) {
      float u = (words(7 + i / 4)[i % 4] >>> 8) * 0x1.0p-24f;
      assertThat(v[i]).isEqualTo(u < 0.4 ? 1f : 0f);
    }
    // per-element probabilities, in row-major order of a strided (transposed) tensor
    Tensor p = Tensor.of(new float[] {0.1f, 0.9f, 0.5f, 0.3f, 0.7f, 0.2f}, 2, 3).transpose(0, 1);
    g = at(7);
    float[] b = Tensor.bernoulli(p, g).toFloatArray();
    float[] pr = p.toFloatArray();
    assertThat(g.offset()).isEqualTo(9);
    for (int i = 0; i < 6; i++) {
      float u = (words(7 + i / 4)[i % 4] >>> 8) * 0x1.0p-24f;
      assertThat(b[i]).isEqualTo(u < pr[i] ? 1f : 0f);
    }
  }

  @Test
  void normalUsesBoxMullerPairsPerCounter() {
    Generator g = at(3);
    float[] v = fill(RandomKind.NORMAL, 5, 1.5, 0.25, g);
    assertThat(g.offset()).isEqualTo(6); // ⌈5/2⌉
    for (int i = 0; i < 5; i++) {
      int[] w = words(3 + i / 2);
      double u1 = (((unsigned(w[0]) | (long) w[1] << 32) >>> 11) + 1) * 0x1.0p-53;
      double u2 = ((unsigned(w[2]) | (long) w[3] << 32) >>> 11) * 0x1.0p-53;
      double r = Math.sqrt(-2 * Math.log(u1)), theta = 2 * Math.PI * u2;
      double z = i % 2 == 0 ? r * Math.cos(theta) : r * Math.sin(theta);
      assertThat(v[i]).as("element %d", i).isEqualTo((float) (1.5 + 0.25 * z));
    }
    // the first element of a fill is the host draw of the same counter
    assertThat(fill(RandomKind.NORMAL, 1, 0, 1, at(3))[0]).isEqualTo(at(3).nextGaussian());
  }

  @Test
  void integersTakeOne64BitWordModuloTheSpan() {
    Generator g = at(11);
    Tensor t = Tensor.empty(DType.INT64, 5);
    CpuBackend.INSTANCE.random(RandomKind.INTEGER, t, -3, 1000, g);
    assertThat(g.offset()).isEqualTo(14);
    long[] v = t.toLongArray();
    float[] f = fill(RandomKind.INTEGER, 5, -3, 1000, at(11));
    for (int i = 0; i < 5; i++) {
      int[] w = words(11 + i / 2);
      long word = i % 2 == 0 ? unsigned(w[0]) | (long) w[1] << 32 : unsigned(w[2]) | (long) w[3] << 32;
      assertThat(v[i]).isEqualTo(-3 + Long.remainderUnsigned(word, 1003));
      assertThat(f[i]).isEqualTo((float) v[i]);
    }
    assertThatThrownBy(() -> CpuBackend.INSTANCE.random(RandomKind.UNIFORM, Tensor.empty(DType.INT64, 2), 0, 1, g))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("random: UNIFORM cannot fill an int64 tensor [2]");
  }

  @Test
  void fillsWriteOnlyTheirViewAndAnEmptyFillUsesNoCounter() {
    Tensor t = Tensor.full(-1f, 12);
    Tensor view = t.narrow(0, 3, 6);
    CpuBackend.INSTANCE.random(RandomKind.UNIFORM, view, 0, 1, at(0));
    float[] all = t.toFloatArray();
    assertThat(Arrays.copyOfRange(all, 3, 9)).containsExactly(fill(RandomKind.UNIFORM, 6, 0, 1, at(0)));
    assertThat(all[2]).isEqualTo(-1f);
    assertThat(all[9]).isEqualTo(-1f);

    Generator g = at(4);
    fill(RandomKind.NORMAL, 0, 0, 1, g);
    assertThat(g.offset()).isEqualTo(4);
  }

  @Test
  void aFillIsTheSameForAnyThreadCount() {
    int n = 200_003; // many chunks, and a last counter only partly used
    for (RandomKind kind : RandomKind.values()) {
      float[] one = null;
      for (int threads : new int[] {1, 2, 3, 8}) {
        IntraOpPool.setNumThreads(threads);
        float[] v = fill(kind, n, kind == RandomKind.INTEGER ? 0 : 0.3, kind == RandomKind.INTEGER ? 100 : 2, at(5));
        if (one == null) one = v;
        else assertThat(v).as("%s with %d threads", kind, threads).isEqualTo(one); // Arrays.equals: linear, bitwise
      }
    }
    IntraOpPool.setNumThreads(1);
    float[] b1 = Tensor.bernoulli(Tensor.full(0.5f, n), at(5)).toFloatArray();
    IntraOpPool.setNumThreads(2);
    assertThat(Tensor.bernoulli(Tensor.full(0.5f, n), at(5)).toFloatArray()).isEqualTo(b1);
  }

  @Test
  void aShorterFillIsAPrefixOfALongerOne() {
    for (RandomKind kind : RandomKind.values()) {
      float[] longer = fill(kind, 41, 0, 10, at(2));
      for (int n : new int[] {1, 3, 4, 40}) {
        assertThat(fill(kind, n, 0, 10, at(2))).as("%s, %d elements", kind, n)
            .containsExactly(Arrays.copyOf(longer, n));
      }
    }
  }
}
