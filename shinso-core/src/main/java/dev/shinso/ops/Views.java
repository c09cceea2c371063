package dev.shinso.ops;

import dev.shinso.autograd.Autograd;
import dev.shinso.internal.Tensors;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;

/** Views: new shape and strides over the same storage, no copy. Backward maps the gradient back. */
public final class Views {
  private Views() {}

  /** A view when the strides allow one, else a copy (as torch.reshape). One size may be -1. */
  public static Tensor reshape(Tensor x, int... shape) {
    int[] target = inferShape("reshape", x, shape);
    int[] strides = viewStrides(x.shapeArray(), x.stridesArray(), target);
    Tensor src = strides == null ? copyRaw(x) : x;
    return view("reshape", src, x, target, strides == null ? Shape.contiguousStrides(target) : strides);
  }

  /** Like reshape but never copies: fails when the strides do not allow a view (as torch.view). */
  public static Tensor view(Tensor x, int... shape) {
    int[] target = inferShape("view", x, shape);
    int[] strides = viewStrides(x.shapeArray(), x.stridesArray(), target);
    if (strides == null) {
      throw new IllegalArgumentException("view: a tensor of shape " + x.shapeString() + " with strides "
          + Arrays.toString(x.stridesArray()) + " cannot be viewed as " + Shape.format(target)
          + "; call reshape (or contiguous() first)");
    }
    return view("view", x, x, target, strides);
  }

  private static Tensor view(String name, Tensor src, Tensor x, int[] shape, int[] strides) {
    Tensor out = Tensors.ofStorage(src.storage(), shape, strides, src.offset());
    int[] inShape = x.shapeArray();
    return Autograd.record(name, out, new Tensor[] {x}, g -> new Tensor[] {g.reshape(inShape)});
  }

  public static Tensor permute(Tensor x, int... dims) {
    int rank = x.dim();
    if (dims.length != rank) {
      throw new IllegalArgumentException("permute: " + Arrays.toString(dims) + " has " + dims.length
          + " dims but the tensor of shape " + x.shapeString() + " has " + rank);
    }
    int[] perm = new int[rank];
    int[] inverse = new int[rank];
    boolean[] seen = new boolean[rank];
    for (int i = 0; i < rank; i++) {
      int d = Shape.normalizeDim(dims[i], x.shapeArray(), "permute");
      if (seen[d]) {
        throw new IllegalArgumentException("permute: dimension " + d + " repeats in " + Arrays.toString(dims)
            + " for a tensor of shape " + x.shapeString());
      }
      seen[d] = true;
      perm[i] = d;
      inverse[d] = i;
    }
    int[] shape = new int[rank], strides = new int[rank];
    for (int i = 0; i < rank; i++) {
      shape[i] = x.size(perm[i]);
      strides[i] = x.stride(perm[i]);
    }
    Tensor out = Tensors.ofStorage(x.storage(), shape, strides, x.offset());
    return Autograd.record("permute", out, new Tensor[] {x}, g -> new Tensor[] {g.permute(inverse)});
  }

  public static Tensor transpose(Tensor x, int dim0, int dim1) {
    int rank = x.dim();
    int[] perm = new int[rank];
    for (int i = 0; i < rank; i++) perm[i] = i;
    int a = Shape.normalizeDim(dim0, x.shapeArray(), "transpose");
    int b = Shape.normalizeDim(dim1, x.shapeArray(), "transpose");
    if (rank == 0) return x;
    perm[a] = b;
    perm[b] = a;
    return permute(x, perm);
  }

  /** Broadcasts x to shape (NumPy rules; -1 keeps a size); broadcast dims get stride 0. */
  public static Tensor expand(Tensor x, int... shape) {
    int[] target = shape.clone();
    int lead = target.length - x.dim();
    for (int d = 0; d < target.length; d++) {
      if (target[d] == -1) {
        if (d < lead) throw new IllegalArgumentException("expand: -1 is not allowed for a new leading dimension "
            + d + " (expanding " + x.shapeString() + " to " + Shape.format(shape) + ")");
        target[d] = x.size(d - lead);
      }
    }
    checkExpandable("expand", x.shapeArray(), target);
    if (Arrays.equals(target, x.shapeArray())) return x;
    Tensor out = expandRaw(x, target);
    int[] inShape = x.shapeArray();
    return Autograd.record("expand", out, new Tensor[] {x}, g -> new Tensor[] {Arithmetic.sumTo(g, inShape)});
  }

