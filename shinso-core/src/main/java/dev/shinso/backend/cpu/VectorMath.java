package dev.shinso.backend.cpu;

import static dev.shinso.backend.cpu.Simd.F;
import static dev.shinso.backend.cpu.Simd.LANES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * exp, log and tanh built from IEEE adds, multiplies and fmas only (Cephes' single-precision
 * polynomials, about 1 ulp). The Vector API's own EXP/LOG/TANH give different last bits before
 * and after C2 compiles a loop, which broke bit-for-bit repeatable runs; these give the same bits
 * interpreted or compiled, in vector lanes or in the scalar twins, on every thread count.
 * Each vector function and its scalar twin perform the same operations in the same order.
 *
 * <p>The vector functions are loops over arrays, each with its whole math written in the loop body,
 * never methods that take or return a vector. C2 inlines a vector helper only while the caller's graph
 * is small (NodeCountInliningCutoff) and while the helper has not been compiled on its own into more
 * than InlineSmallCode bytes, which a helper called from several kernels soon is; a helper left as a call
 * boxes every vector on the heap (a GELU then ran about 10× slower). Functions built from others, such
 * as tanh, run in passes over a chunk held in a small scratch array. Their lengths are whole vectors:
 * the callers finish with the scalar twins.
 */
final class VectorMath {
  private static final float LOG2E = 1.44269504088896341f;
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  private static final float EXP_MAX = 88.72284f;          // ln(Float.MAX_VALUE), rounded up: above, +inf
  private static final float EXP_MIN = -103.972084045410f; // below: 0 (exp underflows through the subnormals)
  private static final float ROUNDER = 12582912f;          // 1.5·2^23: adding it rounds to an integer
  private static final float SQRT_HALF = 0.707106781186547524f;
  private static final float TANH_SMALL = 0.625f;

  /** Elements per pass of the functions built in passes: a scratch array that stays in the L1 cache. */
  static final int CHUNK = 1024;
  private static final FloatVector V_LOG2E = FloatVector.broadcast(F, LOG2E);
  private static final FloatVector V_ROUNDER = FloatVector.broadcast(F, ROUNDER);
  private static final FloatVector V_NEG_LN2_HI = FloatVector.broadcast(F, -LN2_HI);
  private static final FloatVector V_NEG_LN2_LO = FloatVector.broadcast(F, -LN2_LO);
  private static final FloatVector V_LN2_HI = FloatVector.broadcast(F, LN2_HI);
  private static final FloatVector V_LN2_LO = FloatVector.broadcast(F, LN2_LO);
  private static final FloatVector V_MINUS_HALF = FloatVector.broadcast(F, -0.5f);
  private static final FloatVector ONE = FloatVector.broadcast(F, 1f);
  private static final FloatVector TWO = FloatVector.broadcast(F, 2f);
  // The scalar twins' coefficients, highest power first, as vectors made once (a broadcast in the loop
  // body costs C2 graph nodes).
  private static final FloatVector[] EXP_POLY = lanes(1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f,
      4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f);
  private static final FloatVector[] LOG_POLY = lanes(7.0376836292e-2f, -1.1514610310e-1f, 1.1676998740e-1f,
      -1.2420140846e-1f, 1.4249322787e-1f, -1.6668057665e-1f, 2.0000714765e-1f, -2.4999993993e-1f,
      3.3333331174e-1f);
  private static final FloatVector[] TANH_POLY = lanes(-5.70498872745e-3f, 2.06390887954e-2f, -5.37397155531e-2f,
      1.33314422036e-1f, -3.33332819422e-1f);

  private VectorMath() {}

  /** Each value broadcast to a vector. */
  static FloatVector[] lanes(float... values) {
    FloatVector[] v = new FloatVector[values.length];
    for (int i = 0; i < values.length; i++) v[i] = FloatVector.broadcast(F, values[i]);
    return v;
  }

  // ---- exp ----

