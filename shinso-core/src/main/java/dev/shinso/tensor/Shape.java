package dev.shinso.tensor;

import java.util.Arrays;

/** Dimension sizes and the index arithmetic on them: numel, contiguous strides, broadcasting. */
public final class Shape {
  private final int[] dims;

  private Shape(int[] dims) {
    this.dims = dims;
  }

  public static Shape of(int... dims) {
    for (int d : dims) {
      if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
    }
    return new Shape(dims.clone());
  }

  public int rank() {
    return dims.length;
  }

  public int get(int dim) {
    return dims[normalizeDim(dim, dims.length, "size")];
  }

  public int[] toArray() {
    return dims.clone();
  }

  public int numel() {
    return numel(dims);
  }

  public static int numel(int[] dims) {
    long n = 1;
    for (int d : dims) n *= d;
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape " + format(dims) + " has more than 2^31-1 elements");
    }
    return (int) n;
  }

  public static int[] contiguousStrides(int[] dims) {
    int[] strides = new int[dims.length];
    int s = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= Math.max(dims[i], 1);
    }
    return strides;
  }

  /** NumPy broadcasting: align from the right; each pair of sizes must match or one must be 1. */
  public static int[] broadcast(String op, int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(op + ": shapes " + format(a) + " and " + format(b)
            + " cannot be broadcast: size " + da + " vs " + db + " at dimension " + i);
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** Turns a possibly negative dim into 0..rank-1, naming the op when it is out of range. */
  public static int normalizeDim(int dim, int rank, String op) {
    int r = Math.max(rank, 1);
    if (dim < -r || dim >= r) {
      throw new IllegalArgumentException(op + ": dimension " + dim + " out of range for a tensor of rank " + rank
          + " (expected " + -r + ".." + (r - 1) + ")");
    }
    return dim < 0 ? dim + r : dim;
  }

  /** As {@link #normalizeDim(int, int, String)}, naming the tensor's shape in the error. */
  public static int normalizeDim(int dim, int[] shape, String op) {
    int r = Math.max(shape.length, 1);
    if (dim < -r || dim >= r) {
      throw new IllegalArgumentException(op + ": dimension " + dim + " out of range for a tensor of shape "
          + format(shape) + " (expected " + -r + ".." + (r - 1) + ")");
    }
    return dim < 0 ? dim + r : dim;
  }

  public static String format(int[] dims) {
    return Arrays.toString(dims);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return format(dims);
  }
}
