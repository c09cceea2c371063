package dev.shinso.cuda;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.shinso.cuda.driver.Gpu;
import dev.shinso.cuda.driver.Kernel;
import dev.shinso.cuda.driver.KernelArgs;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Gpu that runs nothing: it hands out addresses, checks and records every launch and cuBLAS
 * call, and reads back zeros (or a planted index-error word). With it, CudaBackend's launch logic
 * runs here, without a GPU: which kernels, with arguments of the right kinds, grid sizes, gemm flags.
 */
final class RecordingGpu implements Gpu {
  record Launch(Kernel kernel, int grid, int block) {}

  record Gemm(boolean transA, boolean transB, int m, int n, int k, int lda, long strideA, int ldb, long strideB,
      int ldc, long strideC, int batch, boolean tf32) {}

  final List<Launch> launches = new ArrayList<>();
  final List<Gemm> gemms = new ArrayList<>();
  final List<String> events = new ArrayList<>();
  /** What convolutions() answers: null (no cuDNN) unless a test sets a fake. */
  dev.shinso.cuda.driver.Convolutions convolutions;
  final Map<Long, long[]> planted = new HashMap<>();
  private long next = 1 << 20;

  @Override
  public dev.shinso.cuda.driver.Convolutions convolutions() {
    return convolutions;
  }

  @Override
  public String name() {
    return "cuda:0";
  }

  @Override
  public int multiprocessors() {
    return 4;
  }

  @Override
  public long malloc(long bytes) {
    long p = next;
    next += (bytes + 255) / 256 * 256;
    return p;
  }

  @Override
  public void free(long pointer) {
    events.add("free");
  }

  @Override
  public void zero(long pointer, long bytes) {
    events.add("zero " + bytes);
  }

  @Override
  public void upload(long dst, MemorySegment src, long bytes) {
    events.add("upload " + bytes);
  }

  /** Zeros, except where a test planted longs at an address. */
  @Override
  public void download(MemorySegment dst, long src, long bytes) {
    events.add("download " + bytes);
    dst.fill((byte) 0);
    long[] words = planted.remove(src);
    if (words != null) MemorySegment.copy(words, 0, dst, JAVA_LONG, 0, words.length);
  }

  @Override
  public void copy(long dst, long src, long bytes) {
    events.add("copy " + bytes);
  }

  @Override
  public void launch(Kernel kernel, int grid, int block, KernelArgs args) {
    kernel.check(args);
    if (grid < 1 || block < 1 || block > 1024) throw new IllegalStateException("bad launch " + grid + "x" + block);
    launches.add(new Launch(kernel, grid, block));
    events.add("launch " + kernel.entry());
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, long a, int lda, long strideA, long b, int ldb,
      long strideB, long c, int ldc, long strideC, int batch, boolean tf32, String what) {
    gemms.add(new Gemm(transA, transB, m, n, k, lda, strideA, ldb, strideB, ldc, strideC, batch, tf32));
    events.add("sgemm");
  }

  @Override
  public void synchronize(String what) {
    events.add("sync" + what);
  }

  List<Kernel> kernels() {
    return launches.stream().map(Launch::kernel).toList();
  }

  void reset() {
    launches.clear();
    gemms.clear();
    events.clear();
  }
}
