package dev.shinso.ops;

import static dev.shinso.testing.OpAssertions.assertGradCheck;
import static dev.shinso.testing.ReferenceCase.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import dev.shinso.testing.ReferenceCase;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ConvolutionTest {
  /** |shinso − torch| ≤ RTOL·|torch| + ATOL for every value and gradient. */
  static final double RTOL = 1e-5, ATOL = 1e-6;

  @TestFactory
  Stream<DynamicTest> conv2dMatchesPyTorch() {
    return ReferenceCase.load("conv_conv2d").stream().map(c -> DynamicTest.dynamicTest(c.name(), () ->
        checkAgainstTorch(c, (x, w, b) -> Convolution.conv2d(x, w, b, c.intParams("stride"), c.intParams("padding"),
            c.intParams("dilation"), c.params().get("groups").asInt()))));
  }

  @TestFactory
  Stream<DynamicTest> conv1dMatchesPyTorch() {
    return ReferenceCase.load("conv_conv1d").stream().map(c -> DynamicTest.dynamicTest(c.name(), () ->
        checkAgainstTorch(c, (x, w, b) -> Convolution.conv1d(x, w, b, c.params().get("stride").asInt(),
            c.params().get("padding").asInt(), c.params().get("dilation").asInt(), c.params().get("groups").asInt()))));
  }

  interface Conv {
    Tensor apply(Tensor x, Tensor w, Tensor b);
  }

  private static void checkAgainstTorch(ReferenceCase c, Conv conv) {
    Tensor x = c.leaf("input"), w = c.leaf("weight"), b = c.leaf("bias");
    Tensor out = conv.apply(x, w, b);
    assertClose(c.name() + " output", out, c.output(), RTOL, ATOL);
    out.mul(c.lossWeight()).sum().backward();
    assertClose(c.name() + " input grad", x.grad(), c.grads().get("input"), RTOL, ATOL);
    assertClose(c.name() + " weight grad", w.grad(), c.grads().get("weight"), RTOL, ATOL);
    if (b != null) assertClose(c.name() + " bias grad", b.grad(), c.grads().get("bias"), RTOL, ATOL);
  }

  // ---- finite differences ----

  /** Input stored channels-last and viewed as [N, C, H, W]: a non-contiguous leaf. */
  static Tensor channelsLastLeaf(Generator g, int n, int c, int h, int w) {
    Tensor x = Tensor.randn(g, n, h, w, c).permute(0, 3, 1, 2);
    assertThat(x.isContiguous()).isFalse();
    return x.requiresGrad(true);
  }


  @Test
  void conv2dGradCheckStridePaddingDilationGroupsOnAChannelsLastInput() {
    Generator g = new Generator(1);
    Tensor x = channelsLastLeaf(g, 2, 4, 6, 5);
    Tensor w = Tensor.randn(g, 6, 2, 3, 2).requiresGrad(true);
    Tensor b = Tensor.randn(g, 6).requiresGrad(true);
    assertGradCheck("conv2d", in -> Convolution.conv2d(in.get(0), in.get(1), in.get(2), new int[] {2, 1}, new int[] {1, 2},
        new int[] {1, 2}, 2), x, w, b);
  }

  @Test
  void conv2dGradCheckPointwiseWithATransposedWeight() {
    Generator g = new Generator(2);
    Tensor x = Tensor.randn(g, 2, 3, 3, 4).requiresGrad(true);
    Tensor w = Tensor.randn(g, 3, 5, 1, 1).transpose(0, 1).requiresGrad(true); // [5, 3, 1, 1], not contiguous
    assertGradCheck("conv2d", in -> Convolution.conv2d(in.get(0), in.get(1), null, new int[] {1, 1}, new int[] {0, 0},
        new int[] {1, 1}, 1), x, w);
  }

  @Test
  void conv2dGradCheckDepthwiseUnbatched() {
    Generator g = new Generator(3);
    Tensor x = Tensor.randn(g, 3, 5, 5).requiresGrad(true);
    Tensor w = Tensor.randn(g, 3, 1, 3, 3).requiresGrad(true);
    Tensor b = Tensor.randn(g, 3).requiresGrad(true);
    assertGradCheck("conv2d", in -> Convolution.conv2d(in.get(0), in.get(1), in.get(2), new int[] {1, 1}, new int[] {1, 1},
        new int[] {1, 1}, 3), x, w, b);
  }

  @Test
  void conv1dGradCheck() {
    Generator g = new Generator(4);
    Tensor x = Tensor.randn(g, 2, 7, 4).transpose(1, 2).requiresGrad(true); // [2, 4, 7], not contiguous
    Tensor w = Tensor.randn(g, 2, 2, 3).requiresGrad(true);
    Tensor b = Tensor.randn(g, 2).requiresGrad(true);
    assertGradCheck("conv1d", in -> Convolution.conv1d(in.get(0), in.get(1), in.get(2), 2, 1, 2, 2), x, w, b);
  }

  @Test
  void conv2dReluIsReluOfConv2dExactlyOnEveryPath() {
    Generator g = new Generator(6);
    // stride 1 pad 1: the direct path (ReLU in its copy-out); 14×14 stride 2: im2col, images batched;
    // 30×30 stride 2: im2col, one image at a time; unbatched [C, H, W].
    int[][] cases = {{3, 4, 14, 14, 1, 1}, {3, 4, 14, 14, 2, 1}, {2, 3, 30, 30, 2, 0}, {0, 4, 9, 9, 1, 1}};
    for (int[] c : cases) {
      Tensor x0 = c[0] == 0 ? Tensor.randn(g, c[1], c[2], c[3]) : Tensor.randn(g, c[0], c[1], c[2], c[3]);
      Tensor w0 = Tensor.randn(g, 8, c[1], 3, 3), b0 = Tensor.randn(g, 8);
      int[] stride = {c[4], c[4]}, pad = {c[5], c[5]}, one = {1, 1};
      Tensor x1 = x0.clone().requiresGrad(true), w1 = w0.clone().requiresGrad(true), b1 = b0.clone().requiresGrad(true);
      Tensor x2 = x0.clone().requiresGrad(true), w2 = w0.clone().requiresGrad(true), b2 = b0.clone().requiresGrad(true);
      Tensor fused = Convolution.conv2dRelu(x1, w1, b1, stride, pad, one, 1);
      Tensor apart = Convolution.conv2d(x2, w2, b2, stride, pad, one, 1).relu();
      String what = java.util.Arrays.toString(c);
      assertThat(fused.toFloatArray()).as(what).containsExactly(apart.toFloatArray());
      assertThat(fused.toFloatArray()).as(what + " has negatives clipped").contains(0f);
      Tensor weights = Tensor.randn(g, fused.shapeArray());
      fused.mul(weights).sum().backward();
      apart.mul(weights).sum().backward();
      assertThat(x1.grad().toFloatArray()).as(what).containsExactly(x2.grad().toFloatArray());
      assertThat(w1.grad().toFloatArray()).as(what).containsExactly(w2.grad().toFloatArray());
      assertThat(b1.grad().toFloatArray()).as(what).containsExactly(b2.grad().toFloatArray());
    }
  }

  @Test
  void conv2dReluGradCheck() {
    // Pre-activations far from ReLU's kink, so no finite difference crosses it: small inputs and
    // weights, biases ±2 (two channels pass the gradient, two block it).
    Generator g = new Generator(7);
    Tensor x = Tensor.randn(g, 2, 3, 6, 5).mul(0.3f).requiresGrad(true);
    Tensor w = Tensor.randn(g, 4, 3, 3, 3).mul(0.3f).requiresGrad(true);
    Tensor b = Tensor.of(new float[] {2, -2, 2, -2}).requiresGrad(true);
    assertGradCheck("conv2dRelu", in -> Convolution.conv2dRelu(in.get(0), in.get(1), in.get(2), new int[] {1, 1},
        new int[] {1, 1}, new int[] {1, 1}, 1), x, w, b);
  }

  @Test
  void biasGradientIsTheOutputGradientSummedOverBatchAndPixels() {
    Tensor x = Tensor.randn(2, 1, 4, 4);
    Tensor w = Tensor.randn(3, 1, 3, 3);
    Tensor b = Tensor.zeros(3).requiresGrad(true);
    Convolution.conv2d(x, w, b, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1).sum().backward();
    assertThat(b.grad().toFloatArray()).containsExactly(8f, 8f, 8f); // 2 images × 2×2 pixels
  }

  @Test
  void onlyTheInputsThatRequireGradGetOne() {
    Tensor x = Tensor.randn(1, 2, 4, 4);
    Tensor w = Tensor.randn(3, 2, 3, 3).requiresGrad(true);
    Convolution.conv2d(x, w, null, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1).sum().backward();
    assertThat(x.grad()).isNull();
    assertThat(w.grad().shapeArray()).containsExactly(3, 2, 3, 3);
  }

  // ---- errors at the call ----

  private static Tensor conv2d(int[] x, int[] w, int[] b, int groups) {
    return Convolution.conv2d(Tensor.zeros(x), Tensor.zeros(w), b == null ? null : Tensor.zeros(b),
        new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, groups);
  }

  @Test
  void channelMismatchNamesBothShapesAndGroups() {
    assertThatThrownBy(() -> conv2d(new int[] {64, 3, 28, 28}, new int[] {32, 1, 3, 3}, null, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conv2d: input [64, 3, 28, 28] has 3 channels but weight [32, 1, 3, 3] expects 1 (groups=1)");
    assertThatThrownBy(() -> conv2d(new int[] {1, 4, 5, 5}, new int[] {4, 1, 3, 3}, null, 2))
        .hasMessage("conv2d: input [1, 4, 5, 5] has 4 channels but weight [4, 1, 3, 3] expects 2 (groups=2)");
  }

  @Test
  void groupsMustDivideBothChannelCounts() {
    assertThatThrownBy(() -> conv2d(new int[] {1, 3, 5, 5}, new int[] {4, 1, 3, 3}, null, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conv2d: input [1, 3, 5, 5] has 3 channels, not divisible by groups=2 (weight [4, 1, 3, 3])");
    assertThatThrownBy(() -> conv2d(new int[] {1, 4, 5, 5}, new int[] {5, 2, 3, 3}, null, 2))
        .hasMessage("conv2d: weight [5, 2, 3, 3] has 5 output channels, not divisible by groups=2 (input [1, 4, 5, 5])");
    assertThatThrownBy(() -> conv2d(new int[] {1, 4, 5, 5}, new int[] {4, 2, 3, 3}, null, 0))
        .hasMessageStartingWith("conv2d: groups must be positive, got 0");
  }

  @Test
  void outputSmallerThanOnePixelIsRejected() {
    assertThatThrownBy(() -> conv2d(new int[] {1, 1, 2, 5}, new int[] {1, 1, 3, 3}, null, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conv2d: input [1, 1, 2, 5] with padding (0, 0) is smaller than the kernel of weight [1, 1, 3, 3]"
            + " with dilation (1, 1): the output size would be [0, 3]");
  }

  @Test
  void ranksBiasAndGeometryAreChecked() {
    assertThatThrownBy(() -> conv2d(new int[] {1, 5}, new int[] {1, 1, 3, 3}, null, 1))
        .hasMessage("conv2d: expected a 4-d input [N, C, H, W] (or 3-d without the batch dim), got [1, 5]");
    assertThatThrownBy(() -> conv2d(new int[] {1, 1, 5, 5}, new int[] {1, 1, 3}, null, 1))
        .hasMessageContaining("conv2d: expected a 4-d weight").hasMessageContaining("got [1, 1, 3]");
    assertThatThrownBy(() -> conv2d(new int[] {1, 1, 5, 5}, new int[] {2, 1, 3, 3}, new int[] {3}, 1))
        .hasMessage("conv2d: bias [3] does not match weight [2, 1, 3, 3]: expected [2]");
    assertThatThrownBy(() -> Convolution.conv2d(Tensor.zeros(1, 1, 5, 5), Tensor.zeros(1, 1, 3, 3), null,
        new int[] {0, 1}, new int[] {0, 0}, new int[] {1, 1}, 1))
        .hasMessage("conv2d: stride must be positive, got (0, 1) (input [1, 1, 5, 5], weight [1, 1, 3, 3])");
    assertThatThrownBy(() -> Convolution.conv2d(Tensor.zeros(1, 1, 5, 5), Tensor.zeros(1, 1, 3, 3), null,
        new int[] {1, 1}, new int[] {-1, 0}, new int[] {1, 1}, 1))
        .hasMessageStartingWith("conv2d: padding must be non-negative, got (-1, 0)");
    assertThatThrownBy(() -> Convolution.conv2d(Tensor.zeros(1, 1, 5, 5), Tensor.zeros(1, 1, 3, 3), null,
        new int[] {1}, new int[] {0, 0}, new int[] {1, 1}, 1))
        .hasMessageStartingWith("conv2d: stride needs 2 values, got (1,)");
  }

  @Test
  void conv1dErrorsNameConv1dAndTheUsersShapes() {
    assertThatThrownBy(() -> Convolution.conv1d(Tensor.zeros(2, 3, 10), Tensor.zeros(4, 2, 3), null, 1, 0, 1, 1))
        .hasMessage("conv1d: input [2, 3, 10] has 3 channels but weight [4, 2, 3] expects 2 (groups=1)");
    assertThatThrownBy(() -> Convolution.conv1d(Tensor.zeros(2, 3, 2), Tensor.zeros(4, 3, 3), null, 1, 0, 1, 1))
        .hasMessage("conv1d: input [2, 3, 2] with padding (0,) is smaller than the kernel of weight [4, 3, 3]"
            + " with dilation (1,): the output size would be [0]");
  }
}