  /** y[yo + i] = exp(x[xo + i]) for i in [0, n), n a multiple of the lane count; x and y may be the same. */
  static void exp(float[] x, int xo, float[] y, int yo, int n) {
    for (int i = 0; i < n; i += LANES) {
      FloatVector v = FloatVector.fromArray(F, x, xo + i);
      FloatVector xc = v.max(EXP_MIN).min(EXP_MAX);
      FloatVector nf = xc.fma(V_LOG2E, V_ROUNDER).sub(V_ROUNDER);
      FloatVector r = nf.fma(V_NEG_LN2_HI, xc);
      r = nf.fma(V_NEG_LN2_LO, r);
      FloatVector p = EXP_POLY[0].fma(r, EXP_POLY[1]);
      p = p.fma(r, EXP_POLY[2]);
      p = p.fma(r, EXP_POLY[3]);
      p = p.fma(r, EXP_POLY[4]);
      p = p.fma(r, EXP_POLY[5]);
      p = p.mul(r.mul(r)).add(r).add(ONE);
      // 2^n as two factors so that n down to -150 (subnormal results) still works.
      IntVector ni = (IntVector) nf.convert(VectorOperators.F2I, 0);
      IntVector half = ni.lanewise(VectorOperators.ASHR, 1);
      FloatVector s1 = (FloatVector) half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
      FloatVector s2 = (FloatVector) ni.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
      FloatVector e = p.mul(s1).mul(s2);
      e = e.blend(Float.POSITIVE_INFINITY, v.compare(VectorOperators.GT, EXP_MAX));
      e = e.blend(0f, v.compare(VectorOperators.LT, EXP_MIN));
      e.blend(v, v.test(VectorOperators.IS_NAN)).intoArray(y, yo + i);
    }
  }

  static float exp(float x) {
    if (Float.isNaN(x)) return x;
    if (x > EXP_MAX) return Float.POSITIVE_INFINITY;
    if (x < EXP_MIN) return 0f;
    float t = Math.fma(x, LOG2E, ROUNDER);
    float n = t - ROUNDER;
    float r = Math.fma(n, -LN2_HI, x);
    r = Math.fma(n, -LN2_LO, r);
    float p = expPoly(r);
    int ni = (int) n;
    int half = ni >> 1;
    return p * pow2(half) * pow2(ni - half);
  }

  private static float expPoly(float r) {
    float p = 1.9875691500e-4f;
    p = Math.fma(p, r, 1.3981999507e-3f);
    p = Math.fma(p, r, 8.3334519073e-3f);
    p = Math.fma(p, r, 4.1665795894e-2f);
    p = Math.fma(p, r, 1.6666665459e-1f);
    p = Math.fma(p, r, 5.0000001201e-1f);
    return p * (r * r) + r + 1f;
  }

  private static float pow2(int n) {
    return Float.intBitsToFloat((n + 127) << 23);
  }

  // ---- log ----

