package dev.shinso.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.Shinso;
import dev.shinso.backend.Conv2dParams;
import dev.shinso.cuda.driver.Convolutions;
import dev.shinso.cuda.driver.Kernel;
import dev.shinso.internal.Tensors;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Shape;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backend's side of library convolutions, over a GPU that records (RecordingGpu) and a fake
 * cuDNN: the shapes and settings it is given, TF32 from Shinso's switch, the workspace, the bias as
 * one kernel after; and the composite where there is no cuDNN or it has no algorithm.
 */
class ConvolutionLaunchTest {
  private RecordingGpu gpu;
  private CudaBackend b;
  private final List<String> calls = new ArrayList<>();
  private boolean supported = true;

  /** Records each call as "kind Shape tf32" and asks for a workspace of 1000 bytes. */
  private final Convolutions fake = new Convolutions() {
    @Override
    public boolean forward(Shape s, long x, long w, long y, boolean tf32, Workspace ws) {
      return record("forward", s, tf32, ws, x, w, y);
    }

    @Override
    public boolean backwardData(Shape s, long dy, long w, long dx, boolean tf32, Workspace ws) {
      return record("backwardData", s, tf32, ws, dy, w, dx);
    }

    @Override
    public boolean backwardFilter(Shape s, long x, long dy, long dw, boolean tf32, Workspace ws) {
      return record("backwardFilter", s, tf32, ws, x, dy, dw);
    }

    private boolean record(String kind, Shape s, boolean tf32, Workspace ws, long... pointers) {
      for (long p : pointers) assertThat(p).as(kind + " pointer").isNotZero();
      assertThat(ws.allocate(1000)).isNotZero();
      calls.add(kind + " " + s + " tf32=" + tf32);
      return supported;
    }
  };

  @BeforeEach
  void open() {
    gpu = new RecordingGpu();
    b = new CudaBackend(0, gpu, false);
    gpu.convolutions = fake;
    gpu.reset();
  }

  private Tensor f(int... shape) {
    return Tensors.ofStorage(b.allocate(DType.FLOAT32, Shape.numel(shape)), shape, Shape.contiguousStrides(shape), 0);
  }

  @Test
  void eachPassIsOneLibraryCallWithTheConvolutionsSettings() {
    Tensor x = f(2, 4, 9, 8), w = f(6, 2, 3, 3), bias = f(6);
    Conv2dParams p = new Conv2dParams(1, 2, 2, 1, 2, 1, 2);
    gpu.reset();
    Tensor y = b.conv2d(x, w, bias, p);
    int oh = p.outH(9, 3), ow = p.outW(8, 3);
    assertThat(y.shapeArray()).containsExactly(2, 6, oh, ow);
    assertThat(gpu.kernels()).containsExactly(Kernel.BIAS_RELU_F32);  // the bias, in one pass over the output
    gpu.reset();
    b.conv2dRelu(x, w, null, p);
    assertThat(gpu.kernels()).containsExactly(Kernel.BIAS_RELU_F32);  // the fused ReLU, without a bias
    String shape = new Convolutions.Shape(2, 4, 9, 8, 6, 3, 3, oh, ow, 2, 1, 1, 2, 2, 1, 2).toString();
    Shinso.allowTf32(true);
    try {
      assertThat(b.conv2dBackwardInput(y, w, new int[] {2, 4, 9, 8}, p).shapeArray()).containsExactly(2, 4, 9, 8);
    } finally {
      Shinso.allowTf32(false);
    }
    assertThat(b.conv2dBackwardWeight(y, x, new int[] {6, 2, 3, 3}, p).shapeArray()).containsExactly(6, 2, 3, 3);
    assertThat(calls).containsExactly("forward " + shape + " tf32=false", "forward " + shape + " tf32=false",
        "backwardData " + shape + " tf32=true",
        "backwardFilter " + shape + " tf32=false");
  }

  @Test
  void withoutAnAlgorithmOrWithoutCudnnTheCompositeRuns() {
    Tensor x = f(1, 2, 5, 5), w = f(3, 2, 3, 3);
    Conv2dParams p = new Conv2dParams(1, 1, 1, 1, 1, 1, 1);
    supported = false;
    gpu.reset();
    assertThat(b.conv2d(x, w, null, p).shapeArray()).containsExactly(1, 3, 5, 5);
    assertThat(calls).hasSize(1);
    assertThat(gpu.kernels()).isNotEmpty();  // the composite's kernels
    assertThat(gpu.gemms).isNotEmpty();      // and its cuBLAS product
    gpu.convolutions = null;
    gpu.reset();
    assertThat(b.conv2dBackwardInput(f(1, 3, 5, 5), w, new int[] {1, 2, 5, 5}, p).shapeArray())
        .containsExactly(1, 2, 5, 5);
    assertThat(calls).hasSize(1);
  }
}
