package dev.shinso.cuda.driver;

/**
 * Convolutions by a library (cuDNN) on the GPU's stream, for contiguous NCHW float32 tensors. Each
 * call answers false when the library has no algorithm for the case, and the backend then takes its
 * own path; any other failure is an IllegalStateException naming the call.
 */
public interface Convolutions {
  /** The shapes and settings of one convolution: x [n, c, h, w], weight [k, c/groups, kh, kw], y [n, k, oh, ow]. */
  record Shape(int n, int c, int h, int w, int k, int kh, int kw, int oh, int ow, int padH, int padW, int strideH,
      int strideW, int dilationH, int dilationW, int groups) {}

  /** Device memory for an algorithm's scratch space, valid until the call returns (the caller keeps it). */
  @FunctionalInterface
  interface Workspace {
    long allocate(long bytes);
  }

  /** y = conv(x, w), overwriting y. */
  boolean forward(Shape s, long x, long w, long y, boolean tf32, Workspace ws);

  /** dx = the gradient of conv with respect to x, from dy, overwriting dx. */
  boolean backwardData(Shape s, long dy, long w, long dx, boolean tf32, Workspace ws);

  /** dw = the gradient of conv with respect to w, from x and dy, overwriting dw. */
  boolean backwardFilter(Shape s, long x, long dy, long dw, boolean tf32, Workspace ws);
}
