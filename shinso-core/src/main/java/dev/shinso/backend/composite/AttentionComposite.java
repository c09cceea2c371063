package dev.shinso.backend.composite;

import dev.shinso.backend.Backend;
import dev.shinso.backend.BinaryOp;
import dev.shinso.backend.ReduceOp;
import dev.shinso.backend.UnaryOp;
import dev.shinso.tensor.Tensor;

/**
 * Attention from batched matmuls and a row softmax: S = q·kᵀ·s (s = 1/√d), masked to -inf above
 * the diagonal when causal, P = softmax(S), O = P·v; backwards dV = Pᵀ·dO, dP = dO·vᵀ,
 * dS = P ⊙ (dP − rowsum(dO ⊙ O))·s, dQ = dS·k, dK = dSᵀ·q.
 */
public final class AttentionComposite {
  private AttentionComposite() {}

  public static Backend.AttentionResult forward(Backend b, Tensor q, Tensor k, Tensor v, boolean causal) {
    int l = q.size(1), s = k.size(1);
    Tensor scores = Raw.mul(b, b.matmul(q, transposed(k)), (float) (1 / Math.sqrt(q.size(2))));
    if (causal) {
      Tensor above = Raw.expand(Raw.constant(b, aboveDiagonal(l, s), l, s), scores.shapeArray());
      scores = b.where(above, Raw.expand(Raw.scalar(b, scores.dtype(), Float.NEGATIVE_INFINITY), scores.shapeArray()), scores);
    }
    Tensor e = b.unary(UnaryOp.EXP, Raw.sub(b, scores, b.reduce(ReduceOp.MAX, scores, new int[] {2})), 0, 0);
    Tensor probs = Raw.div(b, e, Raw.sum(b, e, 2));
    return new Backend.AttentionResult(b.matmul(probs, v), probs);
  }

  public static Tensor[] backward(Backend b, Tensor gradOutput, Tensor q, Tensor k, Tensor v, Tensor output,
      Tensor probs) {
    float scale = (float) (1 / Math.sqrt(q.size(2)));
    Tensor dv = b.matmul(transposed(probs), gradOutput);
    Tensor dp = b.matmul(gradOutput, transposed(v));
    Tensor delta = Raw.sum(b, b.binary(BinaryOp.MUL, gradOutput, output), 2);
    Tensor ds = Raw.mul(b, b.binary(BinaryOp.MUL, probs, Raw.sub(b, dp, delta)), scale);
    return new Tensor[] {b.matmul(ds, k), b.matmul(transposed(ds), q), dv};
  }

  private static Tensor transposed(Tensor t) {
    return Raw.permute(t, 0, 2, 1);
  }

  /** [l, s]: 1 where key j lies after query i, else 0. */
  private static float[] aboveDiagonal(int l, int s) {
    float[] m = new float[l * s];
    for (int i = 0; i < l; i++) java.util.Arrays.fill(m, i * s + Math.min(s, i + 1), (i + 1) * s, 1f);
    return m;
  }
}
