package dev.shinso.backend.composite;

import dev.shinso.backend.Backend;
import dev.shinso.backend.BinaryOp;
import dev.shinso.backend.UnaryOp;
import dev.shinso.tensor.Tensor;

/** Batch normalisation over x [N, C, *] with the batch's statistics, from reductions and elementwise kernels. */
public final class NormComposite {
  private NormComposite() {}

  public static Backend.BatchNormResult batchNorm(Backend b, Tensor x, Tensor weight, Tensor bias, double eps) {
    int c = x.size(1);
    int[] dims = Raw.allBut1(x.dim());
    float inverseCount = 1f / (x.numel() / Math.max(1, c));
    Tensor mean = Raw.mul(b, Raw.sum(b, x, dims), inverseCount);                          // [1, C, 1, …]
    Tensor centered = Raw.sub(b, x, mean);
    Tensor var = Raw.mul(b, Raw.sum(b, b.binary(BinaryOp.MUL, centered, centered), dims), inverseCount);
    Tensor y = Raw.mul(b, centered, invstd(b, var, eps));
    if (weight != null) y = Raw.mul(b, y, perChannel(weight, x.dim()));
    if (bias != null) y = Raw.add(b, y, perChannel(bias, x.dim()));
    return new Backend.BatchNormResult(y, flat(mean, c), flat(var, c));
  }

  /** dx = γ·invstd·(dy − Σdy/M − x̂·Σdy·x̂/M), dγ = Σdy·x̂, dβ = Σdy, sums over all dims but 1. */
  public static Tensor[] batchNormBackward(Backend b, Tensor gradOutput, Tensor x, Tensor weight, Tensor mean,
      Tensor var, double eps) {
    int c = x.size(1);
    int[] dims = Raw.allBut1(x.dim());
    float inverseCount = 1f / (x.numel() / Math.max(1, c));
    Tensor invstd = invstd(b, perChannel(var, x.dim()), eps);
    Tensor xHat = Raw.mul(b, Raw.sub(b, x, perChannel(mean, x.dim())), invstd);
    Tensor sumG = Raw.sum(b, gradOutput, dims), sumGxHat = Raw.sum(b, b.binary(BinaryOp.MUL, gradOutput, xHat), dims);
    Tensor centeredG = Raw.sub(b, Raw.sub(b, gradOutput, Raw.mul(b, sumG, inverseCount)),
        Raw.mul(b, xHat, Raw.mul(b, sumGxHat, inverseCount)));
    Tensor scale = weight == null ? invstd : Raw.mul(b, invstd, perChannel(weight, x.dim()));
    return new Tensor[] {Raw.mul(b, centeredG, scale), flat(sumGxHat, c), flat(sumG, c)};
  }

  private static Tensor invstd(Backend b, Tensor var, double eps) {
    return b.unary(UnaryOp.RSQRT, Raw.add(b, var, Raw.scalar(b, var.dtype(), (float) eps)), 0, 0);
  }

  /** t [C] as [C, 1, …] for x of the given rank (broadcasts against [N, C, *]). */
  private static Tensor perChannel(Tensor t, int rank) {
    int[] shape = new int[rank - 1], strides = new int[rank - 1];
    java.util.Arrays.fill(shape, 1);
    shape[0] = t.size(0);
    strides[0] = t.stride(0);
    return Raw.view(t, shape, strides, t.offset());
  }

  /** A contiguous [1, C, 1, …] as [C]. */
  private static Tensor flat(Tensor t, int c) {
    return Raw.view(t, new int[] {c}, new int[] {1}, t.offset());
  }
}
