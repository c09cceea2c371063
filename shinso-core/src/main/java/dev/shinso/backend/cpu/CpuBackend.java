package dev.shinso.backend.cpu;

import static dev.shinso.backend.cpu.CpuTensors.empty;
import static dev.shinso.backend.cpu.CpuTensors.floats;
import static dev.shinso.backend.cpu.CpuTensors.longs;

import dev.shinso.backend.Backend;
import dev.shinso.backend.BinaryOp;
import dev.shinso.backend.Conv2dParams;
import dev.shinso.backend.Pool2dParams;
import dev.shinso.backend.ReduceOp;
import dev.shinso.backend.UnaryOp;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Storage;
import dev.shinso.tensor.Tensor;

/**
 * The CPU backend: heap arrays (uploads are the arrays themselves), Vector API kernels, the shared
 * intra-op pool. FLOAT64 has plain double kernels for the primitives and runs every other op on its
 * composite.
 */
public final class CpuBackend implements Backend {
  public static final CpuBackend INSTANCE = new CpuBackend();
  /** Elementwise work below this many elements per thread is not worth a hand-off. */
  static final int GRAIN = 16_384;

  private CpuBackend() {}

  @Override
  public Device device() {
    return Device.CPU;
  }

  @Override
  public Storage allocate(DType dtype, int numel) {
    return CpuStorage.allocate(dtype, numel);
  }

  @Override
  public Storage upload(float[] data) {
    return CpuStorage.ofFloats(data);
  }

  @Override
  public Storage upload(long[] data) {
    return CpuStorage.ofLongs(data);
  }

  @Override
  public Storage upload(double[] data) {
    return CpuStorage.ofDoubles(data);
  }

  @Override
  public double[] toDoubleArray(Tensor x) {
    Tensor out = empty(DType.FLOAT64, x.shapeArray());
    copyInto(out, x);
    return CpuTensors.doubles(out);
  }

  @Override
  public float[] toFloatArray(Tensor x) {
    Tensor out = empty(DType.FLOAT32, x.shapeArray());
    copyInto(out, x);
    return floats(out);
  }

  @Override
  public long[] toLongArray(Tensor x) {
    Tensor out = empty(DType.INT64, x.shapeArray());
    copyInto(out, x);
    return longs(out);
  }

  @Override
  public void copyInto(Tensor dst, Tensor src) {
    if (dst.dtype() == DType.FLOAT64 || src.dtype() == DType.FLOAT64) {
      if (dst.dtype() == src.dtype() && dst.isContiguous() && src.isContiguous()) {
        System.arraycopy(CpuTensors.doubles(src), src.offset(), CpuTensors.doubles(dst), dst.offset(), dst.numel());
      } else {
        DoubleKernels.copy(dst, src);
      }
      return;
    }
    StridedLoop loop = loop(dst, src);
    int ds = loop.innerStride(0);
    int ss = loop.innerStride(1);
    if (dst.dtype() == DType.FLOAT32 && src.dtype() == DType.FLOAT32) {
      float[] d = floats(dst), s = floats(src);
      loop.forEach(GRAIN, (o, start, end) -> {
        if (ds == 1 && ss == 1) {
          System.arraycopy(s, o[1] + start, d, o[0] + start, end - start);
        } else {
          for (int i = start; i < end; i++) d[o[0] + i * ds] = s[o[1] + i * ss];
        }
      });
    } else if (dst.dtype() == DType.INT64 && src.dtype() == DType.INT64) {
      long[] d = longs(dst), s = longs(src);
      loop.forEach(GRAIN, (o, start, end) -> {
        for (int i = start; i < end; i++) d[o[0] + i * ds] = s[o[1] + i * ss];
      });
    } else if (dst.dtype() == DType.FLOAT32) {
      float[] d = floats(dst);
      long[] s = longs(src);
      loop.forEach(GRAIN, (o, start, end) -> {
        for (int i = start; i < end; i++) d[o[0] + i * ds] = s[o[1] + i * ss];
      });
    } else {
      long[] d = longs(dst);
      float[] s = floats(src);
      loop.forEach(GRAIN, (o, start, end) -> {
        for (int i = start; i < end; i++) d[o[0] + i * ds] = (long) s[o[1] + i * ss]; // truncates, as torch
      });
    }
  }