  /** The broadcast view with no graph (used by kernels' callers that record their own node). */
  public static Tensor expandRaw(Tensor x, int[] target) {
    if (Arrays.equals(target, x.shapeArray())) return x;
    int lead = target.length - x.dim();
    int[] strides = new int[target.length];
    for (int d = lead; d < target.length; d++) {
      strides[d] = x.size(d - lead) == 1 && target[d] != 1 ? 0 : x.stride(d - lead);
    }
    return Tensors.ofStorage(x.storage(), target, strides, x.offset());
  }

  private static void checkExpandable(String op, int[] from, int[] to) {
    boolean ok = to.length >= from.length;
    for (int d = 0; ok && d < from.length; d++) {
      int f = from[d], t = to[d + to.length - from.length];
      ok = f == t || f == 1;
    }
    if (!ok) {
      throw new IllegalArgumentException(op + ": cannot expand shape " + Shape.format(from) + " to " + Shape.format(to)
          + " (only size-1 dims can grow, and dims can only be added in front)");
    }
  }

  /** The view of length elements from start along dim. */
  public static Tensor narrow(Tensor x, int dim, int start, int length) {
    int d = Shape.normalizeDim(dim, x.shapeArray(), "narrow");
    int size = x.size(d);
    if (start < 0) start += size;
    if (start < 0 || length < 0 || start + length > size) {
      throw new IllegalArgumentException("narrow: start " + start + " and length " + length
          + " do not fit dimension " + d + " of size " + size + " (shape " + x.shapeString() + ")");
    }
    Tensor out = narrowRaw(x, d, start, length);
    int from = start;
    return Autograd.record("narrow", out, new Tensor[] {x}, g -> {
      Tensor full = Tensor.zerosLike(x);
      full.narrow(d, from, length).copy_(g);
      return new Tensor[] {full};
    });
  }

  /** The narrow view with no graph. */
  static Tensor narrowRaw(Tensor x, int dim, int start, int length) {
    int[] shape = x.shapeArray();
    shape[dim] = length;
    return Tensors.ofStorage(x.storage(), shape, x.stridesArray(), x.offset() + start * x.stride(dim));
  }

  /** Elements start, start+step, ... below end along dim (Python's x[..., start:end:step]). */
  public static Tensor slice(Tensor x, int dim, int start, int end, int step) {
    int d = Shape.normalizeDim(dim, x.shapeArray(), "slice");
    int size = x.size(d);
    if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
    int s = Math.clamp(start < 0 ? start + size : start, 0, size);
    int e = Math.clamp(end < 0 ? end + size : end, s, size);
    int length = (e - s + step - 1) / step;
    if (step == 1) return narrow(x, d, s, length);
    int[] shape = x.shapeArray(), strides = x.stridesArray();
    shape[d] = length;
    strides[d] *= step;
    Tensor out = Tensors.ofStorage(x.storage(), shape, strides, x.offset() + s * x.stride(d));
    return Autograd.record("slice", out, new Tensor[] {x}, g -> {
      Tensor full = Tensor.zerosLike(x);
      full.slice(d, s, e, step).copy_(g);
      return new Tensor[] {full};
    });
  }

  /** The view at index along dim, which is removed. */
  public static Tensor select(Tensor x, int dim, int index) {
    int d = Shape.normalizeDim(dim, x.shapeArray(), "select");
    int size = x.size(d);
    if (index < -size || index >= size) {
      throw new IllegalArgumentException("select: index " + index + " is out of range for dimension " + d
          + " of size " + size + " (shape " + x.shapeString() + ")");
    }
    return narrow(x, d, index < 0 ? index + size : index, 1).squeeze(d);
  }

  public static Tensor squeeze(Tensor x) {
    return reshape(x, Arrays.stream(x.shapeArray()).filter(s -> s != 1).toArray());
  }

  public static Tensor squeeze(Tensor x, int dim) {
    int d = Shape.normalizeDim(dim, x.shapeArray(), "squeeze");
    if (x.dim() == 0 || x.size(d) != 1) return x;
    int[] shape = new int[x.dim() - 1];
    for (int i = 0, j = 0; i < x.dim(); i++) if (i != d) shape[j++] = x.size(i);
    return reshape(x, shape);
  }

