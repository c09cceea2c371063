package dev.shinso.ops;

import dev.shinso.autograd.Autograd;
import dev.shinso.autograd.Node;
import dev.shinso.backend.BinaryOp;
import dev.shinso.backend.UnaryOp;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;

/** Elementwise one-input ops: each forward kernel beside its derivative. */
public final class Unary {
  private Unary() {}

  /** The derivative part of backward: grad of the input from (output grad g, input x, output y). */
  @FunctionalInterface
  private interface Derivative {
    Tensor apply(Tensor g, Tensor x, Tensor y);
  }

  public static Tensor neg(Tensor x) {
    if (x.dtype() == DType.INT64) return Arithmetic.mul(x, -1);
    return map("neg", UnaryOp.NEG, x, 0, 0, (g, in, y) -> g.neg());
  }

  public static Tensor exp(Tensor x) {
    return map("exp", UnaryOp.EXP, x, 0, 0, (g, in, y) -> g.mul(y));
  }

  public static Tensor log(Tensor x) {
    return map("log", UnaryOp.LOG, x, 0, 0, (g, in, y) -> g.div(in));
  }

  public static Tensor sqrt(Tensor x) {
    return map("sqrt", UnaryOp.SQRT, x, 0, 0, (g, in, y) -> g.div(y).mul(0.5f));
  }

  public static Tensor rsqrt(Tensor x) {
    return map("rsqrt", UnaryOp.RSQRT, x, 0, 0, (g, in, y) -> g.mul(y.pow(3)).mul(-0.5f));
  }

  public static Tensor abs(Tensor x) {
    return map("abs", UnaryOp.ABS, x, 0, 0, (g, in, y) -> g.mul(in.sign()));
  }

  public static Tensor sign(Tensor x) {
    return map("sign", UnaryOp.SIGN, x, 0, 0, (g, in, y) -> Tensor.zerosLike(in));
  }

  public static Tensor sigmoid(Tensor x) {
    return map("sigmoid", UnaryOp.SIGMOID, x, 0, 0, (g, in, y) -> g.mul(y).mul(y.rsub(1)));
  }

  public static Tensor tanh(Tensor x) {
    return map("tanh", UnaryOp.TANH, x, 0, 0, (g, in, y) -> g.mul(y.mul(y).rsub(1)));
  }

  public static Tensor relu(Tensor x) {
    Tensor y = kernel(UnaryOp.RELU, x, 0, 0);
    return Autograd.record("relu", y, new Tensor[] {x}, new Tensor[] {x, y},
        (Node.ReusingBackward) (g, reusable) -> new Tensor[] {reluBackward(g, DTypes.floating(x), reusable)});
  }

  /** g where x > 0, else 0 (ReLU's backward; x its input or its output): over g itself when the engine allows it. */
  static Tensor reluBackward(Tensor g, Tensor x, boolean reusable) {
    if (!reusable || g.dtype() != x.dtype()) return g.backend().binary(BinaryOp.RELU_BACKWARD, g, x);
    g.backend().binaryInPlace(BinaryOp.RELU_BACKWARD, g, x);
    return g;
  }

  /** max(x, 0) + slope·min(x, 0). */
  public static Tensor leakyRelu(Tensor x, float slope) {
    return map("leakyRelu", UnaryOp.LEAKY_RELU, x, slope, 0,
        (g, in, y) -> g.mul(in.gt(0).add(in.le(0).mul(slope))));
  }

  /** The exact GELU, x·Φ(x), as PyTorch's default (not the tanh approximation). */
  public static Tensor gelu(Tensor x) {
    return map("gelu", UnaryOp.GELU, x, 0, 0, (g, in, y) -> g.mul(kernel(UnaryOp.GELU_GRAD, in, 0, 0)));
  }

  /**
   * Heaviside step H(x) = 1 for x > 0, else 0. Its derivative is zero everywhere except at 0, where
   * it does not exist; backward therefore passes zero gradients, which is why networks of step
   * units cannot be trained by gradient descent.
   */
  public static Tensor step(Tensor x) {
    return map("step", UnaryOp.STEP, x, 0, 0, (g, in, y) -> Tensor.zerosLike(in));
  }

  public static Tensor clamp(Tensor x, float min, float max) {
    if (min > max) throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
    return map("clamp", UnaryOp.CLAMP, x, min, max, (g, in, y) -> g.mul(in.ge(min).mul(in.le(max))));
  }

  public static Tensor pow(Tensor x, float exponent) {
    if (exponent == 1f) return x.mul(1f);
    return map("pow", UnaryOp.POW, x, exponent, 0,
        (g, in, y) -> g.mul(in.pow(exponent - 1)).mul(exponent));
  }

  /** Applies a kernel with no graph (for derivatives and for ops built on these). */
  static Tensor kernel(UnaryOp op, Tensor x, float p, float q) {
    return x.backend().unary(op, DTypes.floating(x), p, q);
  }

  private static Tensor map(String name, UnaryOp op, Tensor x, float p, float q, Derivative d) {
    Tensor y = kernel(op, x, p, q);
    return Autograd.record(name, y, new Tensor[] {x}, new Tensor[] {x, y},
        g -> new Tensor[] {d.apply(g, x, y)});
  }
}
