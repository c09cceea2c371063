package dev.shinso.tensor;

/**
 * Element types. FLOAT32 is the default; INT64 holds labels and indices; FLOAT64 is for work that
 * needs the precision (gradient checks, reference values), on the CPU.
 */
public enum DType {
  FLOAT32("float32", 4),
  FLOAT64("float64", 8),
  INT64("int64", 8);

  private final String displayName;
  private final int byteSize;

  DType(String displayName, int byteSize) {
    this.displayName = displayName;
    this.byteSize = byteSize;
  }

  public int byteSize() {
    return byteSize;
  }

  public boolean isFloatingPoint() {
    return this != INT64;
  }

  /**
   * The dtype of an op on a and b, as PyTorch promotes: a float beats an integer, and between two
   * floats the wider wins, except that a 0-d tensor (a scalar) does not widen a tensor of its own
   * kind, so {@code x64 * scalar32} and {@code x32 * scalar64} keep x's dtype.
   */
  public static DType promote(Tensor a, Tensor b) {
    DType x = a.dtype(), y = b.dtype();
    if (x == y) return x;
    if (x.isFloatingPoint() != y.isFloatingPoint()) return x.isFloatingPoint() ? x : y;
    boolean aScalar = a.dim() == 0, bScalar = b.dim() == 0;
    if (aScalar != bScalar) return aScalar ? y : x;
    return FLOAT64;
  }

  @Override
  public String toString() {
    return displayName;
  }
}
