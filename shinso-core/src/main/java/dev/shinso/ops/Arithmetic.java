package dev.shinso.ops;

import dev.shinso.autograd.Autograd;
import dev.shinso.backend.BinaryOp;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;

/** Elementwise two-input ops with NumPy broadcasting; a broadcast input's gradient is summed back to its shape. */
public final class Arithmetic {
  private Arithmetic() {}

  public static Tensor add(Tensor a, Tensor b) {
    return binary("add", BinaryOp.ADD, a, b, false, (g, x, y, out) -> new Tensor[] {g, g});
  }

  public static Tensor sub(Tensor a, Tensor b) {
    return binary("sub", BinaryOp.SUB, a, b, false, (g, x, y, out) -> new Tensor[] {g, g.neg()});
  }

  public static Tensor mul(Tensor a, Tensor b) {
    return binary("mul", BinaryOp.MUL, a, b, false, (g, x, y, out) -> new Tensor[] {g.mul(y), g.mul(x)});
  }

  public static Tensor div(Tensor a, Tensor b) {
    return binary("div", BinaryOp.DIV, a, b, true, (g, x, y, out) -> new Tensor[] {g.div(y), g.mul(out).div(y).neg()});
  }

  public static Tensor pow(Tensor a, Tensor b) {
    return binary("pow", BinaryOp.POW, a, b, true, (g, x, y, out) -> new Tensor[] {
        g.mul(y).mul(x.pow(y.sub(1f))),
        // d/db a^b = a^b·ln a; where a = 0 the limit is 0 (PyTorch masks it the same way).
        g.mul(out).mul(Tensor.where(x.eq(0f), scalarLike(x, 0), x.log()))});
  }

  /** Elementwise max; at ties the gradient is split evenly, as in PyTorch. */
  public static Tensor maximum(Tensor a, Tensor b) {
    return binary("maximum", BinaryOp.MAX, a, b, false, (g, x, y, out) -> {
      Tensor share = x.gt(y).add(x.eq(y).mul(0.5f));
      return new Tensor[] {g.mul(share), g.mul(share.rsub(1f))};
    });
  }

  public static Tensor minimum(Tensor a, Tensor b) {
    return binary("minimum", BinaryOp.MIN, a, b, false, (g, x, y, out) -> {
      Tensor share = x.lt(y).add(x.eq(y).mul(0.5f));
      return new Tensor[] {g.mul(share), g.mul(share.rsub(1f))};
    });
  }

  /** Comparisons give a FLOAT32 tensor of 1 (true) and 0 (false), in the operands' promoted dtype; no gradient. */
  public static Tensor compare(BinaryOp op, Tensor a, Tensor b) {
    String name = op.name().toLowerCase();
    int[] shape = Shape.broadcast(name, a.shapeArray(), b.shapeArray());
    Tensor[] ab = Devices.aligned(name, a, b);
    a = ab[0];
    b = ab[1];
    DType t = DTypes.common(a, b, false);
    Tensor x = DTypes.cast(a, t), y = DTypes.cast(b, t);
    return a.backend().binary(op, Views.expandRaw(x, shape), Views.expandRaw(y, shape));
  }

  public static Tensor mul(Tensor a, float s) {
    return mul(a, scalarLike(a, s));
  }

  /** A 0-d tensor holding s on a's device, INT64 when a is INT64 and s is whole (so integer tensors stay integer). */
  static Tensor scalarLike(Tensor a, double s) {
    return a.dtype() == DType.INT64 && s == Math.rint(s)
        ? Tensor.scalarLong(a.device(), (long) s) : Tensor.scalar(a.device(), (float) s);
  }

  @FunctionalInterface
  private interface Gradients {
    Tensor[] apply(Tensor g, Tensor a, Tensor b, Tensor out);
  }

  private static Tensor binary(String name, BinaryOp op, Tensor userA, Tensor userB, boolean alwaysFloat,
      Gradients grads) {
    int[] shape = Shape.broadcast(name, userA.shapeArray(), userB.shapeArray());
    Tensor[] ab = Devices.aligned(name, userA, userB);
    Tensor a = ab[0], b = ab[1];
    DType t = DTypes.common(a, b, alwaysFloat);
    Tensor x = DTypes.cast(a, t), y = DTypes.cast(b, t);
    Tensor out = a.backend().binary(op, Views.expandRaw(x, shape), Views.expandRaw(y, shape));
    Tensor[] saved = op == BinaryOp.ADD || op == BinaryOp.SUB ? new Tensor[0] : new Tensor[] {a, b, out};
    return Autograd.record(name, out, new Tensor[] {a, b}, saved, g -> {
      Tensor[] r = grads.apply(g, a, b, out);
      return new Tensor[] {
          a.requiresGrad() ? sumTo(r[0], a.shapeArray()) : null,
          b.requiresGrad() ? sumTo(r[1], b.shapeArray()) : null};
    });
  }

  /** Sums a broadcast gradient back to the shape of the input it came from. */
  public static Tensor sumTo(Tensor g, int[] shape) {
    int[] gs = g.shapeArray();
    if (java.util.Arrays.equals(gs, shape)) return g;
    int lead = gs.length - shape.length;
    int count = 0;
    int[] dims = new int[gs.length];
    for (int d = 0; d < gs.length; d++) {
      if (d < lead || (shape[d - lead] == 1 && gs[d] != 1)) dims[count++] = d;
    }
    Tensor s = count == 0 ? g : Reduce.sum(g, java.util.Arrays.copyOf(dims, count), true);
    return s.reshape(shape);
  }
}
