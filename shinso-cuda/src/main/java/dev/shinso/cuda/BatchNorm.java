package dev.shinso.cuda;

import dev.shinso.backend.Backend.BatchNormResult;
import dev.shinso.cuda.driver.Kernel;
import dev.shinso.cuda.driver.KernelArgs;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;

/**
 * Launches of norm.cu: batch normalisation with the batch's statistics in two kernels (per-channel
 * mean and variance, one block per channel; then the normalisation), and its gradient in two (the
 * per-channel sums, then dx), where the composite takes about ten. x is [N, C, *], seen as [N, C, S];
 * a strided one is copied contiguous first. Empty inputs never come here (CudaBackend gives them to
 * the composite).
 */
final class BatchNorm {
  private BatchNorm() {}

  static BatchNormResult forward(CudaBackend b, Tensor input, Tensor weight, Tensor bias, double eps) {
    Tensor x = b.contiguous(input, DType.FLOAT32);
    int n = x.size(0), c = x.size(1), s = x.numel() / (n * c);
    Tensor mean = b.output(DType.FLOAT32, new int[] {c}), var = b.output(DType.FLOAT32, new int[] {c});
    Tensor y = b.output(DType.FLOAT32, x.shapeArray());
    Tensor w = orNull(b, weight), bi = orNull(b, bias);
    KernelArgs stats = KernelArgs.start().i32(n).i32(c).i32(s).ptr(at(b, x)).ptr(b.base(mean)).ptr(b.base(var));
    b.launchGrid(Kernel.BATCH_NORM_STATS_F32, b.gridFor(c, 1), stats, x, mean, var);
    KernelArgs apply = KernelArgs.start().i32(x.numel()).i32(c).i32(s).ptr(at(b, x)).ptr(b.base(mean))
        .ptr(b.base(var)).f32((float) eps).ptr(at(b, w)).ptr(at(b, bi)).ptr(b.base(y));
    b.launch(Kernel.BATCH_NORM_APPLY_F32, x.numel(), apply, x, mean, var, w, bi, y);
    return new BatchNormResult(y, mean, var);
  }

  /** {dx, dweight, dbias} from the forward's batch mean and variance. */
  static Tensor[] backward(CudaBackend b, Tensor gradOutput, Tensor input, Tensor weight, Tensor mean, Tensor var,
      double eps) {
    Tensor x = b.contiguous(input, DType.FLOAT32), g = b.contiguous(gradOutput, DType.FLOAT32);
    Tensor m = b.contiguous(mean, DType.FLOAT32), v = b.contiguous(var, DType.FLOAT32), w = orNull(b, weight);
    int n = x.size(0), c = x.size(1), s = x.numel() / (n * c);
    Tensor sumG = b.output(DType.FLOAT32, new int[] {c}), sumGxHat = b.output(DType.FLOAT32, new int[] {c});
    Tensor dx = b.output(DType.FLOAT32, x.shapeArray());
    KernelArgs reduce = KernelArgs.start().i32(n).i32(c).i32(s).ptr(at(b, g)).ptr(at(b, x)).ptr(at(b, m))
        .ptr(at(b, v)).f32((float) eps).ptr(b.base(sumG)).ptr(b.base(sumGxHat));
    b.launchGrid(Kernel.BATCH_NORM_BACKWARD_REDUCE_F32, b.gridFor(c, 1), reduce, g, x, m, v, sumG, sumGxHat);
    float inverseCount = 1f / (n * s);
    KernelArgs apply = KernelArgs.start().i32(x.numel()).i32(c).i32(s).ptr(at(b, g)).ptr(at(b, x)).ptr(at(b, m))
        .ptr(at(b, v)).f32((float) eps).ptr(at(b, w)).ptr(b.base(sumG)).ptr(b.base(sumGxHat)).f32(inverseCount)
        .ptr(b.base(dx));
    b.launch(Kernel.BATCH_NORM_BACKWARD_APPLY_F32, x.numel(), apply, g, x, m, v, w, sumG, sumGxHat, dx);
    return new Tensor[] {dx, sumGxHat, sumG};
  }

  private static Tensor orNull(CudaBackend b, Tensor t) {
    return t == null ? null : b.contiguous(t, DType.FLOAT32);
  }

  /** The device address of a contiguous tensor's first element; 0 (null) for none. */
  private static long at(CudaBackend b, Tensor t) {
    return t == null ? 0 : b.storageOf(t).address(t.offset());
  }
}
