package dev.shinso.cuda.gpu;

import static dev.shinso.cuda.GpuAvailable.assumeGpu;
import static dev.shinso.cuda.gpu.Close.assertClose;

import dev.shinso.nn.Functional;
import dev.shinso.ops.Attention;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ops on cuda against the same ops on the CPU, forward and gradient: the primitives and the
 * composites built on them (softmax, norms, convolution, pooling, attention, losses). The op suite
 * of shinso-core also runs on cuda (gpu-check.sh), against its own expected values.
 */
class GpuOpsTest {
  static final Device CUDA = GpuPrimitivesTest.CUDA;

  /** An op and its inputs' shapes; INT64 inputs come from {@code longs}, in [0, bound). */
  record Case(String name, Function<List<Tensor>, Tensor> f, int[][] shapes, long[][] longs) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case c(String name, Function<List<Tensor>, Tensor> f, int[]... shapes) {
    return new Case(name, f, shapes, new long[0][]);
  }

  private static Case withIndex(String name, Function<List<Tensor>, Tensor> f, long[] index, int[]... shapes) {
    return new Case(name, f, shapes, new long[][] {index});
  }

  static Stream<Case> cases() {
    return Stream.of(
        c("add broadcast", in -> in.get(0).add(in.get(1)), new int[] {4, 5}, new int[] {5}),
        c("sub of a transpose", in -> in.get(0).t().sub(in.get(1)), new int[] {5, 4}, new int[] {4, 5}),
        c("mul broadcast both", in -> in.get(0).mul(in.get(1)), new int[] {4, 1}, new int[] {1, 5}),
        c("div", in -> in.get(0).div(in.get(1).abs().add(0.5f)), new int[] {3, 4}, new int[] {3, 4}),
        c("pow tensor", in -> in.get(0).abs().add(0.1f).pow(in.get(1)), new int[] {6}, new int[] {6}),
        c("maximum minimum", in -> in.get(0).maximum(in.get(1)).sub(in.get(0).minimum(in.get(1))),
            new int[] {7}, new int[] {7}),
        c("exp log sqrt", in -> in.get(0).exp().add(1).log().sqrt(), new int[] {3, 5}),
        c("rsqrt", in -> in.get(0).abs().add(0.2f).rsqrt(), new int[] {9}),
        c("sigmoid tanh", in -> in.get(0).sigmoid().mul(in.get(0).tanh()), new int[] {2, 8}),
        c("relu", in -> in.get(0).relu(), new int[] {4, 4}),
        c("gelu", in -> in.get(0).mul(2).gelu(), new int[] {4, 16}),
        c("leakyRelu", in -> Functional.leakyRelu(in.get(0), 0.1), new int[] {12}),
        c("silu", in -> Functional.silu(in.get(0)), new int[] {12}),
        c("clamp", in -> in.get(0).clamp(-0.5f, 0.5f), new int[] {12}),
        c("sum dims", in -> in.get(0).sum(new int[] {0, 2}, true), new int[] {3, 4, 5}),
        c("mean", in -> in.get(0).mean(1), new int[] {6, 7}),
        c("var std", in -> in.get(0).var(new int[] {1}, 1, false).add(in.get(0).std()), new int[] {4, 9}),
        c("amax amin", in -> in.get(0).amax(new int[] {1}, false).add(in.get(0).amin(new int[] {0, 1}, false)),
            new int[] {5, 6}),
        c("max with indices", in -> in.get(0).max(1, true), new int[] {5, 6}),
        c("logsumexp", in -> in.get(0).logsumexp(new int[] {1}, false), new int[] {4, 10}),
        c("softmax", in -> in.get(0).softmax(-1), new int[] {3, 4, 10}),
        c("logSoftmax dim 0", in -> in.get(0).logSoftmax(0), new int[] {6, 5}),
        c("matmul", in -> in.get(0).matmul(in.get(1)), new int[] {7, 9}, new int[] {9, 5}),
        c("batched matmul broadcast", in -> in.get(0).matmul(in.get(1)), new int[] {3, 4, 6}, new int[] {6, 2}),
        c("matmul of transposes", in -> in.get(0).t().matmul(in.get(1).t()), new int[] {6, 4}, new int[] {5, 6}),
        c("linear", in -> Functional.linear(in.get(0), in.get(1), in.get(2)), new int[] {8, 6}, new int[] {4, 6},
            new int[] {4}),
        c("cat stack", in -> Tensor.cat(List.of(in.get(0), in.get(1).t()), 0).add(Tensor.stack(List.of(in.get(0),
            in.get(0)), 0).reshape(6, 4)), new int[] {3, 4}, new int[] {4, 3}),
        c("narrow slice select", in -> in.get(0).narrow(1, 1, 3).slice(0, 0, 4, 2).add(in.get(0).select(0, 1)
            .narrow(0, 0, 3)), new int[] {5, 6}),
        c("where maskedFill", in -> Tensor.where(in.get(0).gt(0), in.get(0), in.get(1)).maskedFill(in.get(1).lt(-1),
            0f), new int[] {20}, new int[] {20}),
        withIndex("indexSelect", in -> in.get(0).indexSelect(0, in.get(1)), new long[] {3, 0, 3, 1},
            new int[] {4, 5}),
        withIndex("gather", in -> in.get(0).gather(1, in.get(1).view(2, 2)), new long[] {2, 0, 1, 1},
            new int[] {2, 3}),
        withIndex("scatterAdd", in -> in.get(0).scatterAdd(0, in.get(2).view(2, 2), in.get(1)),  // index after floats
            new long[] {1, 0, 1, 1}, new int[] {3, 2}, new int[] {2, 2}),
        withIndex("embedding", in -> Functional.embedding(in.get(1).view(2, 2), in.get(0)), new long[] {4, 1, 1, 0},
            new int[] {5, 3}),
        withIndex("crossEntropy", in -> Functional.crossEntropy(in.get(0), in.get(1)), new long[] {2, 0, 1, 2},
            new int[] {4, 3}),
        c("mseLoss", in -> Functional.mseLoss(in.get(0), in.get(1)), new int[] {4, 3}, new int[] {4, 3}),
        c("layerNorm", in -> Functional.layerNorm(in.get(0), new int[] {6}, in.get(1), in.get(2), 1e-5),
            new int[] {3, 4, 6}, new int[] {6}, new int[] {6}),
        c("batchNorm training", in -> Functional.batchNorm(in.get(0), null, null, in.get(1), in.get(2), true, 0.1,
            1e-5), new int[] {4, 3, 5, 5}, new int[] {3}, new int[] {3}),
        c("groupNorm", in -> Functional.groupNorm(in.get(0), 2, in.get(1), in.get(2), 1e-5), new int[] {2, 4, 3, 3},
            new int[] {4}, new int[] {4}),
        c("conv2d", in -> Functional.conv2d(in.get(0), in.get(1), in.get(2), 1, 1), new int[] {2, 3, 8, 8},
            new int[] {4, 3, 3, 3}, new int[] {4}),
        c("conv2d stride 2", in -> Functional.conv2d(in.get(0), in.get(1), null, 2, 0), new int[] {2, 2, 9, 9},
            new int[] {3, 2, 3, 3}),
        c("maxPool2d", in -> Functional.maxPool2d(in.get(0), 2), new int[] {2, 3, 8, 8}),
        c("avgPool2d", in -> Functional.avgPool2d(in.get(0), 3, 2, 1), new int[] {2, 3, 9, 9}),
        c("adaptiveAvgPool2d", in -> Functional.adaptiveAvgPool2d(in.get(0), 1), new int[] {2, 3, 5, 5}),
        c("batchNorm training large", in -> Functional.batchNorm(in.get(0), null, null, in.get(1), in.get(2), true,
            0.1, 1e-5), new int[] {64, 16, 14, 14}, new int[] {16}, new int[] {16}),
        c("batchNorm training 2-d no affine", in -> Functional.batchNorm(in.get(0), null, null, null, null, true, 0.1,
            1e-5), new int[] {33, 5}),
        c("batchNorm eval", in -> Functional.batchNorm(in.get(0), in.get(1), in.get(2).abs().add(0.5f), in.get(3),
            in.get(4), 1e-5), new int[] {3, 4, 5, 5}, new int[] {4}, new int[] {4}, new int[] {4}, new int[] {4}),
        c("conv2d dilation groups", in -> Functional.conv2d(in.get(0), in.get(1), in.get(2), new int[] {1, 2},
            new int[] {2, 1}, new int[] {2, 1}, 2), new int[] {2, 4, 9, 8}, new int[] {6, 2, 3, 3}, new int[] {6}),
        c("conv2d depthwise", in -> Functional.conv2d(in.get(0), in.get(1), null, 1, 1, 1, 4), new int[] {2, 4, 7, 7},
            new int[] {4, 1, 3, 3}),
        c("conv2d 1x1 batch 16", in -> Functional.conv2d(in.get(0), in.get(1), in.get(2)), new int[] {16, 8, 6, 6},
            new int[] {5, 8, 1, 1}, new int[] {5}),
        c("conv2dRelu fused", in -> dev.shinso.ops.Convolution.conv2dRelu(in.get(0), in.get(1), in.get(2),
            new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1), new int[] {2, 3, 8, 8}, new int[] {4, 3, 3, 3},
            new int[] {4}),
        c("conv1d", in -> Functional.conv1d(in.get(0), in.get(1), in.get(2), 2, 1, 2, 1), new int[] {3, 4, 17},
            new int[] {5, 4, 3}, new int[] {5}),
        c("convTranspose2d", in -> Functional.convTranspose2d(in.get(0), in.get(1), in.get(2), new int[] {2, 2},
            new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1), new int[] {2, 4, 5, 5}, new int[] {4, 3, 3, 3},
            new int[] {3}),
        c("maxPool2d stride padding", in -> Functional.maxPool2d(in.get(0), 3, 2, 1), new int[] {2, 3, 9, 9}),
        c("maxPool2d ceil dilation", in -> Functional.maxPool2d(in.get(0), new int[] {2, 2}, new int[] {2, 2},
            new int[] {0, 0}, new int[] {2, 1}, true), new int[] {2, 2, 9, 7}),
        c("avgPool2d ceil no pad count", in -> Functional.avgPool2d(in.get(0), new int[] {3, 3}, new int[] {2, 2},
            new int[] {1, 1}, true, false), new int[] {2, 3, 8, 8}),
        c("adaptiveAvgPool2d 3x2", in -> Functional.adaptiveAvgPool2d(in.get(0), new int[] {3, 2}), new int[] {2, 3, 7,
            5}),
        c("upsampleNearest2d", in -> Functional.upsampleNearest2d(in.get(0), 2), new int[] {2, 3, 4, 5}),
        c("layerNorm no affine", in -> Functional.layerNorm(in.get(0), new int[] {4, 6}, null, null, 1e-5),
            new int[] {3, 4, 6}),
        c("groupNorm one group", in -> Functional.groupNorm(in.get(0), 1, in.get(1), in.get(2), 1e-5),
            new int[] {2, 6, 4, 4}, new int[] {6}, new int[] {6}),
        c("causal attention", in -> Attention.scaledDotProductAttention(in.get(0), in.get(1), in.get(2), true),
            new int[] {2, 5, 4}, new int[] {2, 5, 4}, new int[] {2, 5, 4}));
  }