  @Override
  public void fill(Tensor dst, double value) {
    if (dst.dtype() == DType.FLOAT64) {
      DoubleKernels.fill(dst, value);
      return;
    }
    StridedLoop loop = loop(dst);
    int ds = loop.innerStride(0);
    if (dst.dtype() == DType.FLOAT32) {
      float[] d = floats(dst);
      float v = (float) value;
      loop.forEach(GRAIN, (o, start, end) -> {
        if (ds == 1) {
          java.util.Arrays.fill(d, o[0] + start, o[0] + end, v);
        } else {
          for (int i = start; i < end; i++) d[o[0] + i * ds] = v;
        }
      });
    } else {
      long[] d = longs(dst);
      long v = (long) value;
      loop.forEach(GRAIN, (o, start, end) -> {
        for (int i = start; i < end; i++) d[o[0] + i * ds] = v;
      });
    }
  }

  @Override
  public Tensor unary(UnaryOp op, Tensor x, float p, float q) {
    if (isDouble(x)) return DoubleKernels.unary(op, x, p, q);
    Tensor out = empty(DType.FLOAT32, x.shapeArray());
    StridedLoop loop = loop(out, x);
    int xs = loop.innerStride(1);
    float[] xd = floats(x), yd = floats(out);
    loop.forEach(GRAIN, (o, start, end) ->
        UnaryKernels.run(op, p, q, xd, o[1], xs, yd, o[0], start, end));
    return out;
  }

