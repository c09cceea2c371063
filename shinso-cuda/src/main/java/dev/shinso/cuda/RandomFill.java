package dev.shinso.cuda;

import dev.shinso.backend.Backend.RandomKind;
import dev.shinso.cuda.driver.Kernel;
import dev.shinso.cuda.driver.KernelArgs;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;

/**
 * Launches of random.cu: a contiguous fill by the element → Philox counter mapping of
 * Backend.random (UNIFORM and BERNOULLI four elements per counter, NORMAL and INTEGER two), so the
 * numbers are the CPU backend's for the same generator state.
 */
final class RandomFill {
  private RandomFill() {}

  static void random(CudaBackend b, RandomKind kind, Tensor dst, double p, double q, Generator g) {
    if (dst.dtype() == DType.INT64 && kind != RandomKind.INTEGER) {
      throw new IllegalArgumentException("random: " + kind + " cannot fill an int64 tensor " + dst.shapeString());
    }
    int n = dst.numel();
    int perCounter = kind == RandomKind.UNIFORM || kind == RandomKind.BERNOULLI ? 4 : 2;
    long counters = (n + (long) perCounter - 1) / perCounter;
    Generator.Counters start = g.reserveCounters(counters);
    if (n == 0) return;
    long lo = (long) p, span = (long) q - lo;  // INTEGER, as the CPU computes them (span read as unsigned)
    long y = b.storageOf(dst).address(dst.offset());
    if (dst.dtype() == DType.FLOAT32) {
      KernelArgs args = KernelArgs.start().i32(kind.ordinal()).i32(n).i64(start.seed()).i64(start.start()).f64(p)
          .f64(q).i64(lo).i64(span).ptr(y);
      b.launch(Kernel.RANDOM_F32, (int) counters, args, dst);
    } else {
      KernelArgs args = KernelArgs.start().i32(n).i64(start.seed()).i64(start.start()).i64(lo).i64(span).ptr(y);
      b.launch(Kernel.RANDOM_I64, (int) counters, args, dst);
    }
  }
}
