package dev.shinso.backend.cpu;

import static dev.shinso.backend.cpu.Simd.F;
import static dev.shinso.backend.cpu.Simd.LANES;

import dev.shinso.backend.BinaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Two-input kernels over one row: y[i] = a[i] op b[i] with per-operand strides. Vector loops run
 * when y is contiguous and each input is contiguous (stride 1) or a broadcast scalar (stride 0);
 * the stride tests are loop-invariant, so C2 unswitches them out of the loop.
 */
final class BinaryKernels {
  /** A comparison's results: 1 where it holds, else 0. */
  private static final FloatVector ZERO = FloatVector.zero(F), ONE = FloatVector.broadcast(F, 1f);

  private BinaryKernels() {}

  static void runFloat(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs,
      float[] y, int yo, int ys, int start, int end) {
    int i = start;
    if (ys == 1 && (as | bs) >>> 1 == 0) i = vectorPrefix(op, a, ao, as, b, bo, bs, y, yo, start, Simd.vectorEnd(start, end));
    for (; i < end; i++) y[yo + i * ys] = apply(op, a[ao + i * as], b[bo + i * bs]);
  }

  private static int vectorPrefix(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs,
      float[] y, int yo, int i, int vend) {
    FloatVector ca = FloatVector.broadcast(F, a[ao]);
    FloatVector cb = FloatVector.broadcast(F, b[bo]);
    switch (op) {
      case ADD -> { for (; i < vend; i += LANES) ld(a, ao, as, ca, i).add(ld(b, bo, bs, cb, i)).intoArray(y, yo + i); }
      case SUB -> { for (; i < vend; i += LANES) ld(a, ao, as, ca, i).sub(ld(b, bo, bs, cb, i)).intoArray(y, yo + i); }
      case MUL -> { for (; i < vend; i += LANES) ld(a, ao, as, ca, i).mul(ld(b, bo, bs, cb, i)).intoArray(y, yo + i); }
      case DIV -> { for (; i < vend; i += LANES) ld(a, ao, as, ca, i).div(ld(b, bo, bs, cb, i)).intoArray(y, yo + i); }
      case POW -> { } // Math.pow in the scalar loop: the same bits interpreted and compiled
      case MAX -> { for (; i < vend; i += LANES) ld(a, ao, as, ca, i).max(ld(b, bo, bs, cb, i)).intoArray(y, yo + i); }
      case MIN -> { for (; i < vend; i += LANES) ld(a, ao, as, ca, i).min(ld(b, bo, bs, cb, i)).intoArray(y, yo + i); }
      case RELU_BACKWARD -> { for (; i < vend; i += LANES) ZERO.blend(ld(a, ao, as, ca, i), ld(b, bo, bs, cb, i).compare(VectorOperators.GT, 0f)).intoArray(y, yo + i); }
      // Each comparison written out with its operator as a constant: passed as an argument to a
      // shared loop it reached C2 as a variable, and the Vector API ran compare() in plain Java.
      case EQ -> { for (; i < vend; i += LANES) ZERO.blend(ONE, ld(a, ao, as, ca, i).compare(VectorOperators.EQ, ld(b, bo, bs, cb, i))).intoArray(y, yo + i); }
      case NE -> { for (; i < vend; i += LANES) ZERO.blend(ONE, ld(a, ao, as, ca, i).compare(VectorOperators.NE, ld(b, bo, bs, cb, i))).intoArray(y, yo + i); }
      case LT -> { for (; i < vend; i += LANES) ZERO.blend(ONE, ld(a, ao, as, ca, i).compare(VectorOperators.LT, ld(b, bo, bs, cb, i))).intoArray(y, yo + i); }
      case LE -> { for (; i < vend; i += LANES) ZERO.blend(ONE, ld(a, ao, as, ca, i).compare(VectorOperators.LE, ld(b, bo, bs, cb, i))).intoArray(y, yo + i); }
      case GT -> { for (; i < vend; i += LANES) ZERO.blend(ONE, ld(a, ao, as, ca, i).compare(VectorOperators.GT, ld(b, bo, bs, cb, i))).intoArray(y, yo + i); }
      case GE -> { for (; i < vend; i += LANES) ZERO.blend(ONE, ld(a, ao, as, ca, i).compare(VectorOperators.GE, ld(b, bo, bs, cb, i))).intoArray(y, yo + i); }
    }
    return i;
  }

  private static FloatVector ld(float[] x, int offset, int stride, FloatVector broadcast, int i) {
    return stride == 0 ? broadcast : FloatVector.fromArray(F, x, offset + i);
  }

  static float apply(BinaryOp op, float a, float b) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case POW -> (float) Math.pow(a, b);
      case MAX -> Math.max(a, b);
      case MIN -> Math.min(a, b);
      case RELU_BACKWARD -> b > 0 ? a : 0f;
      case EQ -> a == b ? 1f : 0f;
      case NE -> a != b ? 1f : 0f;
      case LT -> a < b ? 1f : 0f;
      case LE -> a <= b ? 1f : 0f;
      case GT -> a > b ? 1f : 0f;
      case GE -> a >= b ? 1f : 0f;
    };
  }

  /** INT64 arithmetic (ADD, SUB, MUL, MAX, MIN); DIV and POW are promoted to float by the ops. */
  static void runLong(BinaryOp op, long[] a, int ao, int as, long[] b, int bo, int bs,
      long[] y, int yo, int ys, int start, int end) {
    for (int i = start; i < end; i++) {
      long x = a[ao + i * as];
      long z = b[bo + i * bs];
      y[yo + i * ys] = switch (op) {
        case ADD -> x + z;
        case SUB -> x - z;
        case MUL -> x * z;
        case MAX -> Math.max(x, z);
        case MIN -> Math.min(x, z);
        default -> throw new IllegalArgumentException(op + " is not an int64 arithmetic op");
      };
    }
  }

  /** INT64 comparisons, written as float 1/0. */
  static void compareLong(BinaryOp op, long[] a, int ao, int as, long[] b, int bo, int bs,
      float[] y, int yo, int ys, int start, int end) {
    for (int i = start; i < end; i++) {
      long x = a[ao + i * as];
      long z = b[bo + i * bs];
      boolean r = switch (op) {
        case EQ -> x == z;
        case NE -> x != z;
        case LT -> x < z;
        case LE -> x <= z;
        case GT -> x > z;
        case GE -> x >= z;
        default -> throw new IllegalArgumentException(op + " is not a comparison");
      };
      y[yo + i * ys] = r ? 1f : 0f;
    }
  }
}
