package dev.shinso.cuda;

import dev.shinso.Shinso;
import dev.shinso.backend.Conv2dParams;
import dev.shinso.cuda.driver.Convolutions;
import dev.shinso.cuda.driver.Kernel;
import dev.shinso.cuda.driver.KernelArgs;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import java.lang.ref.Reference;

/**
 * conv2d and its two gradients through the GPU's library convolutions (cuDNN), on contiguous copies
 * of the operands; TF32 as {@link Shinso#allowTf32()} says. Each answers null where there is no
 * library or it has no algorithm for the case, and CudaBackend then runs the composite (im2col and
 * cuBLAS), which covers every case the CPU does.
 */
final class Convolution {
  private Convolution() {}

  /** conv2d, plus the bias and, when relu, the ReLU in one kernel after the library's convolution. */
  static Tensor forward(CudaBackend b, Tensor input, Tensor weight, Tensor bias, Conv2dParams p, boolean relu) {
    Convolutions lib = b.gpu().convolutions();
    if (lib == null || !Cuda.cudnnEnabled()) return null;
    Tensor x = b.contiguous(input, DType.FLOAT32), w = b.contiguous(weight, DType.FLOAT32);
    Convolutions.Shape s = shape(x.shapeArray(), w.shapeArray(), p);
    if (s == null) return null;
    Tensor y = b.output(DType.FLOAT32, new int[] {s.n(), s.k(), s.oh(), s.ow()});
    Scratch ws = new Scratch(b);
    if (!lib.forward(s, at(b, x), at(b, w), b.base(y), Shinso.allowTf32(), ws)) return null;
    Reference.reachabilityFence(x);
    Reference.reachabilityFence(w);
    Reference.reachabilityFence(ws.tensor);
    b.afterLibraryCall("cudnnConvolutionForward");
    if (bias != null || relu) {
      Tensor bc = bias == null ? null : b.contiguous(bias, DType.FLOAT32);
      int plane = s.oh() * s.ow();
      KernelArgs args = KernelArgs.start().i32(y.numel()).i32(s.k()).i32(plane).ptr(bc == null ? 0 : at(b, bc))
          .i32(relu ? 1 : 0).ptr(b.base(y));
      b.launch(Kernel.BIAS_RELU_F32, y.numel(), args, bc, y);
    }
    return y;
  }

  static Tensor backwardInput(CudaBackend b, Tensor gradOutput, Tensor weight, int[] inputShape, Conv2dParams p) {
    Convolutions lib = b.gpu().convolutions();
    if (lib == null || !Cuda.cudnnEnabled()) return null;
    Tensor dy = b.contiguous(gradOutput, DType.FLOAT32), w = b.contiguous(weight, DType.FLOAT32);
    Convolutions.Shape s = shape(inputShape, w.shapeArray(), p);
    if (s == null) return null;
    Tensor dx = b.output(DType.FLOAT32, inputShape);
    Scratch ws = new Scratch(b);
    if (!lib.backwardData(s, at(b, dy), at(b, w), b.base(dx), Shinso.allowTf32(), ws)) return null;
    Reference.reachabilityFence(dy);
    Reference.reachabilityFence(w);
    Reference.reachabilityFence(ws.tensor);
    b.afterLibraryCall("cudnnConvolutionBackwardData");
    return dx;
  }

  static Tensor backwardWeight(CudaBackend b, Tensor gradOutput, Tensor input, int[] weightShape, Conv2dParams p) {
    Convolutions lib = b.gpu().convolutions();
    if (lib == null || !Cuda.cudnnEnabled()) return null;
    Tensor dy = b.contiguous(gradOutput, DType.FLOAT32), x = b.contiguous(input, DType.FLOAT32);
    Convolutions.Shape s = shape(x.shapeArray(), weightShape, p);
    if (s == null) return null;
    Tensor dw = b.output(DType.FLOAT32, weightShape);
    Scratch ws = new Scratch(b);
    if (!lib.backwardFilter(s, at(b, x), at(b, dy), b.base(dw), Shinso.allowTf32(), ws)) return null;
    Reference.reachabilityFence(dy);
    Reference.reachabilityFence(x);
    Reference.reachabilityFence(ws.tensor);
    b.afterLibraryCall("cudnnConvolutionBackwardFilter");
    return dw;
  }

  /** The library's description of x [n, c, h, w] convolved with weight [k, c/groups, kh, kw]; null when empty. */
  static Convolutions.Shape shape(int[] x, int[] weight, Conv2dParams p) {
    int oh = p.outH(x[2], weight[2]), ow = p.outW(x[3], weight[3]);
    if (oh <= 0 || ow <= 0 || x[0] == 0 || x[1] == 0 || weight[0] == 0) return null;  // the composite says what is wrong
    return new Convolutions.Shape(x[0], x[1], x[2], x[3], weight[0], weight[2], weight[3], oh, ow, p.padH(), p.padW(),
        p.strideH(), p.strideW(), p.dilationH(), p.dilationW(), p.groups());
  }

  private static long at(CudaBackend b, Tensor t) {
    return b.storageOf(t).address(t.offset());
  }

  /** The workspace an algorithm asks for, held here until the call that uses it has been queued. */
  private static final class Scratch implements Convolutions.Workspace {
    private final CudaBackend b;
    Tensor tensor;

    Scratch(CudaBackend b) {
      this.b = b;
    }

    @Override
    public long allocate(long bytes) {
      if (bytes > Integer.MAX_VALUE * 4L) throw new IllegalStateException("cuDNN workspace of " + bytes + " bytes");
      tensor = b.output(DType.FLOAT32, new int[] {(int) ((bytes + 3) / 4)});
      return b.base(tensor);
    }
  }
}