  /** Each case is a valid op with a gradient on the CPU: checked here, so that a typo waits for no GPU. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyCaseRunsOnTheCpu(Case c) {
    Generator g = new Generator(c.name().hashCode());
    List<Tensor> cpu = new ArrayList<>();
    for (int[] shape : c.shapes()) cpu.add(Tensor.randn(Device.CPU, g, shape).requiresGrad(true));
    for (long[] index : c.longs()) cpu.add(Tensor.ofLongs(Device.CPU, index));
    Tensor y = c.f().apply(cpu);
    org.assertj.core.api.Assertions.assertThat(y.numel()).as(c.name()).isPositive();
    if (y.dtype() == DType.FLOAT32) y.sum().backward();
  }

  /** Training moves the running statistics in place, as on the CPU (unbiased variance, momentum 0.1). */
  @org.junit.jupiter.api.Test
  void batchNormRunningStatisticsMoveAsOnTheCpu() {
    assumeGpu();
    Generator g = new Generator(31);
    Tensor x = Tensor.randn(Device.CPU, g, 8, 3, 4, 4).mul(2).add(1);
    Tensor meanC = Tensor.zeros(Device.CPU, 3), varC = Tensor.ones(Device.CPU, 3);
    Tensor meanG = meanC.to(CUDA), varG = varC.to(CUDA);
    for (int step = 0; step < 3; step++) {
      Functional.batchNorm(x, meanC, varC, null, null, true, 0.1, 1e-5);
      Functional.batchNorm(x.to(CUDA), meanG, varG, null, null, true, 0.1, 1e-5);
    }
    assertClose("running mean", meanG, meanC);
    assertClose("running var", varG, varC);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void forwardAndGradientMatchTheCpu(Case c) {
    assumeGpu();
    Generator g = new Generator(c.name().hashCode());
    List<Tensor> cpu = new ArrayList<>(), gpu = new ArrayList<>();
    for (int[] shape : c.shapes()) {
      Tensor t = Tensor.randn(Device.CPU, g, shape);
      cpu.add(t.requiresGrad(true));
      gpu.add(t.detach().to(CUDA).requiresGrad(true));
    }
    for (long[] index : c.longs()) {
      Tensor t = Tensor.ofLongs(Device.CPU, index);
      cpu.add(t);
      gpu.add(t.to(CUDA));
    }
    Tensor yc = c.f().apply(cpu), yg = c.f().apply(gpu);
    assertClose(c.name(), yg, yc);
    if (yc.dtype() != DType.FLOAT32) return;
    Tensor w = Tensor.randn(Device.CPU, g, yc.shapeArray());
    yc.mul(w).sum().backward();
    yg.mul(w.to(CUDA)).sum().backward();
    for (int i = 0; i < c.shapes().length; i++) {
      if (cpu.get(i).grad() == null) continue;
      assertClose(c.name() + ": gradient of input " + i, gpu.get(i).grad(), cpu.get(i).grad());
    }
  }
}
