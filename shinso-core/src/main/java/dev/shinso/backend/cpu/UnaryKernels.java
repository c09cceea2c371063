package dev.shinso.backend.cpu;

import static dev.shinso.backend.cpu.Simd.F;
import static dev.shinso.backend.cpu.Simd.LANES;

import dev.shinso.backend.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * One-input float kernels. Each op's math is written twice, as a vector expression and as a scalar
 * one; the two must agree (tests run both). The switch sits outside each loop's body work so the
 * vector operator is a compile-time constant for C2.
 */
final class UnaryKernels {
  private static final float SQRT1_2 = (float) (1 / Math.sqrt(2));
  private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));

  private UnaryKernels() {}

  /** y[yo + i] = op(x[xo + i*xs]) for i in [start, end), y contiguous. */
  static void run(UnaryOp op, float p, float q, float[] x, int xo, int xs, float[] y, int yo, int start, int end) {
    int i = start;
    if (xs == 1) i = vectorPrefix(op, p, q, x, xo, y, yo, start, Simd.vectorEnd(start, end));
    for (; i < end; i++) y[yo + i] = apply(op, x[xo + i * xs], p, q);
  }

  /**
   * The vector loops, one per op: a loop whose operator is a compile-time constant is what C2
   * turns into straight SIMD code (a switch inside a shared loop body would box vectors).
   */
  private static int vectorPrefix(UnaryOp op, float p, float q, float[] x, int xo, float[] y, int yo, int i, int vend) {
    switch (op) {
      case NEG -> { for (; i < vend; i += LANES) ld(x, xo + i).neg().intoArray(y, yo + i); }
      case EXP -> { VectorMath.exp(x, xo + i, y, yo + i, vend - i); i = vend; }
      case LOG -> { VectorMath.log(x, xo + i, y, yo + i, vend - i); i = vend; }
      case SQRT -> { for (; i < vend; i += LANES) ld(x, xo + i).sqrt().intoArray(y, yo + i); }
      case RSQRT -> { for (; i < vend; i += LANES) ONE.div(ld(x, xo + i).sqrt()).intoArray(y, yo + i); }
      case ABS -> { for (; i < vend; i += LANES) ld(x, xo + i).abs().intoArray(y, yo + i); }
      case SIGN -> {
        for (; i < vend; i += LANES) {
          FloatVector v = ld(x, xo + i);
          v.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f))
              .intoArray(y, yo + i); // 0 and NaN pass through
        }
      }
      case SIGMOID -> { sigmoid(x, xo + i, y, yo + i, vend - i); i = vend; }
      case TANH -> { VectorMath.tanh(x, xo + i, y, yo + i, vend - i); i = vend; }
      case RELU -> {
        for (; i < vend; i += LANES) {
          FloatVector v = ld(x, xo + i);
          v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(y, yo + i); // NaN stays NaN
        }
      }
      case GELU -> { gelu(x, xo + i, y, yo + i, vend - i); i = vend; }
      case STEP -> {
        for (; i < vend; i += LANES) {
          FloatVector.zero(F).blend(1f, ld(x, xo + i).compare(VectorOperators.GT, 0f)).intoArray(y, yo + i);
        }
      }
      case CLAMP -> { for (; i < vend; i += LANES) ld(x, xo + i).max(p).min(q).intoArray(y, yo + i); }
      case POW -> {
        // Only squaring is vectorised: Math.pow gives the same bits interpreted and compiled, the Vector API's POW does not.
        if (p == 2f) for (; i < vend; i += LANES) { FloatVector v = ld(x, xo + i); v.mul(v).intoArray(y, yo + i); }
      }
      case LEAKY_RELU -> {
        for (; i < vend; i += LANES) {
          FloatVector v = ld(x, xo + i);
          v.blend(v.mul(p), v.compare(VectorOperators.LT, 0f)).intoArray(y, yo + i);
        }
      }
      case GELU_GRAD -> { geluGrad(x, xo + i, y, yo + i, vend - i); i = vend; }
    }
    return i;
  }

  private static FloatVector ld(float[] a, int offset) {
    return FloatVector.fromArray(F, a, offset);
  }

  static float apply(UnaryOp op, float v, float p, float q) {
    return switch (op) {
      case NEG -> -v;
      case EXP -> VectorMath.exp(v);
      case LOG -> VectorMath.log(v);
      case SQRT -> (float) Math.sqrt(v);
      case RSQRT -> 1f / (float) Math.sqrt(v);
      case ABS -> Math.abs(v);
      case SIGN -> v > 0 ? 1f : v < 0 ? -1f : v;
      case SIGMOID -> 1f / (VectorMath.exp(-v) + 1f);
      case TANH -> VectorMath.tanh(v);
      case RELU -> v <= 0 ? 0f : v;
      case GELU -> 0.5f * v * erfc(-v * SQRT1_2);
      case STEP -> v > 0 ? 1f : 0f;
      case CLAMP -> Math.min(Math.max(v, p), q);
      case POW -> (float) Math.pow(v, p);
      case LEAKY_RELU -> v < 0 ? v * p : v;
      case SIN -> (float) Math.sin(v);  // scalar only: sin and cos serve small tensors (embeddings of positions)
      case COS -> (float) Math.cos(v);
      case GELU_GRAD -> erfc(-v * SQRT1_2) * 0.5f + v * (VectorMath.exp(v * v * -0.5f) * INV_SQRT_2PI);
    };
  }

  private static final FloatVector ONE = FloatVector.broadcast(F, 1f);
  private static final FloatVector TWO = FloatVector.broadcast(F, 2f);
  /** erfcPoly's coefficients, highest power first. */
  private static final FloatVector[] ERFC_POLY = VectorMath.lanes(0.17087277f, -0.82215223f, 1.48851587f,
      -1.13520398f, 0.27886807f, -0.18628806f, 0.09678418f, 0.37409196f, 1.00002368f, -1.26551223f);

  /**
   * erfc with relative error below 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit), so that
   * gelu(x) = x/2 · erfc(-x/√2) keeps full float precision for large negative x too.
   */
  static float erfc(float x) {
    float z = Math.abs(x);
    float t = 1f / (1f + 0.5f * z);
    float r = t * VectorMath.exp(-(z * z) + erfcPoly(t));
    return x >= 0 ? r : 2f - r;
  }

  private static float erfcPoly(float t) {
    float r = 0.17087277f;
    r = Math.fma(r, t, -0.82215223f);
    r = Math.fma(r, t, 1.48851587f);
    r = Math.fma(r, t, -1.13520398f);
    r = Math.fma(r, t, 0.27886807f);
    r = Math.fma(r, t, -0.18628806f);
    r = Math.fma(r, t, 0.09678418f);
    r = Math.fma(r, t, 0.37409196f);
    r = Math.fma(r, t, 1.00002368f);
    return Math.fma(r, t, -1.26551223f);
  }

  // The functions built from exp run in passes over a chunk held in scratch (see VectorMath); lengths are
  // whole vectors.

  /** y = 1 / (exp(−x) + 1). */
  private static void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
    float[] s = new float[Math.min(n, VectorMath.CHUNK)];
    for (int c = 0; c < n; c += VectorMath.CHUNK) {
      int m = Math.min(VectorMath.CHUNK, n - c);
      for (int i = 0; i < m; i += LANES) FloatVector.fromArray(F, x, xo + c + i).neg().intoArray(s, i);
      VectorMath.exp(s, 0, s, 0, m);
      for (int i = 0; i < m; i += LANES) ONE.div(FloatVector.fromArray(F, s, i).add(1f)).intoArray(y, yo + c + i);
    }
  }

  /** y = x/2 · erfc(−x/√2). */
  private static void gelu(float[] x, int xo, float[] y, int yo, int n) {
    float[] s = new float[Math.min(n, VectorMath.CHUNK)];
    for (int c = 0; c < n; c += VectorMath.CHUNK) {
      int m = Math.min(VectorMath.CHUNK, n - c);
      erfc(x, xo + c, -SQRT1_2, s, m);
      for (int i = 0; i < m; i += LANES) {
        FloatVector.fromArray(F, x, xo + c + i).mul(0.5f).mul(FloatVector.fromArray(F, s, i)).intoArray(y, yo + c + i);
      }
    }
  }

  /** y = erfc(−x/√2)/2 + x·φ(x), the derivative of x/2 · erfc(−x/√2). */
  private static void geluGrad(float[] x, int xo, float[] y, int yo, int n) {
    int size = Math.min(n, VectorMath.CHUNK);
    float[] s = new float[size], pdf = new float[size];
    for (int c = 0; c < n; c += VectorMath.CHUNK) {
      int m = Math.min(VectorMath.CHUNK, n - c);
      erfc(x, xo + c, -SQRT1_2, s, m);
      for (int i = 0; i < m; i += LANES) {
        FloatVector v = FloatVector.fromArray(F, x, xo + c + i);
        v.mul(v).mul(-0.5f).intoArray(pdf, i);
      }
      VectorMath.exp(pdf, 0, pdf, 0, m);
      for (int i = 0; i < m; i += LANES) {
        FloatVector v = FloatVector.fromArray(F, x, xo + c + i);
        FloatVector p = FloatVector.fromArray(F, pdf, i).mul(INV_SQRT_2PI);
        FloatVector.fromArray(F, s, i).mul(0.5f).add(v.mul(p)).intoArray(y, yo + c + i);
      }
    }
  }

  /** e[i] = erfc(x[xo + i]·scale) for i in [0, n), as the scalar erfc: the exponent, its exp, then the rest. */
  private static void erfc(float[] x, int xo, float scale, float[] e, int n) {
    for (int i = 0; i < n; i += LANES) {
      FloatVector z = FloatVector.fromArray(F, x, xo + i).mul(scale).abs();
      FloatVector t = ONE.div(z.mul(0.5f).add(1f));
      FloatVector r = ERFC_POLY[0].fma(t, ERFC_POLY[1]);
      r = r.fma(t, ERFC_POLY[2]);
      r = r.fma(t, ERFC_POLY[3]);
      r = r.fma(t, ERFC_POLY[4]);
      r = r.fma(t, ERFC_POLY[5]);
      r = r.fma(t, ERFC_POLY[6]);
      r = r.fma(t, ERFC_POLY[7]);
      r = r.fma(t, ERFC_POLY[8]);
      r = r.fma(t, ERFC_POLY[9]);
      z.mul(z).neg().add(r).intoArray(e, i);
    }
    VectorMath.exp(e, 0, e, 0, n);
    for (int i = 0; i < n; i += LANES) {
      FloatVector a = FloatVector.fromArray(F, x, xo + i).mul(scale);
      FloatVector t = ONE.div(a.abs().mul(0.5f).add(1f));
      FloatVector r = t.mul(FloatVector.fromArray(F, e, i));
      r.blend(TWO.sub(r), a.compare(VectorOperators.LT, 0f)).intoArray(e, i);
    }
  }

}
