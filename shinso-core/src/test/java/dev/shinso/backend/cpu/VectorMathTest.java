package dev.shinso.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.tensor.Generator;
import org.junit.jupiter.api.Test;

class VectorMathTest {
  private static final int N = 1 << 14;

  @Test
  void expMatchesMathExpWithinTwoUlpsAndHandlesTheEdges() {
    float[] x = sweep(-110f, 95f);
    for (float v : x) assertCloseUlps("exp", v, VectorMath.exp(v), Math.exp(v), 2);
    assertThat(VectorMath.exp(Float.NaN)).isNaN();
    assertThat(VectorMath.exp(Float.NEGATIVE_INFINITY)).isZero();
    assertThat(VectorMath.exp(Float.POSITIVE_INFINITY)).isInfinite();
    assertThat(VectorMath.exp(0f)).isEqualTo(1f);
  }

  @Test
  void logMatchesMathLogWithinTwoUlpsAndHandlesTheEdges() {
    float[] x = sweep(1e-6f, 1e6f);
    for (float v : x) assertCloseUlps("log", v, VectorMath.log(v), Math.log(v), 2);
    for (float v : new float[] {Float.MIN_VALUE, 1e-40f, Float.MIN_NORMAL, 0.7f, 1f, 1.4f, Float.MAX_VALUE}) {
      assertCloseUlps("log", v, VectorMath.log(v), Math.log(v), 2);
    }
    assertThat(VectorMath.log(0f)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(VectorMath.log(-1f)).isNaN();
    assertThat(VectorMath.log(Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(VectorMath.log(1f)).isZero();
  }

  @Test
  void tanhMatchesMathTanhWithinThreeUlps() {
    for (float v : sweep(-12f, 12f)) assertCloseUlps("tanh", v, VectorMath.tanh(v), Math.tanh(v), 3);
    for (float v : new float[] {1e-30f, -1e-8f, 0.6249f, 0.6251f, -0.625f}) {
      assertCloseUlps("tanh", v, VectorMath.tanh(v), Math.tanh(v), 3);
    }
    assertThat(VectorMath.tanh(-0f)).isEqualTo(-0f);
    assertThat(VectorMath.tanh(Float.NaN)).isNaN();
  }

  @Test
  void vectorLanesEqualTheScalarTwinsBitForBit() {
    float[] x = new float[N];
    Generator g = new Generator(3);
    for (int i = 0; i < N; i++) x[i] = g.nextGaussian() * 30f;
    x[0] = Float.NaN;
    x[1] = Float.POSITIVE_INFINITY;
    x[2] = Float.NEGATIVE_INFINITY;
    x[3] = 0f;
    x[4] = -0f;
    x[5] = 1e-42f;
    float[] abs = new float[N];
    for (int i = 0; i < N; i++) abs[i] = Math.abs(x[i]);
    assertLanesEqual("exp", x, VectorMath::exp, VectorMath::exp);
    assertLanesEqual("log", abs, VectorMath::log, VectorMath::log);
    assertLanesEqual("tanh", x, VectorMath::tanh, VectorMath::tanh);
  }

  /** The reason these functions exist: the Vector API's EXP changed its last bits once C2 compiled the loop. */
  @Test
  void resultsDoNotChangeAsTheJitWarmsUp() {
    float[] x = new float[200_000];
    Generator g = new Generator(9);
    for (int i = 0; i < x.length; i++) x[i] = g.nextGaussian() * 5f;
    float[] first = new float[x.length], later = new float[x.length];
    UnaryKernels.run(dev.shinso.backend.UnaryOp.GELU, 0, 0, x, 0, 1, first, 0, 0, x.length);
    for (int r = 0; r < 40; r++) {
      UnaryKernels.run(dev.shinso.backend.UnaryOp.GELU, 0, 0, x, 0, 1, later, 0, 0, x.length);
      assertThat(later).as("gelu, repetition %d", r).isEqualTo(first);
    }
  }

  /** The vector function over x (whole vectors, then a scalar tail left zero) against the scalar twin. */
  private static void assertLanesEqual(String name, float[] x, ArrayFunction vector,
      java.util.function.Function<Float, Float> scalar) {
    int whole = x.length / Simd.F.length() * Simd.F.length();
    float[] out = new float[x.length + 3];
    vector.apply(x, 0, out, 3, whole);
    for (int i = 0; i < whole; i++) {
      assertThat(Float.floatToIntBits(out[3 + i])).as("%s(%s)", name, x[i])
          .isEqualTo(Float.floatToIntBits(scalar.apply(x[i])));
    }
    float[] inPlace = x.clone();
    vector.apply(inPlace, 0, inPlace, 0, whole);
    for (int i = 0; i < whole; i++) {
      assertThat(Float.floatToIntBits(inPlace[i])).as("%s(%s) in place", name, x[i]).isEqualTo(Float.floatToIntBits(out[3 + i]));
    }
  }

  private interface ArrayFunction {
    void apply(float[] x, int xo, float[] y, int yo, int n);
  }

  private static float[] sweep(float lo, float hi) {
    float[] x = new float[N];
    for (int i = 0; i < N; i++) {
      double f = (double) i / (N - 1);
      x[i] = lo > 0 ? (float) (lo * Math.pow(hi / lo, f)) : (float) (lo + (hi - lo) * f);
    }
    return x;
  }

  private static void assertCloseUlps(String name, float x, float got, double want, int ulps) {
    float w = (float) want;
    if (Float.isInfinite(w)) {
      assertThat(got).as("%s(%s)", name, x).isEqualTo(w);
      return;
    }
    if (w == 0f || Math.abs(w) < Float.MIN_NORMAL) {
      assertThat(Math.abs(got - want)).as("%s(%s)", name, x).isLessThanOrEqualTo(Math.ulp(Float.MIN_NORMAL) * 4.0);
      return;
    }
    assertThat(Math.abs(got - want)).as("%s(%s) = %s, want %s", name, x, got, want).isLessThanOrEqualTo(ulps * (double) Math.ulp(w));
  }
}
