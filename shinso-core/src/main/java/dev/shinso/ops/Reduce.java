package dev.shinso.ops;

import dev.shinso.autograd.Autograd;
import dev.shinso.backend.ReduceOp;
import dev.shinso.internal.Tensors;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;

/** Reductions over any set of dims with keepdim, and the statistics built from them. */
public final class Reduce {
  private Reduce() {}

  public static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
    int[] ds = normalize("sum", x, dims);
    Tensor kept = x.backend().reduce(ReduceOp.SUM, x, ds);
    int[] inShape = x.shapeArray(), keptShape = kept.shapeArray();
    Tensor out = keepdim ? kept : dropDims(kept, ds);
    return Autograd.record("sum", out, new Tensor[] {x}, g -> new Tensor[] {g.reshape(keptShape).expand(inShape)});
  }

  /** The largest value over dims (torch.amax); at ties the gradient is shared evenly. */
  public static Tensor amax(Tensor x, int[] dims, boolean keepdim) {
    return extremum("amax", ReduceOp.MAX, x, dims, keepdim);
  }

  public static Tensor amin(Tensor x, int[] dims, boolean keepdim) {
    return extremum("amin", ReduceOp.MIN, x, dims, keepdim);
  }

  private static Tensor extremum(String name, ReduceOp op, Tensor x, int[] dims, boolean keepdim) {
    int[] ds = normalize(name, x, dims);
    Tensor kept = x.backend().reduce(op, x, ds);
    Tensor out = keepdim ? kept : dropDims(kept, ds);
    return Autograd.record(name, out, new Tensor[] {x}, new Tensor[] {x}, g -> {
      Tensor mask = x.eq(kept);
      Tensor share = mask.div(mask.sum(ds, true));
      return new Tensor[] {share.mul(g.reshape(kept.shapeArray()))};
    });
  }

  /** Index of the largest element along dim (INT64); no gradient. */
  public static Tensor argmax(Tensor x, int dim, boolean keepdim) {
    return argReduce("argmax", true, x, dim, keepdim);
  }

  public static Tensor argmin(Tensor x, int dim, boolean keepdim) {
    return argReduce("argmin", false, x, dim, keepdim);
  }

  /** Index into the flattened tensor. */
  public static Tensor argmax(Tensor x) {
    return argmax(x.reshape(-1), 0, false);
  }

  private static Tensor argReduce(String name, boolean max, Tensor x, int dim, boolean keepdim) {
    if (x.dim() == 0) return Tensor.scalarLong(x.device(), 0);
    int d = Shape.normalizeDim(dim, x.shapeArray(), name);
    Tensor kept = x.backend().argReduce(max, x, d);
    return keepdim ? kept : dropDims(kept, new int[] {d});
  }

  public static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
    int[] ds = normalize("mean", x, dims);
    Tensor kept = x.backend().reduce(ReduceOp.SUM, x, ds);
    int n = count(x, ds);
    Tensor scale = Tensor.scalar(x.device(), kept.dtype(), kept.dtype() == DType.FLOAT64 ? 1.0 / n : 1f / n);
    x.backend().binaryInPlace(dev.shinso.backend.BinaryOp.MUL, kept, Views.expandRaw(scale, kept.shapeArray()));
    int[] inShape = x.shapeArray(), keptShape = kept.shapeArray();
    Tensor out = keepdim ? kept : dropDims(kept, ds);
    return Autograd.record("mean", out, new Tensor[] {x},
        g -> new Tensor[] {g.reshape(keptShape).mul(scale).expand(inShape)});
  }

  /** Variance with Bessel's correction by default (correction = 1), as torch.var. */
  public static Tensor var(Tensor x, int[] dims, int correction, boolean keepdim) {
    int[] ds = normalize("var", x, dims);
    Tensor centered = x.sub(mean(x, ds, true));
    return sum(centered.mul(centered), ds, keepdim).div(Math.max(0, count(x, ds) - correction));
  }

  public static Tensor std(Tensor x, int[] dims, int correction, boolean keepdim) {
    return var(x, dims, correction, keepdim).sqrt();
  }

  /** log Σ exp(x), shifted by the (constant) max so that large inputs do not overflow. */
  public static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) {
    int[] ds = normalize("logsumexp", x, dims);
    Tensor m = finiteMax(x, ds);
    // Drop the dims before adding the (constant) max: dropDims makes a raw view outside the graph.
    return sum(x.sub(m).exp(), ds, keepdim).log().add(keepdim ? m : dropDims(m, ds));
  }

  /** (x - max) - log Σ exp(x - max): shifting first keeps full float precision for large inputs. */
  public static Tensor logSoftmax(Tensor x, int dim) {
    int[] ds = normalize("logSoftmax", x, new int[] {dim});
    Tensor shifted = x.sub(finiteMax(x, ds));
    return shifted.sub(logsumexp(shifted, ds, true));
  }

  /** exp(x - max) / Σ exp(x - max) (not exp(logSoftmax), which loses |x|·2^-24 of relative precision). */
  public static Tensor softmax(Tensor x, int dim) {
    int[] ds = normalize("softmax", x, new int[] {dim});
    Tensor e = x.sub(finiteMax(x, ds)).exp();
    return e.div(sum(e, ds, true));
  }

  /** The max over normalized dims (keepdim), a constant for autograd, with infinities replaced by 0. */
  private static Tensor finiteMax(Tensor x, int[] ds) {
    Tensor m = amax(x.detach(), ds, true);
    return Tensor.where(m.abs().eq(Float.POSITIVE_INFINITY), Tensor.scalar(x.device(), 0f), m);
  }

  private static int count(Tensor x, int[] dims) {
    int n = 1;
    for (int d : dims) n *= x.size(d);
    return n;
  }

  /** Sorted, distinct, non-negative dims; an empty array means all dims. */
  static int[] normalize(String op, Tensor x, int[] dims) {
    int rank = x.dim();
    if (dims.length == 0) {
      int[] all = new int[rank];
      for (int i = 0; i < rank; i++) all[i] = i;
      return all;
    }
    int[] ds = new int[dims.length];
    for (int i = 0; i < dims.length; i++) ds[i] = Shape.normalizeDim(dims[i], x.shapeArray(), op);
    Arrays.sort(ds);
    for (int i = 1; i < ds.length; i++) {
      if (ds[i] == ds[i - 1]) throw new IllegalArgumentException(op + ": dimension " + ds[i] + " appears twice in "
          + Arrays.toString(dims));
    }
    return rank == 0 ? new int[0] : ds;
  }

  /** kept has size 1 at dims; the result drops them (a view). */
  private static Tensor dropDims(Tensor kept, int[] dims) {
    int[] shape = new int[kept.dim() - dims.length];
    for (int i = 0, j = 0, k = 0; i < kept.dim(); i++) {
      if (k < dims.length && dims[k] == i) k++;
      else shape[j++] = kept.size(i);
    }
    return Tensors.ofStorage(kept.storage(), shape, Shape.contiguousStrides(shape), kept.offset());
  }
}
