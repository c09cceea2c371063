package dev.shinso.ops;

import dev.shinso.autograd.Autograd;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;

/** Ops that pick or place elements by index or mask: indexSelect, gather, scatterAdd, where, maskedFill. */
public final class Index {
  private Index() {}

  public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
    int d = Shape.normalizeDim(dim, x.shapeArray(), "indexSelect");
    requireIndex("indexSelect", x, index);
    Devices.common("indexSelect", x, index);
    if (index.dim() > 1) {
      throw new IllegalArgumentException("indexSelect: index must be 0-d or 1-d, got shape " + index.shapeString());
    }
    Tensor out = x.backend().indexSelect(x, d, index);
    return Autograd.record("indexSelect", out, new Tensor[] {x}, new Tensor[] {index}, g -> {
      int[] idxShape = new int[g.dim()];
      java.util.Arrays.fill(idxShape, 1);
      idxShape[d] = index.numel();
      Tensor spread = index.reshape(idxShape).expand(g.shapeArray());
      return new Tensor[] {Tensor.zerosLike(x).scatterAdd(d, spread, g)};
    });
  }

  /** out[i][j] = x[i][index[i][j]] for dim 1 (and likewise for other dims); out has index's shape. */
  public static Tensor gather(Tensor x, int dim, Tensor index) {
    int d = Shape.normalizeDim(dim, x.shapeArray(), "gather");
    requireIndex("gather", x, index);
    Devices.common("gather", x, index);
    checkIndexShape("gather", x, d, index, "input");
    Tensor out = x.backend().gather(x, d, index);
    return Autograd.record("gather", out, new Tensor[] {x}, new Tensor[] {index},
        g -> new Tensor[] {Tensor.zerosLike(x).scatterAdd(d, index, g)});
  }

  /** A copy of self with src[i][j] added at self[i][index[i][j]] for dim 1 (and likewise for other dims). */
  public static Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src) {
    int d = Shape.normalizeDim(dim, self.shapeArray(), "scatterAdd");
    requireIndex("scatterAdd", self, index);
    Devices.common("scatterAdd", self, index, src);
    checkIndexShape("scatterAdd", self, d, index, "self");
    for (int i = 0; i < index.dim(); i++) {
      if (src.dim() != index.dim() || index.size(i) > src.size(i)) {
        throw new IllegalArgumentException("scatterAdd: index shape " + index.shapeString()
            + " must not exceed src shape " + src.shapeString());
      }
    }
    Tensor s = self.dtype().isFloatingPoint() ? DTypes.cast(src, self.dtype()) : src;
    Tensor out = self.backend().scatterAdd(self, d, index, s);
    return Autograd.record("scatterAdd", out, new Tensor[] {self, src}, new Tensor[] {index},
        g -> new Tensor[] {g, srcGrad(g.gather(d, index), src.shapeArray())});
  }

  /** src may be larger than index (only its leading index-shaped block is read): the rest gets zero gradient. */
  private static Tensor srcGrad(Tensor gathered, int[] srcShape) {
    if (java.util.Arrays.equals(gathered.shapeArray(), srcShape)) return gathered;
    Tensor full = Tensor.empty(gathered.device(), gathered.dtype(), srcShape);
    Tensor block = full;
    for (int i = 0; i < srcShape.length; i++) block = block.narrow(i, 0, gathered.size(i));
    block.copy_(gathered);
    return full;
  }

  /** Elementwise choice: a where cond is non-zero, else b; all three broadcast together. */
  public static Tensor where(Tensor userCond, Tensor userA, Tensor userB) {
    Tensor[] aligned = Devices.aligned("where", userCond, userA, userB);
    Tensor cond = aligned[0], a = aligned[1], b = aligned[2];
    int[] shape;
    try {
      shape = Shape.broadcast("where", Shape.broadcast("where", cond.shapeArray(), a.shapeArray()), b.shapeArray());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("where: condition " + cond.shapeString() + ", input " + a.shapeString()
          + " and other " + b.shapeString() + " cannot be broadcast together", e);
    }
    DType t = DTypes.common(a, b, false);
    Tensor x = DTypes.cast(a, t), y = DTypes.cast(b, t);
    Tensor out = a.backend().where(Views.expandRaw(cond, shape), Views.expandRaw(x, shape), Views.expandRaw(y, shape));
    return Autograd.record("where", out, new Tensor[] {a, b}, new Tensor[] {cond}, g -> {
      Tensor zero = Tensor.scalar(g.device(), 0f);
      return new Tensor[] {
          a.requiresGrad() ? Arithmetic.sumTo(where(cond, g, zero), a.shapeArray()) : null,
          b.requiresGrad() ? Arithmetic.sumTo(where(cond, zero, g), b.shapeArray()) : null};
    });
  }

  /**
   * torch.triu / torch.tril: the elements on and above (upper) or on and below (lower) the k-th
   * diagonal of the last two dimensions, zeros elsewhere (k = 0 the main diagonal, k > 0 above it).
   * The gradient flows to the kept elements only.
   */
  public static Tensor triangle(Tensor x, int k, boolean upper) {
    String name = upper ? "triu" : "tril";
    if (x.dim() < 2) throw new IllegalArgumentException(name + ": input must have at least 2 dimensions, got " + x.shapeString());
    int rows = x.size(-2), cols = x.size(-1);
    Tensor offset = Tensor.arange(x.device(), 0, cols, 1).reshape(1, cols)
        .sub(Tensor.arange(x.device(), 0, rows, 1).reshape(rows, 1)); // j − i
    Tensor keep = upper ? offset.ge(k) : offset.le(k);
    Tensor zero = x.dtype() == DType.INT64 ? Tensor.scalarLong(x.device(), 0) : Tensor.scalar(x.device(), 0f);
    return where(keep, x, zero);
  }

  /** x with value wherever mask (broadcast to x's shape) is non-zero. */
  public static Tensor maskedFill(Tensor x, Tensor mask, float value) {
    int[] shape = Shape.broadcast("maskedFill", x.shapeArray(), mask.shapeArray());
    if (!java.util.Arrays.equals(shape, x.shapeArray())) {
      throw new IllegalArgumentException("maskedFill: mask of shape " + mask.shapeString()
          + " does not broadcast to the input's shape " + x.shapeString());
    }
    return where(mask, Arithmetic.scalarLike(x, value), x);
  }

  private static void requireIndex(String op, Tensor x, Tensor index) {
    if (index.dtype() != DType.INT64) {
      throw new IllegalArgumentException(op + ": index must be int64, got " + index.dtype()
          + " of shape " + index.shapeString() + " (input shape " + x.shapeString() + ")");
    }
  }

  private static void checkIndexShape(String op, Tensor x, int dim, Tensor index, String what) {
    boolean ok = index.dim() == x.dim();
    for (int i = 0; ok && i < x.dim(); i++) ok = i == dim || index.size(i) <= x.size(i);
    if (!ok) {
      throw new IllegalArgumentException(op + ": index shape " + index.shapeString() + " does not fit " + what
          + " shape " + x.shapeString() + " along dims other than " + dim + " (same rank, sizes no larger)");
    }
  }
}
