package dev.shinso.backend;

/** Elementwise two-input kernels with broadcasting. Comparisons yield 1 or 0 in the output dtype. */
public enum BinaryOp {
  ADD, SUB, MUL, DIV, POW, MAX, MIN, EQ, NE, LT, LE, GT, GE;

  public boolean isComparison() {
    return ordinal() >= EQ.ordinal();
  }
}
