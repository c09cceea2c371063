package dev.shinso.ops;

import dev.shinso.autograd.Autograd;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;

/**
 * torch.matmul: 1-D·1-D is a dot product; a 1-D operand gets a dim of size 1 added (and removed
 * from the result); otherwise the last two dims multiply and the leading (batch) dims broadcast.
 */
public final class MatMul {
  private MatMul() {}

  public static Tensor matmul(Tensor a, Tensor b) {
    if (a.dim() == 0 || b.dim() == 0) {
      throw new IllegalArgumentException("matmul: both arguments need at least 1 dimension, got "
          + a.shapeString() + " @ " + b.shapeString());
    }
    DTypes.requireSameFloating("matmul", new String[] {"input", "other"}, a, b);
    Devices.common("matmul", a, b);
    int ka = a.size(-1), kb = b.dim() == 1 ? b.size(0) : b.size(-2);
    if (ka != kb) {
      throw new IllegalArgumentException("matmul: " + a.shapeString() + " @ " + b.shapeString()
          + ": inner dimensions " + ka + " and " + kb + " differ");
    }
    if (a.dim() == 1 && b.dim() == 1) return batched(a.unsqueeze(0), b.unsqueeze(1), a, b).reshape();
    if (a.dim() == 1) return batched(a.unsqueeze(0), b, a, b).squeeze(-2);
    if (b.dim() == 1) return batched(a, b.unsqueeze(1), a, b).squeeze(-1);
    return batched(a, b, a, b);
  }

  /** a [..., m, k] @ b [..., k, n]: broadcast the batch dims (as views), then one batched kernel. */
  private static Tensor batched(Tensor a, Tensor b, Tensor userA, Tensor userB) {
    int ra = a.dim(), rb = b.dim();
    int[] batchA = java.util.Arrays.copyOf(a.shapeArray(), ra - 2);
    int[] batchB = java.util.Arrays.copyOf(b.shapeArray(), rb - 2);
    int[] batch;
    try {
      batch = Shape.broadcast("matmul", batchA, batchB);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("matmul: " + userA.shapeString() + " @ " + userB.shapeString()
          + ": batch dimensions " + Shape.format(batchA) + " and " + Shape.format(batchB) + " do not broadcast");
    }
    Tensor ea = a.expand(withMatrix(batch, a.size(-2), a.size(-1)));
    Tensor eb = b.expand(withMatrix(batch, b.size(-2), b.size(-1)));
    Tensor out = a.backend().matmul(ea, eb);
    return Autograd.record("matmul", out, new Tensor[] {ea, eb}, new Tensor[] {ea, eb}, g -> new Tensor[] {
        ea.requiresGrad() ? (isTransposed(ea) ? mT(eb.matmul(mT(g))) : g.matmul(mT(eb))) : null,
        eb.requiresGrad() ? (isTransposed(eb) ? mT(mT(g).matmul(ea)) : mT(ea).matmul(g)) : null});
  }

  private static Tensor mT(Tensor t) {
    return t.transpose(-1, -2);
  }

  /**
   * Whether the matrices of t are stored column by column (a transposed view, as Linear's weight.t()).
   * Its gradient is then computed as the transpose of the transposed product, as PyTorch's
   * mm_mat2_backward does: the same sums, but the result has t's layout, so the gradient that
   * reaches the weight through the transpose is contiguous and needs no strided copy.
   */
  private static boolean isTransposed(Tensor t) {
    return t.size(-2) > 1 && t.size(-1) > 1 && t.stride(-2) == 1 && t.stride(-1) == t.size(-2);
  }

  private static int[] withMatrix(int[] batch, int rows, int cols) {
    int[] shape = java.util.Arrays.copyOf(batch, batch.length + 2);
    shape[batch.length] = rows;
    shape[batch.length + 1] = cols;
    return shape;
  }
}
