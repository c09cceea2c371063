package dev.shinso.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.backend.Backend;
import dev.shinso.backend.cpu.CpuBackend;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batch-norm kernels' code (norm.cuh), compiled by nvcc for the host and run here, against the
 * CPU backend: output, batch mean and variance, and the three gradients, for [N, C] and [N, C, H, W],
 * with and without the affine parameters. Sums run in another order than the CPU's, so values agree
 * to float32 rounding, not bit for bit. The block reductions of norm.cu need a GPU (GpuOpsTest).
 */
class NormHostCheckTest {
  private static final Backend CPU = CpuBackend.INSTANCE;
  private static final double EPS = 1e-5;
  private static HostCheck check;

  @BeforeAll
  static void compile() throws IOException, InterruptedException {
    check = HostCheck.compile("norm_host_check");
  }

  @Test
  void forwardMatchesTheCpu() throws Exception {
    for (int[] shape : new int[][] {{8, 3}, {4, 5, 6, 7}, {2, 4, 3, 3}}) {
      for (boolean affine : new boolean[] {true, false}) {
        Generator g = new Generator(shape.length * 10L + shape[1]);
        Tensor x = Tensor.randn(Device.CPU, g, shape).mul(3).add(2);
        int c = shape[1];
        Tensor w = affine ? Tensor.randn(Device.CPU, g, c) : null, b = affine ? Tensor.randn(Device.CPU, g, c) : null;
        Backend.BatchNormResult cpu = CPU.batchNorm(x, w, b, EPS);
        String stdin = affine ? HostCheck.bits(x, w, b) : HostCheck.bits(x);
        float[] out = HostCheck.floats(check.run(stdin, "forward", shape[0], c, spatial(shape), EPS, affine ? 1 : 0,
            affine ? 1 : 0));
        int n = x.numel();
        String what = Arrays.toString(shape) + (affine ? " affine" : "");
        assertClose(what + " y", Arrays.copyOfRange(out, 0, n), cpu.output());
        assertClose(what + " mean", Arrays.copyOfRange(out, n, n + c), cpu.mean());
        assertClose(what + " var", Arrays.copyOfRange(out, n + c, n + 2 * c), cpu.var());
      }
    }
  }

  @Test
  void gradientsMatchTheCpu() throws Exception {
    for (int[] shape : new int[][] {{8, 3}, {4, 5, 6, 7}}) {
      for (boolean affine : new boolean[] {true, false}) {
        Generator g = new Generator(shape.length * 100L + shape[1]);
        Tensor x = Tensor.randn(Device.CPU, g, shape).mul(2).sub(1), gy = Tensor.randn(Device.CPU, g, shape);
        int c = shape[1];
        Tensor w = affine ? Tensor.randn(Device.CPU, g, c) : null;
        Backend.BatchNormResult fwd = CPU.batchNorm(x, w, null, EPS);
        Tensor[] cpu = CPU.batchNormBackward(gy, x, w, fwd.mean(), fwd.var(), EPS);
        String stdin = affine ? HostCheck.bits(gy, x, w) : HostCheck.bits(gy, x);
        float[] out = HostCheck.floats(check.run(stdin, "backward", shape[0], c, spatial(shape), EPS, affine ? 1 : 0));
        int n = x.numel();
        String what = Arrays.toString(shape) + (affine ? " affine" : "");
        assertClose(what + " dx", Arrays.copyOfRange(out, 0, n), cpu[0]);
        assertClose(what + " dweight", Arrays.copyOfRange(out, n, n + c), cpu[1]);
        assertClose(what + " dbias", Arrays.copyOfRange(out, n + c, n + 2 * c), cpu[2]);
      }
    }
  }

  private static int spatial(int[] shape) {
    int s = 1;
    for (int d = 2; d < shape.length; d++) s *= shape[d];
    return s;
  }

  /** As GpuOpsTest's Close: |a − e| ≤ rtol·(|e| + the largest |e|, at least 1). */
  private static void assertClose(String what, float[] actual, Tensor expected) {
    float[] e = expected.toFloatArray();
    assertThat(actual).as(what).hasSameSizeAs(e);
    double scale = 1;
    for (float v : e) scale = Math.max(scale, Math.abs(v));
    for (int i = 0; i < e.length; i++) {
      assertThat((double) Math.abs(actual[i] - e[i])).as("%s at %d: %s vs %s", what, i, actual[i], e[i])
          .isLessThanOrEqualTo(1e-5 * (Math.abs(e[i]) + scale));
    }
  }
}
