package dev.shinso.backend;

/**
 * Elementwise two-input kernels with broadcasting. Comparisons yield 1 or 0 in the output dtype.
 * RELU_BACKWARD is a where b > 0, else 0: ReLU's gradient (a) passed where its input (b) was
 * positive, in one pass (PyTorch's threshold_backward); float only.
 */
public enum BinaryOp {
  ADD, SUB, MUL, DIV, POW, MAX, MIN, RELU_BACKWARD, EQ, NE, LT, LE, GT, GE;

  public boolean isComparison() {
    return ordinal() >= EQ.ordinal();
  }
}
