package dev.shinso.cuda;

import dev.shinso.backend.Backend.MaxPool2dResult;
import dev.shinso.backend.Pool2dParams;
import dev.shinso.cuda.driver.Kernel;
import dev.shinso.cuda.driver.KernelArgs;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;

/**
 * Launches of pool.cu: max, average and adaptive average pooling over [N, C, H, W] and their
 * gradients, one thread per output element on contiguous planes (a strided input is copied first).
 * The gradients add into a zeroed dx, atomically, since windows may overlap. The kernels' code is
 * checked against the CPU backend on the host (PoolHostCheckTest) and on the GPU (GpuOpsTest).
 */
final class Pooling {
  private Pooling() {}

  static MaxPool2dResult maxPool2d(CudaBackend b, Tensor input, Pool2dParams p, boolean withIndices) {
    Tensor x = b.contiguous(input, DType.FLOAT32);
    int[] shape = outShape(x, p.outH(x.size(2)), p.outW(x.size(3)));
    Tensor out = b.output(DType.FLOAT32, shape), idx = withIndices ? b.output(DType.INT64, shape) : null;
    int n = out.numel();
    if (n > 0) {
      KernelArgs args = geometry(KernelArgs.start().i32(n), x, out, p);
      args.ptr(address(b, x)).ptr(b.base(out)).ptr(idx == null ? 0 : b.base(idx));
      b.launch(Kernel.MAX_POOL2D_F32, n, args, x, out, idx);
    }
    return new MaxPool2dResult(out, idx);
  }

  static Tensor maxPool2dBackward(CudaBackend b, Tensor gradOutput, Tensor indices, int[] inputShape) {
    Tensor g = b.contiguous(gradOutput, DType.FLOAT32), idx = b.contiguous(indices, DType.INT64);
    Tensor dx = b.zeros(DType.FLOAT32, inputShape);
    int n = g.numel();
    if (n > 0) {
      KernelArgs args = KernelArgs.start().i32(n).i32(inputShape[2] * inputShape[3]).i32(g.size(2) * g.size(3))
          .ptr(address(b, g)).ptr(address(b, idx)).ptr(b.base(dx));
      b.launch(Kernel.MAX_POOL2D_BACKWARD_F32, n, args, g, idx, dx);
    }
    return dx;
  }

  static Tensor avgPool2d(CudaBackend b, Tensor input, Pool2dParams p, boolean countIncludePad) {
    Tensor x = b.contiguous(input, DType.FLOAT32);
    Tensor out = b.output(DType.FLOAT32, outShape(x, p.outH(x.size(2)), p.outW(x.size(3))));
    int n = out.numel();
    if (n > 0) {
      KernelArgs args = geometry(KernelArgs.start().i32(n), x, out, p).i32(countIncludePad ? 1 : 0);
      b.launch(Kernel.AVG_POOL2D_F32, n, args.ptr(address(b, x)).ptr(b.base(out)), x, out);
    }
    return out;
  }

  static Tensor avgPool2dBackward(CudaBackend b, Tensor gradOutput, int[] inputShape, Pool2dParams p,
      boolean countIncludePad) {
    Tensor g = b.contiguous(gradOutput, DType.FLOAT32);
    Tensor dx = b.zeros(DType.FLOAT32, inputShape);
    int n = g.numel();
    if (n > 0) {
      KernelArgs args = geometry(KernelArgs.start().i32(n), dx, g, p).i32(countIncludePad ? 1 : 0);
      b.launch(Kernel.AVG_POOL2D_BACKWARD_F32, n, args.ptr(address(b, g)).ptr(b.base(dx)), g, dx);
    }
    return dx;
  }

  static Tensor adaptiveAvgPool2d(CudaBackend b, Tensor input, int outH, int outW) {
    Tensor x = b.contiguous(input, DType.FLOAT32);
    Tensor out = b.output(DType.FLOAT32, outShape(x, outH, outW));
    int n = out.numel();
    if (n > 0) {
      KernelArgs args = KernelArgs.start().i32(n).i32(x.size(2)).i32(x.size(3)).i32(outH).i32(outW)
          .ptr(address(b, x)).ptr(b.base(out));
      b.launch(Kernel.ADAPTIVE_AVG_POOL2D_F32, n, args, x, out);
    }
    return out;
  }

  static Tensor adaptiveAvgPool2dBackward(CudaBackend b, Tensor gradOutput, int[] inputShape) {
    Tensor g = b.contiguous(gradOutput, DType.FLOAT32);
    Tensor dx = b.zeros(DType.FLOAT32, inputShape);
    int n = g.numel();
    if (n > 0) {
      KernelArgs args = KernelArgs.start().i32(n).i32(inputShape[2]).i32(inputShape[3]).i32(g.size(2)).i32(g.size(3))
          .ptr(address(b, g)).ptr(b.base(dx));
      b.launch(Kernel.ADAPTIVE_AVG_POOL2D_BACKWARD_F32, n, args, g, dx);
    }
    return dx;
  }

  /** The twelve ints of pool.cuh's PoolGeom: input plane, output plane, kernel, stride, padding, dilation. */
  private static KernelArgs geometry(KernelArgs args, Tensor in, Tensor out, Pool2dParams p) {
    return args.i32(in.size(2)).i32(in.size(3)).i32(out.size(2)).i32(out.size(3)).i32(p.kernelH()).i32(p.kernelW())
        .i32(p.strideH()).i32(p.strideW()).i32(p.padH()).i32(p.padW()).i32(p.dilationH()).i32(p.dilationW());
  }

  private static int[] outShape(Tensor x, int outH, int outW) {
    return new int[] {x.size(0), x.size(1), outH, outW};
  }

  /** Where a contiguous tensor's first element lies (a contiguous view may start past its storage's start). */
  private static long address(CudaBackend b, Tensor t) {
    return b.storageOf(t).address(t.offset());
  }
}
