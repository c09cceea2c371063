package dev.shinso.tensor;

/** Element types. FLOAT32 is the default; INT64 holds labels and indices. */
public enum DType {
  FLOAT32("float32", 4),
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
    return this == FLOAT32;
  }

  @Override
  public String toString() {
    return displayName;
  }
}
