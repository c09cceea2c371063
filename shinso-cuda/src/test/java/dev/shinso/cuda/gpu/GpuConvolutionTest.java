package dev.shinso.cuda.gpu;

import static dev.shinso.cuda.GpuAvailable.assumeGpu;
import static dev.shinso.cuda.gpu.Close.assertClose;

import dev.shinso.Shinso;
import dev.shinso.cuda.Cuda;
import dev.shinso.nn.Functional;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolutions on the GPU both ways, cuDNN (where the machine has it) and shinso's own path
 * (cuDNN switched off), each against the CPU, forward and both gradients; and with TF32 allowed,
 * to TF32's precision. Skipped without a GPU.
 */
class GpuConvolutionTest {
  static final Device CUDA = GpuPrimitivesTest.CUDA;

  record Case(String name, Function<List<Tensor>, Tensor> f, int[]... shapes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("cnn layer batch 64", in -> Functional.conv2d(in.get(0), in.get(1), in.get(2), 1, 1),
            new int[] {64, 32, 14, 14}, new int[] {64, 32, 3, 3}, new int[] {64}),
        new Case("fused conv relu", in -> dev.shinso.ops.Convolution.conv2dRelu(in.get(0), in.get(1), in.get(2),
            new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1), new int[] {16, 8, 12, 12}, new int[] {16, 8, 3, 3},
            new int[] {16}),
        new Case("stride 2 no bias", in -> Functional.conv2d(in.get(0), in.get(1), null, 2, 1),
            new int[] {8, 16, 28, 28}, new int[] {32, 16, 3, 3}),
        new Case("1x1 projection", in -> Functional.conv2d(in.get(0), in.get(1), null, 2, 0),
            new int[] {8, 16, 14, 14}, new int[] {32, 16, 1, 1}),
        new Case("groups and dilation", in -> Functional.conv2d(in.get(0), in.get(1), in.get(2), new int[] {1, 1},
            new int[] {2, 2}, new int[] {2, 2}, 4), new int[] {4, 8, 12, 12}, new int[] {8, 2, 3, 3}, new int[] {8}),
        new Case("conv1d", in -> Functional.conv1d(in.get(0), in.get(1), in.get(2), 1, 1), new int[] {4, 6, 30},
            new int[] {10, 6, 3}, new int[] {10}),
        new Case("transposed stride 2", in -> Functional.convTranspose2d(in.get(0), in.get(1), in.get(2),
            new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1), new int[] {4, 16, 7, 7},
            new int[] {16, 8, 4, 4}, new int[] {8}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void withAndWithoutCudnnAsOnTheCpu(Case c) {
    assumeGpu();
    for (boolean cudnn : new boolean[] {true, false}) {
      Cuda.setCudnnEnabled(cudnn);
      try {
        compare(c, (cudnn ? "cuDNN " : "own ") + c.name(), Close.RTOL * 10);
      } finally {
        Cuda.setCudnnEnabled(true);
      }
    }
    Shinso.allowTf32(true);
    try {
      compare(c, "TF32 " + c.name(), 5e-3);
    } finally {
      Shinso.allowTf32(false);
    }
  }

  private static void compare(Case c, String what, double rtol) {
    Generator g = new Generator(c.name().hashCode());
    Tensor[] cpu = new Tensor[c.shapes().length], gpu = new Tensor[cpu.length];
    for (int i = 0; i < cpu.length; i++) {
      Tensor t = Tensor.randn(Device.CPU, g, c.shapes()[i]);
      cpu[i] = t.requiresGrad(true);
      gpu[i] = t.detach().to(CUDA).requiresGrad(true);
    }
    Tensor yc = c.f().apply(List.of(cpu)), yg = c.f().apply(List.of(gpu));
    assertClose(what, yg, yc, rtol);
    Tensor w = Tensor.randn(Device.CPU, g, yc.shapeArray());
    yc.mul(w).sum().backward();
    yg.mul(w.to(CUDA)).sum().backward();
    for (int i = 0; i < cpu.length; i++) assertClose(what + ": gradient of input " + i, gpu[i].grad(), cpu[i].grad(), rtol);
  }
}
