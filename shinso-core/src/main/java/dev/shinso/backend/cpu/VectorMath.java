package dev.shinso.backend.cpu;

import static dev.shinso.backend.cpu.Simd.F;

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

  private VectorMath() {}

  // ---- exp ----

  static FloatVector exp(FloatVector x) {
    FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
    FloatVector t = xc.fma(FloatVector.broadcast(F, LOG2E), FloatVector.broadcast(F, ROUNDER));
    FloatVector n = t.sub(ROUNDER);
    FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI), xc);
    r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
    FloatVector p = expPoly(r);
    // 2^n as two factors so that n down to -150 (subnormal results) still works.
    IntVector ni = (IntVector) n.convert(VectorOperators.F2I, 0);
    IntVector half = ni.lanewise(VectorOperators.ASHR, 1);
    FloatVector s1 = pow2(half), s2 = pow2(ni.sub(half));
    FloatVector y = p.mul(s1).mul(s2);
    y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_MAX));
    y = y.blend(0f, x.compare(VectorOperators.LT, EXP_MIN));
    return y.blend(x, x.test(VectorOperators.IS_NAN));
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

  private static FloatVector expPoly(FloatVector r) {
    FloatVector p = FloatVector.broadcast(F, 1.9875691500e-4f);
    p = p.fma(r, FloatVector.broadcast(F, 1.3981999507e-3f));
    p = p.fma(r, FloatVector.broadcast(F, 8.3334519073e-3f));
    p = p.fma(r, FloatVector.broadcast(F, 4.1665795894e-2f));
    p = p.fma(r, FloatVector.broadcast(F, 1.6666665459e-1f));
    p = p.fma(r, FloatVector.broadcast(F, 5.0000001201e-1f));
    return p.mul(r.mul(r)).add(r).add(1f);
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

  private static FloatVector pow2(IntVector n) {
    return (FloatVector) n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
  }

  private static float pow2(int n) {
    return Float.intBitsToFloat((n + 127) << 23);
  }

  // ---- log ----

  static FloatVector log(FloatVector x) {
    // Subnormals: scale into the normal range first and correct the exponent.
    VectorMask<Float> tiny = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
    FloatVector xs = x.blend(x.mul(8388608f), tiny); // 2^23
    IntVector bits = (IntVector) xs.reinterpretAsInts();
    IntVector e = bits.lanewise(VectorOperators.LSHR, 23).and(0xff).sub(126);
    e = e.blend(e.sub(23), tiny.cast(jdk.incubator.vector.IntVector.SPECIES_PREFERRED));
    FloatVector m = (FloatVector) bits.and(0x807fffff).or(0x3f000000).reinterpretAsFloats(); // [0.5, 1)
    VectorMask<Float> low = m.compare(VectorOperators.LT, SQRT_HALF);
    FloatVector ef = (FloatVector) e.convert(VectorOperators.I2F, 0);
    ef = ef.blend(ef.sub(1f), low);
    FloatVector z = m.blend(m.add(m), low).sub(1f);
    FloatVector y = logTail(z, ef);
    y = y.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
    y = y.blend(Float.NaN, x.compare(VectorOperators.LT, 0f));
    y = y.blend(x, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    return y.blend(x, x.test(VectorOperators.IS_NAN));
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

  private static FloatVector logTail(FloatVector x, FloatVector e) {
    FloatVector z = x.mul(x);
    FloatVector y = FloatVector.broadcast(F, 7.0376836292e-2f);
    y = y.fma(x, FloatVector.broadcast(F, -1.1514610310e-1f));
    y = y.fma(x, FloatVector.broadcast(F, 1.1676998740e-1f));
    y = y.fma(x, FloatVector.broadcast(F, -1.2420140846e-1f));
    y = y.fma(x, FloatVector.broadcast(F, 1.4249322787e-1f));
    y = y.fma(x, FloatVector.broadcast(F, -1.6668057665e-1f));
    y = y.fma(x, FloatVector.broadcast(F, 2.0000714765e-1f));
    y = y.fma(x, FloatVector.broadcast(F, -2.4999993993e-1f));
    y = y.fma(x, FloatVector.broadcast(F, 3.3333331174e-1f));
    y = y.mul(x).mul(z);
    y = e.fma(FloatVector.broadcast(F, LN2_LO), y);
    y = z.fma(FloatVector.broadcast(F, -0.5f), y);
    return e.fma(FloatVector.broadcast(F, LN2_HI), x.add(y));
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

  /** Odd polynomial near 0 (where 1 − 2/(e^{2x}+1) would cancel), the exp form elsewhere. */
  static FloatVector tanh(FloatVector x) {
    FloatVector a = x.abs();
    FloatVector z = x.mul(x);
    FloatVector p = FloatVector.broadcast(F, -5.70498872745e-3f);
    p = p.fma(z, FloatVector.broadcast(F, 2.06390887954e-2f));
    p = p.fma(z, FloatVector.broadcast(F, -5.37397155531e-2f));
    p = p.fma(z, FloatVector.broadcast(F, 1.33314422036e-1f));
    p = p.fma(z, FloatVector.broadcast(F, -3.33332819422e-1f));
    FloatVector small = p.mul(z).fma(x, x);
    FloatVector big = FloatVector.broadcast(F, 1f).sub(FloatVector.broadcast(F, 2f).div(exp(a.add(a)).add(1f)));
    big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0f));
    return big.blend(small, a.compare(VectorOperators.LT, TANH_SMALL));
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
