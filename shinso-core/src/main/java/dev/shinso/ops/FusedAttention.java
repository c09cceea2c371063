package dev.shinso.ops;

import dev.shinso.autograd.Autograd;
import dev.shinso.backend.cpu.Gemm;
import dev.shinso.backend.cpu.IntraOpPool;
import dev.shinso.tensor.CpuStorage;
import dev.shinso.tensor.Tensor;

/**
 * Scaled dot-product attention as one op on the CPU. For each of the N = ∏ leading dims: the
 * scores S = Q·Kᵀ (packed gemm), the scaled, masked softmax P row by row in place, and O = P·V;
 * backwards from the saved P: dV = Pᵀ·dO, dP = dO·Vᵀ, dS = P ⊙ (dP − rowsum(dO ⊙ O))·s,
 * dQ = dS·K, dK = dSᵀ·Q (s = 1/√d). Against the composite it saves the mask, the softmax's
 * passes and their autograd nodes, and a [N, L, S] tensor per step. Used by
 * {@link Attention#scaledDotProductAttention} where q, k and v share their leading dims.
 */
final class FusedAttention {
  private FusedAttention() {}

  static Tensor forward(Tensor q, Tensor k, Tensor v, boolean causal) {
    int rank = q.dim(), l = q.size(-2), d = q.size(-1), s = k.size(-2), dv = v.size(-1);
    int n = q.numel() / (l * d);
    float scale = (float) (1 / Math.sqrt(d));
    float[] qa = floats(q), ka = floats(k), va = floats(v);
    float[] out = new float[n * l * dv], probs = new float[n * l * s];
    IntraOpPool.parallelFor(n, 1, (from, to) -> {
      for (int b = from; b < to; b++) {
        int pOff = b * l * s;
        Gemm.sgemm(false, true, l, s, d, qa, b * l * d, d, ka, b * s * d, d, probs, pOff, s, false);
        for (int i = 0; i < l; i++) softmaxRow(probs, pOff + i * s, causal ? Math.min(s, i + 1) : s, s, scale);
        Gemm.sgemm(false, false, l, dv, s, probs, pOff, s, va, b * s * dv, dv, out, b * l * dv, dv, false);
      }
    });
    int[] outShape = q.shapeArray();
    outShape[rank - 1] = dv;
    return Autograd.record("scaledDotProductAttention", wrap(out, outShape), new Tensor[] {q, k, v},
        new Tensor[] {q, k, v}, g -> backward(g, qa, ka, va, out, probs, n, l, s, d, dv, scale, q, k, v));
  }

  private static Tensor[] backward(Tensor g, float[] qa, float[] ka, float[] va, float[] out, float[] probs, int n,
      int l, int s, int d, int dv, float scale, Tensor q, Tensor k, Tensor v) {
    float[] go = floats(g);
    float[] dq = new float[qa.length], dk = new float[ka.length], dvv = new float[va.length];
    IntraOpPool.parallelFor(n, 1, (from, to) -> {
      float[] ds = new float[l * s];
      for (int b = from; b < to; b++) {
        int pOff = b * l * s, qOff = b * l * d, kOff = b * s * d, vOff = b * s * dv, oOff = b * l * dv;
        Gemm.sgemm(true, false, s, dv, l, probs, pOff, s, go, oOff, dv, dvv, vOff, dv, false);  // dV = Pᵀ·dO
        Gemm.sgemm(false, true, l, s, dv, go, oOff, dv, va, vOff, dv, ds, 0, s, false);         // dP = dO·Vᵀ
        for (int i = 0; i < l; i++) softmaxBackwardRow(ds, i * s, probs, pOff + i * s, go, out, oOff + i * dv, s, dv, scale);
        Gemm.sgemm(false, false, l, d, s, ds, 0, s, ka, kOff, d, dq, qOff, d, false);           // dQ = dS·K
        Gemm.sgemm(true, false, s, d, l, ds, 0, s, qa, qOff, d, dk, kOff, d, false);            // dK = dSᵀ·Q
      }
    });
    return new Tensor[] {
        q.requiresGrad() ? wrap(dq, q.shapeArray()) : null,
        k.requiresGrad() ? wrap(dk, k.shapeArray()) : null,
        v.requiresGrad() ? wrap(dvv, v.shapeArray()) : null};
  }

  /** p[off, off+s) holds raw scores; the first keys become softmax(scale·score), the rest (masked) 0. */
  private static void softmaxRow(float[] p, int off, int keys, int s, float scale) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < keys; j++) max = Math.max(max, p[off + j]);
    float sum = 0;
    for (int j = 0; j < keys; j++) {
      float e = (float) Math.exp((p[off + j] - max) * scale);
      p[off + j] = e;
      sum += e;
    }
    float inv = 1 / sum;
    for (int j = 0; j < keys; j++) p[off + j] *= inv;
    java.util.Arrays.fill(p, off + keys, off + s, 0f);
  }

  /** ds[dsOff, +s) holds dP of one row; it becomes dS = P ⊙ (dP − dO·O)·scale (0 where P is). */
  private static void softmaxBackwardRow(float[] ds, int dsOff, float[] p, int pOff, float[] go, float[] out, int oOff,
      int s, int dv, float scale) {
    float delta = 0;
    for (int c = 0; c < dv; c++) delta += go[oOff + c] * out[oOff + c];
    for (int j = 0; j < s; j++) ds[dsOff + j] = p[pOff + j] * (ds[dsOff + j] - delta) * scale;
  }

  /** The values of t, row-major: its own array when contiguous from 0, else a copy. */
  private static float[] floats(Tensor t) {
    if (t.isContiguous() && t.offset() == 0 && t.storage() instanceof CpuStorage cs && cs.floats().length == t.numel()) {
      return cs.floats();
    }
    return t.toFloatArray();
  }

  private static Tensor wrap(float[] data, int[] shape) {
    int[] strides = new int[shape.length];
    for (int i = shape.length - 1, st = 1; i >= 0; i--) {
      strides[i] = st;
      st *= shape[i];
    }
    return Tensor.ofStorage(CpuStorage.ofFloats(data), shape, strides, 0);
  }
}