  public static Tensor unsqueeze(Tensor x, int dim) {
    if (dim < -(x.dim() + 1) || dim > x.dim()) {
      throw new IllegalArgumentException("unsqueeze: dimension " + dim + " out of range for a tensor of shape "
          + x.shapeString() + " (expected " + -(x.dim() + 1) + ".." + x.dim() + ")");
    }
    int d = dim < 0 ? dim + x.dim() + 1 : dim;
    int[] shape = new int[x.dim() + 1];
    for (int i = 0, j = 0; i < shape.length; i++) shape[i] = i == d ? 1 : x.size(j++);
    return reshape(x, shape);
  }

  /** Merges dims startDim..endDim into one. */
  public static Tensor flatten(Tensor x, int startDim, int endDim) {
    if (x.dim() == 0) return reshape(x, 1);
    int s = Shape.normalizeDim(startDim, x.shapeArray(), "flatten");
    int e = Shape.normalizeDim(endDim, x.shapeArray(), "flatten");
    if (s > e) throw new IllegalArgumentException("flatten: start dim " + s + " is after end dim " + e);
    int[] shape = new int[x.dim() - (e - s)];
    int merged = 1;
    for (int i = s; i <= e; i++) merged *= x.size(i);
    for (int i = 0, j = 0; i < x.dim(); i++) {
      if (i < s || i > e) shape[j++] = x.size(i);
      else if (i == s) shape[j++] = merged;
    }
    return reshape(x, shape);
  }

  /** A contiguous copy (or x itself when already contiguous); the gradient passes through. */
  public static Tensor contiguous(Tensor x) {
    if (x.isContiguous()) return x;
    return Autograd.record("contiguous", copyRaw(x), new Tensor[] {x}, g -> new Tensor[] {g});
  }

  /** A contiguous copy in the graph, even of a contiguous x (torch.clone); the gradient passes through. */
  public static Tensor clone(Tensor x) {
    return Autograd.record("clone", copyRaw(x), new Tensor[] {x}, g -> new Tensor[] {g});
  }

  /** A new contiguous tensor with x's elements, on x's device; no graph. */
  public static Tensor copyRaw(Tensor x) {
    Tensor out = Tensor.empty(x.device(), x.dtype(), x.shapeArray());
    out.backend().copyInto(out, x);
    return out;
  }

  private static int[] inferShape(String op, Tensor x, int[] shape) {
    int[] target = shape.clone();
    int unknown = -1;
    long known = 1;
    for (int i = 0; i < target.length; i++) {
      if (target[i] == -1) {
        if (unknown >= 0) throw new IllegalArgumentException(op + ": only one dimension can be -1 in " + Shape.format(shape));
        unknown = i;
      } else if (target[i] < 0) {
        throw new IllegalArgumentException(op + ": invalid size " + target[i] + " in " + Shape.format(shape));
      } else {
        known *= target[i];
      }
    }
    int numel = x.numel();
    if (unknown >= 0 && known != 0 && numel % known == 0) target[unknown] = (int) (numel / known);
    if ((unknown >= 0 && (known == 0 || numel % known != 0)) || Shape.numel(target) != numel) {
      throw new IllegalArgumentException(op + ": shape " + Shape.format(shape) + " is invalid for a tensor of shape "
          + x.shapeString() + " (" + numel + " elements)");
    }
    return target;
  }

  /** Strides that view (oldShape, oldStrides) as newShape without copying, or null (ATen's computeStride). */
  static int[] viewStrides(int[] oldShape, int[] oldStrides, int[] newShape) {
    int[] newStrides = new int[newShape.length];
    if (Shape.numel(oldShape) == 0) return Shape.contiguousStrides(newShape);
    if (oldShape.length == 0) {
      Arrays.fill(newStrides, 1);
      return newStrides;
    }
    int viewD = newShape.length - 1;
    long chunkBaseStride = oldStrides[oldStrides.length - 1];
    long tensorNumel = 1, viewNumel = 1;
    for (int tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
      tensorNumel *= oldShape[tensorD];
      if (tensorD == 0 || (oldShape[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorNumel * chunkBaseStride)) {
        while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
          newStrides[viewD] = (int) (viewNumel * chunkBaseStride);
          viewNumel *= newShape[viewD];
          viewD--;
        }
        if (viewNumel != tensorNumel) return null;
        if (tensorD > 0) {
          chunkBaseStride = oldStrides[tensorD - 1];
          tensorNumel = 1;
          viewNumel = 1;
        }
      }
    }
    return viewD == -1 ? newStrides : null;
  }
}
