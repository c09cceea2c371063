package dev.shinso.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.backend.Backend.RandomKind;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Statistical sanity of the fills, 100,000 draws each. Every bound is about five standard errors
 * of the statistic (or a tail probability below 10⁻⁴), so a correct generator passes whatever the
 * seed, and a wrong distribution, a stuck bit or words correlated within or across counters fails.
 */
class RandomKernelsStatisticsTest {
  private static final int N = 100_000;
  private static final double SE = 1 / Math.sqrt(N);

  private static float[] fill(RandomKind kind, double p, double q, long seed) {
    Tensor t = Tensor.empty(DType.FLOAT32, N);
    CpuBackend.INSTANCE.random(kind, t, p, q, new Generator(seed));
    return t.toFloatArray();
  }

  @Test
  void uniformsHaveTheMomentsAndCdfOfU01() {
    float[] u = fill(RandomKind.UNIFORM, 0, 1, 1);
    double mean = mean(u), var = variance(u, mean);
    assertThat(mean).isCloseTo(0.5, Offset.offset(5 * Math.sqrt(1 / 12.0) * SE));
    assertThat(var).isCloseTo(1 / 12.0, Offset.offset(5 * Math.sqrt(1 / 80.0 - 1 / 144.0) * SE));
    for (float x : u) assertThat(x).isGreaterThanOrEqualTo(0f).isLessThan(1f);
    assertThat(ks(u, x -> x)).isLessThan(2.3 * SE); // P(D > 2.3/√n) ≈ 5e-5
    // neighbours in one counter's words (lag 1..3) and across counters (lag 4, 5)
    for (int lag = 1; lag <= 5; lag++) assertThat(correlation(u, lag)).as("lag %d", lag).isLessThan(5 * SE);
    // 24 bits: every bit of the mantissa is used, none stuck
    int[] ones = new int[24];
    for (float x : u) {
      int bits = (int) (x * 0x1.0p24f);
      for (int b = 0; b < 24; b++) ones[b] += (bits >>> b) & 1;
    }
    for (int b = 0; b < 24; b++) assertThat(ones[b] / (double) N).as("bit %d", b).isCloseTo(0.5, Offset.offset(5 * 0.5 * SE));
  }

  @Test
  void normalsHaveTheMomentsAndCdfOfN01() {
    float[] z = fill(RandomKind.NORMAL, 0, 1, 2);
    double mean = mean(z), var = variance(z, mean);
    assertThat(mean).isCloseTo(0, Offset.offset(5 * SE));
    assertThat(var).isCloseTo(1, Offset.offset(5 * Math.sqrt(2) * SE));
    double m4 = 0;
    for (float x : z) m4 += Math.pow(x - mean, 4);
    assertThat(m4 / N / (var * var)).isCloseTo(3, Offset.offset(5 * Math.sqrt(96) * SE)); // kurtosis
    assertThat(ks(z, RandomKernelsStatisticsTest::normalCdf)).isLessThan(2.3 * SE);
    // the two values of a Box–Muller pair, and neighbouring pairs, are uncorrelated
    for (int lag = 1; lag <= 3; lag++) assertThat(correlation(z, lag)).as("lag %d", lag).isLessThan(5 * SE);
    float[] sq = new float[N];
    for (int i = 0; i < N; i++) sq[i] = z[i] * z[i];
    assertThat(correlation(sq, 1)).as("squares of a pair").isLessThan(5 * SE);

    float[] shifted = fill(RandomKind.NORMAL, 3, 0.5, 3);
    double m = mean(shifted);
    assertThat(m).isCloseTo(3, Offset.offset(5 * 0.5 * SE));
    assertThat(Math.sqrt(variance(shifted, m))).isCloseTo(0.5, Offset.offset(5 * 0.5 * SE));
  }

  @Test
  void integersCoverTheirRangeEvenly() {
    Tensor t = Tensor.empty(DType.INT64, N);
    CpuBackend.INSTANCE.random(RandomKind.INTEGER, t, -3, 4, new Generator(4));
    int[] counts = new int[7];
    for (long x : t.toLongArray()) {
      assertThat(x).isBetween(-3L, 3L);
      counts[(int) (x + 3)]++;
    }
    assertThat(chiSquare(counts)).isLessThan(33.1); // 6 degrees of freedom: P(χ² > 33.1) ≈ 1e-5

    // a span that is not a small number: the top and bottom of [0, 3·2⁴⁰) both come up
    long span = 3L << 40;
    CpuBackend.INSTANCE.random(RandomKind.INTEGER, t, 0, span, new Generator(5));
    int[] thirds = new int[3];
    for (long x : t.toLongArray()) {
      assertThat(x).isBetween(0L, span - 1);
      thirds[(int) (x / (1L << 40))]++;
    }
    assertThat(chiSquare(thirds)).isLessThan(23.0); // 2 degrees of freedom: P ≈ 1e-5
  }

  @Test
  void bernoulliFrequencyMatchesP() {
    for (double p : new double[] {0.01, 0.3, 0.5, 0.97}) {
      float[] b = fill(RandomKind.BERNOULLI, p, 0, 6);
      assertThat(mean(b)).as("p = %s", p).isCloseTo(p, Offset.offset(5 * Math.sqrt(p * (1 - p)) * SE));
    }
    assertThat(fill(RandomKind.BERNOULLI, 0, 0, 7)).containsOnly(0f);
    assertThat(fill(RandomKind.BERNOULLI, 1, 0, 7)).containsOnly(1f);
  }

  private static double mean(float[] v) {
    double s = 0;
    for (float x : v) s += x;
    return s / v.length;
  }

  private static double variance(float[] v, double mean) {
    double s = 0;
    for (float x : v) s += (x - mean) * (x - mean);
    return s / (v.length - 1);
  }

  /** |Pearson correlation| of v[i] and v[i + lag]. */
  private static double correlation(float[] v, int lag) {
    int n = v.length - lag;
    double ma = 0, mb = 0;
    for (int i = 0; i < n; i++) {
      ma += v[i];
      mb += v[i + lag];
    }
    ma /= n;
    mb /= n;
    double sab = 0, saa = 0, sbb = 0;
    for (int i = 0; i < n; i++) {
      double a = v[i] - ma, b = v[i + lag] - mb;
      sab += a * b;
      saa += a * a;
      sbb += b * b;
    }
    return Math.abs(sab / Math.sqrt(saa * sbb));
  }

  /** Kolmogorov–Smirnov distance between the sample and the distribution function {@code cdf}. */
  private static double ks(float[] v, java.util.function.DoubleUnaryOperator cdf) {
    float[] s = v.clone();
    Arrays.sort(s);
    double d = 0;
    for (int i = 0; i < s.length; i++) {
      double f = cdf.applyAsDouble(s[i]);
      d = Math.max(d, Math.max(f - (double) i / s.length, (double) (i + 1) / s.length - f));
    }
    return d;
  }

  private static double chiSquare(int[] counts) {
    long total = 0;
    for (int c : counts) total += c;
    double expected = (double) total / counts.length, chi = 0;
    for (int c : counts) chi += (c - expected) * (c - expected) / expected;
    return chi;
  }

  /** Φ(x) from erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7, far below the KS bound). */
  private static double normalCdf(double x) {
    double t = Math.abs(x) / Math.sqrt(2), k = 1 / (1 + 0.3275911 * t);
    double erf = 1 - k * (0.254829592 + k * (-0.284496736 + k * (1.421413741 + k * (-1.453152027 + k * 1.061405429))))
        * Math.exp(-t * t);
    return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
  }
}
