package dev.shinso.backend.cpu;

import dev.shinso.backend.BinaryOp;
import dev.shinso.backend.UnaryOp;

/**
 * The elementwise math of FLOAT64, one scalar per call. It serves correctness, not speed (gradient
 * checks, reference values), so it is written plainly in double, each function to full double
 * precision: a finite difference with a step of 1e-6 divides the forward's error by 1e-6.
 */
final class DoubleMath {
  private static final double SQRT1_2 = Math.sqrt(0.5);
  private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

  private DoubleMath() {}

  static double apply(UnaryOp op, double v, double p, double q) {
    return switch (op) {
      case NEG -> -v;
      case EXP -> Math.exp(v);
      case LOG -> Math.log(v);
      case SQRT -> Math.sqrt(v);
      case RSQRT -> 1 / Math.sqrt(v);
      case ABS -> Math.abs(v);
      case SIGN -> v > 0 ? 1 : v < 0 ? -1 : v;
      case SIGMOID -> 1 / (Math.exp(-v) + 1);
      case TANH -> Math.tanh(v);
      case RELU -> v <= 0 ? 0 : v;
      case GELU -> 0.5 * v * erfc(-v * SQRT1_2);
      case STEP -> v > 0 ? 1 : 0;
      case CLAMP -> Math.min(Math.max(v, p), q);
      case POW -> Math.pow(v, p);
      case LEAKY_RELU -> v < 0 ? v * p : v;
      case SIN -> Math.sin(v);
      case COS -> Math.cos(v);
      case GELU_GRAD -> erfc(-v * SQRT1_2) * 0.5 + v * Math.exp(-0.5 * v * v) * INV_SQRT_2PI;
    };
  }

  /** Comparisons give 1 or 0, as the float kernels do. */
  static double apply(BinaryOp op, double a, double b) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case POW -> Math.pow(a, b);
      case MAX -> Math.max(a, b);
      case MIN -> Math.min(a, b);
      case RELU_BACKWARD -> b > 0 ? a : 0;
      case EQ -> a == b ? 1 : 0;
      case NE -> a != b ? 1 : 0;
      case LT -> a < b ? 1 : 0;
      case LE -> a <= b ? 1 : 0;
      case GT -> a > b ? 1 : 0;
      case GE -> a >= b ? 1 : 0;
    };
  }

  /**
   * The complementary error function to about 2e-15 relative error: below 1.2 as 1 − erf with erf's
   * series of positive terms, erf(x) = 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)), which does not
   * cancel; above (where 1 − erf would lose digits), by the continued fraction
   * e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) with the modified Lentz method, which
   * takes at most ~140 terms there.
   */
  static double erfc(double x) {
    if (Double.isNaN(x)) return x;
    if (x < 0) return 2 - erfc(-x);
    if (x < 1.2) return 1 - erf(x);
    if (x > 27) return 0; // e^(−729) underflows
    double tiny = 1e-300, f = x, c = x, d = 0;
    for (int n = 1; n < 500; n++) {
      double a = n * 0.5;
      d = x + a * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = x + a / c;
      if (Math.abs(c) < tiny) c = tiny;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    return Math.exp(-x * x) * INV_SQRT_PI / f;
  }

  /** erf for 0 ≤ x < 1.2 by the positive series (see erfc). */
  private static double erf(double x) {
    double term = x, sum = x, x2 = 2 * x * x;
    for (int n = 1; n < 200 && term > sum * 1e-17; n++) {
      term *= x2 / (2 * n + 1);
      sum += term;
    }
    return 2 * INV_SQRT_PI * Math.exp(-x * x) * sum;
  }
}
