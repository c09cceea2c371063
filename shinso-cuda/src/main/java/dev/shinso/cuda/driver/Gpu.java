package dev.shinso.cuda.driver;

import java.lang.foreign.MemorySegment;

/**
 * One GPU as the backend uses it: memory, copies, kernel launches and cuBLAS, all on one stream.
 * {@link DriverGpu} is the real one; tests put a recording fake in its place, which lets the
 * backend's launch logic run on a machine without a GPU.
 */
public interface Gpu {
  /** e.g. "cuda:0". */
  String name();

  int multiprocessors();

  /** A device pointer to {@code bytes} bytes, or 0 when the device is out of memory. */
  long malloc(long bytes);

  void free(long pointer);

  /** Queues zeroing {@code bytes} bytes at {@code pointer}. */
  void zero(long pointer, long bytes);

  /** Copies host memory to the device; returns once {@code src} may be reused. */
  void upload(long dst, MemorySegment src, long bytes);

  /** Copies device memory to the host after the queued work; returns once {@code dst} holds it. */
  void download(MemorySegment dst, long src, long bytes);

  /** Queues a copy between two device pointers. */
  void copy(long dst, long src, long bytes);

  /** Queues a 1-d launch; the arguments must match the kernel's signature. */
  void launch(Kernel kernel, int grid, int block, KernelArgs args);

  /**
   * Queues the column-major C_i = op(A_i)·op(B_i), {@code i < batch} (see {@link Cublas#sgemmStridedBatched}),
   * with TF32 tensor-core math when {@code tf32}.
   */
  void sgemm(boolean transA, boolean transB, int m, int n, int k, long a, int lda, long strideA, long b, int ldb,
      long strideB, long c, int ldc, long strideC, int batch, boolean tf32, String what);

  /** cuDNN's convolutions on this GPU's stream, or null where they cannot be used ({@link #convolutionsMissing}). */
  default Convolutions convolutions() {
    return null;
  }

  /** Why {@link #convolutions()} is null (one line), or null when it is not. */
  default String convolutionsMissing() {
    return "no cuDNN on this GPU";
  }

  /** Waits for the queued work; {@code what} ends the call's name in errors, e.g. " after unary_f32". */
  void synchronize(String what);
}
