package dev.shinso.backend.cpu;

import static dev.shinso.backend.cpu.CpuTensors.contiguous;
import static dev.shinso.backend.cpu.CpuTensors.empty;
import static dev.shinso.backend.cpu.CpuTensors.floats;

import dev.shinso.backend.Backend;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import jdk.incubator.vector.FloatVector;

/**
 * Batch normalisation in training mode as two kernels, one channel per task: forward reads x twice
 * for the statistics (mean, then the squared deviations, which keeps the variance accurate) and
 * writes y = x·scale + shift once; backward reads gradOut and x once for both sums and once more to
 * write dx. The composite of a dozen tensor ops it replaces allocated a full-size temporary per op,
 * forward and backward, and for the ResNet those temporaries kept the garbage collector busy for
 * half of each training step. Sums run over vectors of lanes and add up in double.
 */
final class BatchNormKernels {
  private BatchNormKernels() {}

  /** x [N, C, *]: y, and per channel the mean and biased variance over N and *. */
  static Backend.BatchNormResult forward(Tensor input, Tensor weight, Tensor bias, double eps) {
    Tensor x = contiguous(input);
    int n = x.size(0), c = x.size(1), s = x.numel() / Math.max(1, n * c);
    Tensor y = empty(DType.FLOAT32, x.shapeArray()), mean = empty(DType.FLOAT32, new int[] {c}),
        var = empty(DType.FLOAT32, new int[] {c});
    float[] xd = floats(x), yd = floats(y), md = floats(mean), vd = floats(var);
    Tensor wc = weight == null ? null : contiguous(weight), bc = bias == null ? null : contiguous(bias);
    float[] w = wc == null ? null : floats(wc), b = bc == null ? null : floats(bc);
    int xo = x.offset(), wo = wc == null ? 0 : wc.offset(), bo = bc == null ? 0 : bc.offset();
    double count = (double) n * s;
    IntraOpPool.parallelFor(c, 1, (c0, c1) -> {
      for (int ch = c0; ch < c1; ch++) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += sum(xd, xo + (i * c + ch) * s, s, 0f);
        float mu = (float) (sum / count);
        double sq = 0;
        for (int i = 0; i < n; i++) sq += squaredDeviations(xd, xo + (i * c + ch) * s, s, mu);
        float v = (float) (sq / count);
        float invstd = (float) (1 / Math.sqrt(v + eps));
        float scale = w == null ? invstd : w[wo + ch] * invstd;
        float shift = (b == null ? 0f : b[bo + ch]) - mu * scale;
        for (int i = 0; i < n; i++) affine(xd, xo + (i * c + ch) * s, yd, (i * c + ch) * s, s, scale, shift);
        md[ch] = mu;
        vd[ch] = v;
      }
    });
    return new Backend.BatchNormResult(y, mean, var);
  }

  /** dx, dweight, dbias of {@link #forward} from its mean and variance (weight null: 1). */
  static Tensor[] backward(Tensor gradOutput, Tensor input, Tensor weight, Tensor mean, Tensor var, double eps) {
    Tensor g = contiguous(gradOutput), x = contiguous(input);
    int n = x.size(0), c = x.size(1), s = x.numel() / Math.max(1, n * c);
    Tensor dx = empty(DType.FLOAT32, x.shapeArray()), dw = empty(DType.FLOAT32, new int[] {c}),
        db = empty(DType.FLOAT32, new int[] {c});
    float[] gd = floats(g), xd = floats(x), dxd = floats(dx), dwd = floats(dw), dbd = floats(db);
    Tensor wc = weight == null ? null : contiguous(weight), mc = contiguous(mean), vc = contiguous(var);
    float[] w = wc == null ? null : floats(wc), md = floats(mc), vd = floats(vc);
    int go = g.offset(), xo = x.offset(), wo = wc == null ? 0 : wc.offset(), mo = mc.offset(), vo = vc.offset();
    double count = (double) n * s;
    IntraOpPool.parallelFor(c, 1, (c0, c1) -> {
      for (int ch = c0; ch < c1; ch++) {
        float mu = md[mo + ch];
        double[] sums = new double[2];
        for (int i = 0; i < n; i++) {
          int at = (i * c + ch) * s;
          gradientSums(gd, go + at, xd, xo + at, s, mu, sums);
        }
        double sumG = sums[0], sumGx = sums[1];
        double invstd = 1 / Math.sqrt(vd[vo + ch] + eps), gamma = w == null ? 1 : w[wo + ch];
        // dx = γ·invstd·(dy − Σdy/M − (x − μ)·invstd²·Σdy(x − μ)/M) = a·dy + b·x + d
        double a = gamma * invstd, k = invstd * invstd * sumGx / count;
        float fa = (float) a, fb = (float) (-a * k), fd = (float) (a * (mu * k - sumG / count));
        for (int i = 0; i < n; i++) {
          int at = (i * c + ch) * s;
          combine(gd, go + at, xd, xo + at, dxd, at, s, fa, fb, fd);
        }
        dwd[ch] = (float) (sumGx * invstd);
        dbd[ch] = (float) sumG;
      }
    });
    return new Tensor[] {dx, dw, db};
  }

  /** Σ a[off … off+len) (shift 0) in float lanes. */
  private static double sum(float[] a, int off, int len, float shift) {
    int i = 0;
    FloatVector acc = FloatVector.zero(Simd.F);
    for (int end = len - Simd.LANES; i <= end; i += Simd.LANES) acc = acc.add(FloatVector.fromArray(Simd.F, a, off + i));
    double t = Reductions.sumLanes(acc); // fixed order: repeatable whatever the JIT has compiled
    for (; i < len; i++) t += a[off + i];
    return t;
  }

  private static double squaredDeviations(float[] a, int off, int len, float mu) {
    int i = 0;
    FloatVector acc = FloatVector.zero(Simd.F);
    for (int end = len - Simd.LANES; i <= end; i += Simd.LANES) {
      FloatVector d = FloatVector.fromArray(Simd.F, a, off + i).sub(mu);
      acc = d.fma(d, acc);
    }
    double t = Reductions.sumLanes(acc); // fixed order: repeatable whatever the JIT has compiled
    for (; i < len; i++) t += (double) (a[off + i] - mu) * (a[off + i] - mu);
    return t;
  }

  /**
   * Adds Σ g and Σ g·(x − μ) to sums[0] and sums[1], in one pass over g and x (as two passes, the
   * 16-channel 28×28 layer's backward read its 800 KB per channel three times instead of twice).
   */
  private static void gradientSums(float[] g, int go, float[] x, int xo, int len, float mu, double[] sums) {
    int i = 0;
    FloatVector accG = FloatVector.zero(Simd.F), accGx = FloatVector.zero(Simd.F);
    for (int end = len - Simd.LANES; i <= end; i += Simd.LANES) {
      FloatVector gv = FloatVector.fromArray(Simd.F, g, go + i);
      accG = accG.add(gv);
      accGx = FloatVector.fromArray(Simd.F, x, xo + i).sub(mu).fma(gv, accGx);
    }
    double tg = Reductions.sumLanes(accG), tgx = Reductions.sumLanes(accGx); // fixed order: see sum
    for (int j = i; j < len; j++) tg += g[go + j];
    for (; i < len; i++) tgx += (double) g[go + i] * (x[xo + i] - mu);
    sums[0] += tg;
    sums[1] += tgx;
  }

  /** y = x·scale + shift. */
  private static void affine(float[] x, int xo, float[] y, int yo, int len, float scale, float shift) {
    int i = 0;
    for (int end = len - Simd.LANES; i <= end; i += Simd.LANES) {
      FloatVector.fromArray(Simd.F, x, xo + i).fma(scale, shift).intoArray(y, yo + i);
    }
    for (; i < len; i++) y[yo + i] = Math.fma(x[xo + i], scale, shift);
  }

  /** dx = a·g + b·x + d. */
  private static void combine(float[] g, int go, float[] x, int xo, float[] dx, int dxo, int len, float a, float b,
      float d) {
    int i = 0;
    FloatVector bv = FloatVector.broadcast(Simd.F, b);
    for (int end = len - Simd.LANES; i <= end; i += Simd.LANES) {
      FloatVector gv = FloatVector.fromArray(Simd.F, g, go + i), xv = FloatVector.fromArray(Simd.F, x, xo + i);
      xv.fma(bv, gv.fma(a, d)).intoArray(dx, dxo + i);
    }
    for (; i < len; i++) dx[dxo + i] = Math.fma(x[xo + i], b, Math.fma(g[go + i], a, d));
  }
}
