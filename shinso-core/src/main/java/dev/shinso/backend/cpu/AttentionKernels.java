package dev.shinso.backend.cpu;

import static dev.shinso.backend.cpu.CpuTensors.contiguous;
import static dev.shinso.backend.cpu.CpuTensors.empty;
import static dev.shinso.backend.cpu.CpuTensors.floats;

import dev.shinso.backend.Backend;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;

/**
 * Scaled dot-product attention as one kernel each way. For each of the N leading rows: the scores
 * S = Q·Kᵀ (packed gemm), the scaled, masked softmax P row by row in place, and O = P·V;
 * backwards from the saved P: dV = Pᵀ·dO, dP = dO·Vᵀ, dS = P ⊙ (dP − rowsum(dO ⊙ O))·s,
 * dQ = dS·K, dK = dSᵀ·Q (s = 1/√d). Against the composite it saves the mask, the softmax's
 * passes and a [N, L, S] temporary per step, and it skips the masked keys.
 */
final class AttentionKernels {
  private AttentionKernels() {}

  static Backend.AttentionResult forward(Tensor q, Tensor k, Tensor v, boolean causal) {
    int n = q.size(0), l = q.size(1), d = q.size(2), s = k.size(1), dv = v.size(2);
    float scale = (float) (1 / Math.sqrt(d));
    Tensor qc = contiguous(q), kc = contiguous(k), vc = contiguous(v);
    float[] qa = floats(qc), ka = floats(kc), va = floats(vc);
    int qo = qc.offset(), ko = kc.offset(), vo = vc.offset();
    Tensor output = empty(DType.FLOAT32, new int[] {n, l, dv}), probs = empty(DType.FLOAT32, new int[] {n, l, s});
    float[] out = floats(output), p = floats(probs);
    IntraOpPool.parallelFor(n, 1, (from, to) -> {
      for (int b = from; b < to; b++) {
        int pOff = b * l * s;
        Gemm.sgemm(false, true, l, s, d, qa, qo + b * l * d, d, ka, ko + b * s * d, d, p, pOff, s, false);
        for (int i = 0; i < l; i++) softmaxRow(p, pOff + i * s, causal ? Math.min(s, i + 1) : s, s, scale);
        Gemm.sgemm(false, false, l, dv, s, p, pOff, s, va, vo + b * s * dv, dv, out, b * l * dv, dv, false);
      }
    });
    return new Backend.AttentionResult(output, probs);
  }

  static Tensor[] backward(Tensor gradOutput, Tensor q, Tensor k, Tensor v, Tensor output, Tensor probs) {
    int n = q.size(0), l = q.size(1), d = q.size(2), s = k.size(1), dv = v.size(2);
    float scale = (float) (1 / Math.sqrt(d));
    Tensor qc = contiguous(q), kc = contiguous(k), vc = contiguous(v), gc = contiguous(gradOutput);
    float[] qa = floats(qc), ka = floats(kc), va = floats(vc), go = floats(gc), out = floats(output), p = floats(probs);
    int qo = qc.offset(), ko = kc.offset(), vo = vc.offset(), gOff = gc.offset();
    Tensor dq = empty(DType.FLOAT32, q.shapeArray()), dk = empty(DType.FLOAT32, k.shapeArray()),
        dvT = empty(DType.FLOAT32, v.shapeArray());
    float[] dqa = floats(dq), dka = floats(dk), dva = floats(dvT);
    IntraOpPool.parallelFor(n, 1, (from, to) -> {
      float[] ds = new float[l * s];
      for (int b = from; b < to; b++) {
        int pOff = b * l * s, qOff = b * l * d, kOff = b * s * d, vOff = b * s * dv, oOff = b * l * dv;
        Gemm.sgemm(true, false, s, dv, l, p, pOff, s, go, gOff + oOff, dv, dva, vOff, dv, false);       // dV = Pᵀ·dO
        Gemm.sgemm(false, true, l, s, dv, go, gOff + oOff, dv, va, vo + vOff, dv, ds, 0, s, false);     // dP = dO·Vᵀ
        for (int i = 0; i < l; i++) {
          softmaxBackwardRow(ds, i * s, p, pOff + i * s, go, gOff + oOff + i * dv, out, oOff + i * dv, s, dv, scale);
        }
        Gemm.sgemm(false, false, l, d, s, ds, 0, s, ka, ko + kOff, d, dqa, qOff, d, false);             // dQ = dS·K
        Gemm.sgemm(true, false, s, d, l, ds, 0, s, qa, qo + qOff, d, dka, kOff, d, false);              // dK = dSᵀ·Q
      }
    });
    return new Tensor[] {dq, dk, dvT};
  }

  /**
   * p[off, off+s) holds raw scores; the first keys become softmax(scale·score), the rest (masked) 0.
   * The exponentials are VectorMath's, in vectors and then the scalar twin for the tail.
   */
  private static void softmaxRow(float[] p, int off, int keys, int s, float scale) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < keys; j++) max = Math.max(max, p[off + j]);
    for (int j = 0; j < keys; j++) p[off + j] = (p[off + j] - max) * scale;
    int whole = Simd.vectorEnd(0, keys);
    VectorMath.exp(p, off, p, off, whole);
    for (int j = whole; j < keys; j++) p[off + j] = VectorMath.exp(p[off + j]);
    float sum = 0;
    for (int j = 0; j < keys; j++) sum += p[off + j];
    float inv = 1 / sum;
    for (int j = 0; j < keys; j++) p[off + j] *= inv;
    java.util.Arrays.fill(p, off + keys, off + s, 0f);
  }

  /** ds[dsOff, +s) holds dP of one row; it becomes dS = P ⊙ (dP − dO·O)·scale (0 where P is). */
  private static void softmaxBackwardRow(float[] ds, int dsOff, float[] p, int pOff, float[] go, int goOff,
      float[] out, int oOff, int s, int dv, float scale) {
    float delta = 0;
    for (int c = 0; c < dv; c++) delta += go[goOff + c] * out[oOff + c];
    for (int j = 0; j < s; j++) ds[dsOff + j] = p[pOff + j] * (ds[dsOff + j] - delta) * scale;
  }
}