  /** y[yo + i] = log(x[xo + i]) for i in [0, n), n a multiple of the lane count; x and y may be the same. */
  static void log(float[] x, int xo, float[] y, int yo, int n) {
    for (int i = 0; i < n; i += LANES) {
      FloatVector v = FloatVector.fromArray(F, x, xo + i);
      // Subnormals: scale into the normal range first and correct the exponent.
      VectorMask<Float> tiny = v.compare(VectorOperators.LT, Float.MIN_NORMAL);
      FloatVector xs = v.blend(v.mul(8388608f), tiny); // 2^23
      IntVector bits = (IntVector) xs.reinterpretAsInts();
      IntVector e = bits.lanewise(VectorOperators.LSHR, 23).and(0xff).sub(126);
      e = e.blend(e.sub(23), tiny.cast(IntVector.SPECIES_PREFERRED));
      FloatVector m = (FloatVector) bits.and(0x807fffff).or(0x3f000000).reinterpretAsFloats(); // [0.5, 1)
      VectorMask<Float> low = m.compare(VectorOperators.LT, SQRT_HALF);
      FloatVector ef = (FloatVector) e.convert(VectorOperators.I2F, 0);
      ef = ef.blend(ef.sub(1f), low);
      FloatVector z1 = m.blend(m.add(m), low).sub(1f);
      // the tail, as logTail(float, float)
      FloatVector z = z1.mul(z1);
      FloatVector t = LOG_POLY[0].fma(z1, LOG_POLY[1]);
      t = t.fma(z1, LOG_POLY[2]);
      t = t.fma(z1, LOG_POLY[3]);
      t = t.fma(z1, LOG_POLY[4]);
      t = t.fma(z1, LOG_POLY[5]);
      t = t.fma(z1, LOG_POLY[6]);
      t = t.fma(z1, LOG_POLY[7]);
      t = t.fma(z1, LOG_POLY[8]);
      t = t.mul(z1).mul(z);
      t = ef.fma(V_LN2_LO, t);
      t = z.fma(V_MINUS_HALF, t);
      FloatVector r = ef.fma(V_LN2_HI, z1.add(t));
      r = r.blend(Float.NEGATIVE_INFINITY, v.compare(VectorOperators.EQ, 0f));
      r = r.blend(Float.NaN, v.compare(VectorOperators.LT, 0f));
      r = r.blend(v, v.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
      r.blend(v, v.test(VectorOperators.IS_NAN)).intoArray(y, yo + i);
    }
  }

  static float log(float x) {
    if (Float.isNaN(x) || x == Float.POSITIVE_INFINITY) return x;
    if (x == 0f) return Float.NEGATIVE_INFINITY;
    if (x < 0f) return Float.NaN;
    boolean tiny = x < Float.MIN_NORMAL;
    float xs = tiny ? x * 8388608f : x;
    int bits = Float.floatToRawIntBits(xs);
    int e = ((bits >>> 23) & 0xff) - 126;
    if (tiny) e -= 23;
    float m = Float.intBitsToFloat((bits & 0x807fffff) | 0x3f000000);
    boolean low = m < SQRT_HALF;
    float ef = e;
    if (low) ef = ef - 1f;
    float z = (low ? m + m : m) - 1f;
    return logTail(z, ef);
  }

  private static float logTail(float x, float e) {
    float z = x * x;
    float y = 7.0376836292e-2f;
    y = Math.fma(y, x, -1.1514610310e-1f);
    y = Math.fma(y, x, 1.1676998740e-1f);
    y = Math.fma(y, x, -1.2420140846e-1f);
    y = Math.fma(y, x, 1.4249322787e-1f);
    y = Math.fma(y, x, -1.6668057665e-1f);
    y = Math.fma(y, x, 2.0000714765e-1f);
    y = Math.fma(y, x, -2.4999993993e-1f);
    y = Math.fma(y, x, 3.3333331174e-1f);
    y = y * x * z;
    y = Math.fma(e, LN2_LO, y);
    y = Math.fma(z, -0.5f, y);
    return Math.fma(e, LN2_HI, x + y);
  }

  // ---- tanh ----

  /**
   * y[yo + i] = tanh(x[xo + i]) for i in [0, n), n a multiple of the lane count; x and y may be the same.
   * An odd polynomial near 0 (where 1 − 2/(e^{2x}+1) would cancel), the exp form elsewhere: e^{2|x|} is
   * computed for a chunk into scratch first.
   */
  static void tanh(float[] x, int xo, float[] y, int yo, int n) {
    float[] s = new float[Math.min(n, CHUNK)];
    for (int c = 0; c < n; c += CHUNK) {
      int m = Math.min(CHUNK, n - c);
      for (int i = 0; i < m; i += LANES) {
        FloatVector a = FloatVector.fromArray(F, x, xo + c + i).abs();
        a.add(a).intoArray(s, i);
      }
      exp(s, 0, s, 0, m);
      for (int i = 0; i < m; i += LANES) {
        FloatVector v = FloatVector.fromArray(F, x, xo + c + i);
        FloatVector z = v.mul(v);
        FloatVector p = TANH_POLY[0].fma(z, TANH_POLY[1]);
        p = p.fma(z, TANH_POLY[2]);
        p = p.fma(z, TANH_POLY[3]);
        p = p.fma(z, TANH_POLY[4]);
        FloatVector small = p.mul(z).fma(v, v);
        FloatVector big = ONE.sub(TWO.div(FloatVector.fromArray(F, s, i).add(1f)));
        big = big.blend(big.neg(), v.compare(VectorOperators.LT, 0f));
        big.blend(small, v.abs().compare(VectorOperators.LT, TANH_SMALL)).intoArray(y, yo + c + i);
      }
    }
  }

  static float tanh(float x) {
    float a = Math.abs(x);
    if (a < TANH_SMALL) {
      float z = x * x;
      float p = -5.70498872745e-3f;
      p = Math.fma(p, z, 2.06390887954e-2f);
      p = Math.fma(p, z, -5.37397155531e-2f);
      p = Math.fma(p, z, 1.33314422036e-1f);
      p = Math.fma(p, z, -3.33332819422e-1f);
      return Math.fma(p * z, x, x);
    }
    if (Float.isNaN(x)) return x;
    float big = 1f - 2f / (exp(a + a) + 1f);
    return x < 0 ? -big : big;
  }
}
