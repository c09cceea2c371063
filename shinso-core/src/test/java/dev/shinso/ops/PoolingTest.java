package dev.shinso.ops;

import static dev.shinso.testing.OpAssertions.assertGradCheck;
import static dev.shinso.testing.ReferenceCase.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.backend.Pool2dParams;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import dev.shinso.testing.ReferenceCase;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class PoolingTest {
  static final double RTOL = 1e-5, ATOL = 1e-6;

  @TestFactory
  Stream<DynamicTest> poolingMatchesPyTorch() {
    return ReferenceCase.load("conv_pool").stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      Tensor x = c.leaf("input");
      Tensor out = pool(c, x);
      assertClose(c.name() + " output", out, c.output(), RTOL, ATOL);
      out.mul(c.lossWeight()).sum().backward();
      assertClose(c.name() + " input grad", x.grad(), c.grads().get("input"), RTOL, ATOL);
      if (c.op().equals("max_pool2d")) {
        Tensor x4 = x.dim() == 3 ? x.detach().unsqueeze(0) : x.detach();
        int[] k = c.intParams("kernel_size"), s = c.intParams("stride"), p = c.intParams("padding"),
            d = c.intParams("dilation");
        Tensor indices = x.backend().maxPool2dWithIndices(x4, new Pool2dParams(k[0], k[1], s[0], s[1], p[0], p[1],
            d[0], d[1], c.params().get("ceil_mode").asBoolean())).indices();
        Tensor expected = ReferenceCase.tensor(c.raw().get("indices"));
        assertThat(indices.toLongArray()).as("%s indices", c.name()).containsExactly(expected.toLongArray());
      }
    }));
  }

  private static Tensor pool(ReferenceCase c, Tensor x) {
    return switch (c.op()) {
      case "max_pool2d" -> Pooling.maxPool2d(x, c.intParams("kernel_size"), c.intParams("stride"),
          c.intParams("padding"), c.intParams("dilation"), c.params().get("ceil_mode").asBoolean());
      case "avg_pool2d" -> Pooling.avgPool2d(x, c.intParams("kernel_size"), c.intParams("stride"),
          c.intParams("padding"), c.params().get("ceil_mode").asBoolean(),
          c.params().get("count_include_pad").asBoolean());
      case "adaptive_avg_pool2d" -> Pooling.adaptiveAvgPool2d(x, c.intParams("output_size"));
      default -> throw new IllegalArgumentException(c.op());
    };
  }

  // ---- finite differences ----

  /** n·c·h·w distinct values 0.1 apart, stored channels-last and viewed as [N, C, H, W] (not contiguous). */
  private static Tensor distinctChannelsLastLeaf(long seed, int n, int c, int h, int w) {
    int size = n * c * h * w;
    float[] v = new float[size];
    for (int i = 0; i < size; i++) v[i] = (i - size / 2) * 0.1f;
    Generator g = new Generator(seed);
    for (int i = size - 1; i > 0; i--) {
      int j = (int) g.nextLong(i + 1);
      float t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
    Tensor x = Tensor.of(v, n, h, w, c).permute(0, 3, 1, 2);
    assertThat(x.isContiguous()).isFalse();
    return x.requiresGrad(true);
  }


  @Test
  void maxPoolGradCheckWithPaddingDilationAndOverlap() {
    // Values 0.1 apart and eps 0.01: no finite difference changes which element is a window's max.
    Tensor x = distinctChannelsLastLeaf(1, 2, 2, 6, 7);
    assertGradCheck("maxPool2d", in -> Pooling.maxPool2d(in.get(0), new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 1},
        new int[] {1, 2}, false), x);
  }

  @Test
  void maxPoolGradientGoesToTheMaximumOnly() {
    Tensor x = Tensor.of(new float[] {1, 5, 2, 0, 3, 4, 9, 8, 7, 6, 2, 1, 0, 1, 2, 3}, 1, 1, 4, 4).requiresGrad(true);
    Tensor y = Pooling.maxPool2d(x, new int[] {2, 2}, null, new int[] {0, 0}, new int[] {1, 1}, false);
    assertThat(y.toFloatArray()).containsExactly(5, 9, 7, 3);
    y.sum().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1);
  }

  @Test
  void avgPoolGradCheckCeilModeAndPadding() {
    Generator g = new Generator(2);
    Tensor x = Tensor.randn(g, 2, 8, 7, 3).permute(0, 3, 1, 2).requiresGrad(true);
    assertGradCheck("avgPool2d", in -> Pooling.avgPool2d(in.get(0), new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1},
        true, true), x);
    assertGradCheck("avgPool2d", in -> Pooling.avgPool2d(in.get(0), new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0},
        false, false), x);
  }

  @Test
  void adaptiveAvgPoolGradCheckOverlappingWindows() {
    Generator g = new Generator(3);
    Tensor x = Tensor.randn(g, 2, 7, 5, 2).permute(0, 3, 1, 2).requiresGrad(true);
    assertGradCheck("adaptiveAvgPool2d", in -> Pooling.adaptiveAvgPool2d(in.get(0), new int[] {3, 4}), x);
    assertGradCheck("adaptiveAvgPool2d", in -> Pooling.adaptiveAvgPool2d(in.get(0), new int[] {9, 6}), x);
  }

  // ---- errors ----

  @Test
  void paddingLargerThanHalfTheKernelIsRejected() {
    assertThatThrownBy(() -> Pooling.maxPool2d(Tensor.zeros(1, 1, 5, 5), new int[] {2, 2}, null, new int[] {2, 0},
        new int[] {1, 1}, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPool2d: padding (2, 0) must be at most half of kernel_size (2, 2) (input [1, 1, 5, 5])");
  }

  @Test
  void tooSmallInputNamesShapeAndWindow() {
    assertThatThrownBy(() -> Pooling.avgPool2d(Tensor.zeros(2, 3, 2, 8), new int[] {3, 3}, null, new int[] {0, 0},
        false, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("avgPool2d: input [2, 3, 2, 8] is too small for kernel_size (3, 3) with stride (3, 3),"
            + " padding (0, 0) and dilation (1, 1): the output size would be [0, 2]");
  }

  @Test
  void ranksAndSizesAreChecked() {
    assertThatThrownBy(() -> Pooling.maxPool2d(Tensor.zeros(4, 4), new int[] {2, 2}, null, new int[] {0, 0},
        new int[] {1, 1}, false))
        .hasMessage("maxPool2d: expected a 4-d input [N, C, H, W] (or 3-d without the batch dim), got [4, 4]");
    assertThatThrownBy(() -> Pooling.maxPool2d(Tensor.zeros(1, 1, 4, 4), new int[] {0, 2}, null, new int[] {0, 0},
        new int[] {1, 1}, false))
        .hasMessage("maxPool2d: kernel_size must be positive, got (0, 2) (input [1, 1, 4, 4])");
    assertThatThrownBy(() -> Pooling.adaptiveAvgPool2d(Tensor.zeros(1, 1, 4, 4), new int[] {0, 2}))
        .hasMessage("adaptiveAvgPool2d: output_size must be two positive sizes, got [0, 2] (input [1, 1, 4, 4])");
    assertThatThrownBy(() -> Pooling.adaptiveAvgPool2d(Tensor.zeros(1, 0, 4, 4), new int[] {2, 2}))
        .hasMessageStartingWith("adaptiveAvgPool2d: input [1, 0, 4, 4] has an empty channel or spatial dim");
  }
}