  @Override
  public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
    DType outType = op.isComparison() ? DType.FLOAT32 : a.dtype();
    Tensor out = empty(outType, a.shapeArray());
    runBinary(op, out, a, b);
    return out;
  }

  @Override
  public void binaryInPlace(BinaryOp op, Tensor dst, Tensor src) {
    runBinary(op, dst, dst, src);
  }

  private void runBinary(BinaryOp op, Tensor out, Tensor a, Tensor b) {
    if (isDouble(a)) {
      DoubleKernels.binary(op, out, a, b);
      return;
    }
    StridedLoop loop = loop(out, a, b);
    int ys = loop.innerStride(0), as = loop.innerStride(1), bs = loop.innerStride(2);
    if (a.dtype() == DType.FLOAT32) {
      float[] ad = floats(a), bd = floats(b), yd = floats(out);
      loop.forEach(GRAIN, (o, start, end) ->
          BinaryKernels.runFloat(op, ad, o[1], as, bd, o[2], bs, yd, o[0], ys, start, end));
    } else if (op.isComparison()) {
      long[] ad = longs(a), bd = longs(b);
      float[] yd = floats(out);
      loop.forEach(GRAIN, (o, start, end) ->
          BinaryKernels.compareLong(op, ad, o[1], as, bd, o[2], bs, yd, o[0], ys, start, end));
    } else {
      long[] ad = longs(a), bd = longs(b), yd = longs(out);
      loop.forEach(GRAIN, (o, start, end) ->
          BinaryKernels.runLong(op, ad, o[1], as, bd, o[2], bs, yd, o[0], ys, start, end));
    }
  }

  @Override
  public Tensor where(Tensor cond, Tensor a, Tensor b) {
    if (isDouble(a)) return DoubleKernels.where(cond, a, b);
    Tensor out = empty(a.dtype(), a.shapeArray());
    StridedLoop loop = loop(out, cond, a, b);
    int cs = loop.innerStride(1), as = loop.innerStride(2), bs = loop.innerStride(3);
    boolean floatCond = cond.dtype() == DType.FLOAT32;
    float[] cf = floatCond ? floats(cond) : null;
    long[] cl = floatCond ? null : longs(cond);
    if (a.dtype() == DType.FLOAT32) {
      float[] ad = floats(a), bd = floats(b), yd = floats(out);
      loop.forEach(GRAIN, (o, start, end) -> {
        for (int i = start; i < end; i++) {
          boolean c = floatCond ? cf[o[1] + i * cs] != 0 : cl[o[1] + i * cs] != 0;
          yd[o[0] + i] = c ? ad[o[2] + i * as] : bd[o[3] + i * bs];
        }
      });
    } else {
      long[] ad = longs(a), bd = longs(b), yd = longs(out);
      loop.forEach(GRAIN, (o, start, end) -> {
        for (int i = start; i < end; i++) {
          boolean c = floatCond ? cf[o[1] + i * cs] != 0 : cl[o[1] + i * cs] != 0;
          yd[o[0] + i] = c ? ad[o[2] + i * as] : bd[o[3] + i * bs];
        }
      });
    }
    return out;
  }

  @Override
  public Tensor reduce(ReduceOp op, Tensor x, int[] dims) {
    return isDouble(x) ? DoubleKernels.reduce(op, x, dims) : Reductions.reduce(op, x, dims);
  }

  @Override
  public Tensor argReduce(boolean max, Tensor x, int dim) {
    return isDouble(x) ? DoubleKernels.argReduce(max, x, dim) : Reductions.argReduce(max, x, dim);
  }

  @Override
  public Tensor matmul(Tensor a, Tensor b) {
    return isDouble(a) ? DoubleKernels.matmul(a, b) : BatchedGemm.matmul(a, b);
  }

  @Override
  public Tensor indexSelect(Tensor x, int dim, Tensor index) {
    return Indexing.indexSelect(x, dim, index);
  }

  @Override
  public Tensor gather(Tensor x, int dim, Tensor index) {
    return Indexing.gather(x, dim, index);
  }

  @Override
  public Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src) {
    return Indexing.scatterAdd(self, dim, index, src);
  }

  @Override
  public void random(RandomKind kind, Tensor dst, double p, double q, Generator g) {
    if (isDouble(dst)) { // the float32 draw widened, so a seed gives the same values in either dtype
      Tensor draw = empty(DType.FLOAT32, dst.shapeArray());
      RandomKernels.random(kind, draw, p, q, g);
      copyInto(dst, draw);
      return;
    }
    RandomKernels.random(kind, dst, p, q, g);
  }

  @Override
  public Tensor bernoulli(Tensor probabilities, Generator g) {
    Tensor draws = RandomKernels.bernoulli(probabilities, g);
    if (!isDouble(probabilities)) return draws;
    Tensor out = empty(DType.FLOAT64, draws.shapeArray());
    copyInto(out, draws);
    return out;
  }

  @Override
  public Tensor conv2d(Tensor x, Tensor weight, Tensor bias, Conv2dParams p) {
    if (isDouble(x)) return Backend.super.conv2d(x, weight, bias, p);
    return Convolution.forward(x, weight, bias, p, false);
  }

  @Override
  public Tensor conv2dRelu(Tensor x, Tensor weight, Tensor bias, Conv2dParams p) {
    if (isDouble(x)) return Backend.super.conv2dRelu(x, weight, bias, p);
    return Convolution.forward(x, weight, bias, p, true);
  }

  @Override
  public Tensor conv2dBackwardInput(Tensor gradOutput, Tensor weight, int[] inputShape, Conv2dParams p) {
    if (isDouble(gradOutput)) return Backend.super.conv2dBackwardInput(gradOutput, weight, inputShape, p);
    return Convolution.backwardInput(gradOutput, weight, inputShape, p);
  }

  @Override
  public Tensor conv2dBackwardWeight(Tensor gradOutput, Tensor x, int[] weightShape, Conv2dParams p) {
    if (isDouble(gradOutput)) return Backend.super.conv2dBackwardWeight(gradOutput, x, weightShape, p);
    return Convolution.backwardWeight(gradOutput, x, weightShape, p);
  }

  @Override
  public MaxPool2dResult maxPool2dWithIndices(Tensor x, Pool2dParams p) {
    if (isDouble(x)) return Backend.super.maxPool2dWithIndices(x, p);
    return Pooling.maxPool2d(x, p);
  }

  @Override
  public BatchNormResult batchNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
    if (isDouble(x)) return Backend.super.batchNorm(x, weight, bias, eps);
    return BatchNormKernels.forward(x, weight, bias, eps);
  }

  @Override
  public Tensor[] batchNormBackward(Tensor gradOutput, Tensor x, Tensor weight, Tensor mean, Tensor var, double eps) {
    if (isDouble(x)) return Backend.super.batchNormBackward(gradOutput, x, weight, mean, var, eps);
    return BatchNormKernels.backward(gradOutput, x, weight, mean, var, eps);
  }

  @Override
  public Tensor maxPool2d(Tensor x, Pool2dParams p) {
    if (isDouble(x)) return Backend.super.maxPool2d(x, p);
    return Pooling.maxPool2d(x, p, Simd.ENABLED, false).output();
  }

  @Override
  public void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq,
      dev.shinso.backend.OptimizerStep.Adam s) {
    if (isDouble(param)) {
      Backend.super.adamStep(param, grad, expAvg, expAvgSq, maxExpAvgSq, s);
      return;
    }
    OptimizerKernels.adam(param, grad, expAvg, expAvgSq, maxExpAvgSq, s, Simd.ENABLED);
  }

  @Override
  public void sgdStep(Tensor param, Tensor grad, Tensor momentumBuffer, dev.shinso.backend.OptimizerStep.Sgd s) {
    if (isDouble(param)) {
      Backend.super.sgdStep(param, grad, momentumBuffer, s);
      return;
    }
    OptimizerKernels.sgd(param, grad, momentumBuffer, s, Simd.ENABLED);
  }

  @Override
  public AttentionResult attention(Tensor q, Tensor k, Tensor v, boolean causal) {
    if (isDouble(q)) return Backend.super.attention(q, k, v, causal);
    return AttentionKernels.forward(q, k, v, causal);
  }

  @Override
  public Tensor[] attentionBackward(Tensor gradOutput, Tensor q, Tensor k, Tensor v, Tensor output, Tensor probs) {
    if (isDouble(q)) return Backend.super.attentionBackward(gradOutput, q, k, v, output, probs);
    return AttentionKernels.backward(gradOutput, q, k, v, output, probs);
  }

  @Override
  public Tensor maxPool2dBackward(Tensor gradOutput, Tensor indices, int[] inputShape) {
    if (isDouble(gradOutput)) return Backend.super.maxPool2dBackward(gradOutput, indices, inputShape);
    return Pooling.maxPool2dBackward(gradOutput, indices, inputShape);
  }

  @Override
  public Tensor avgPool2d(Tensor x, Pool2dParams p, boolean countIncludePad) {
    if (isDouble(x)) return Backend.super.avgPool2d(x, p, countIncludePad);
    return Pooling.avgPool2d(x, p, countIncludePad);
  }

  @Override
  public Tensor avgPool2dBackward(Tensor gradOutput, int[] inputShape, Pool2dParams p, boolean countIncludePad) {
    if (isDouble(gradOutput)) return Backend.super.avgPool2dBackward(gradOutput, inputShape, p, countIncludePad);
    return Pooling.avgPool2dBackward(gradOutput, inputShape, p, countIncludePad);
  }

  @Override
  public Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
    if (isDouble(x)) return Backend.super.adaptiveAvgPool2d(x, outH, outW);
    return Pooling.adaptiveAvgPool2d(x, outH, outW);
  }

  @Override
  public Tensor adaptiveAvgPool2dBackward(Tensor gradOutput, int[] inputShape) {
    if (isDouble(gradOutput)) return Backend.super.adaptiveAvgPool2dBackward(gradOutput, inputShape);
    return Pooling.adaptiveAvgPool2dBackward(gradOutput, inputShape);
  }

  /** FLOAT64 runs on {@link DoubleKernels}, and the ops above them on their composites. */
  private static boolean isDouble(Tensor t) {
    return t.dtype() == DType.FLOAT64;
  }

  /** A loop over equally shaped operands (inputs already expanded to the first one's shape). */
  static StridedLoop loop(Tensor... operands) {
    int[][] strides = new int[operands.length][];
    int[] offsets = new int[operands.length];
    int[] shape = operands[0].shapeArray();
    for (int i = 0; i < operands.length; i++) {
      strides[i] = operands[i].stridesArray();
      offsets[i] = operands[i].offset();
    }
    return new StridedLoop(shape, strides, offsets);
  }
}
