package dev.shinso.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.backend.Backend;
import dev.shinso.backend.Pool2dParams;
import dev.shinso.backend.cpu.CpuBackend;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pooling kernels' code (pool.cuh), compiled by nvcc for the host and run here, against the CPU
 * backend bit for bit: forward values and indices, and gradients, over padding, stride, dilation,
 * ceil mode, ties and NaN. What this cannot check is the launch on a device and the atomic adds'
 * order where windows overlap (GpuOpsTest does, on a GPU).
 */
class PoolHostCheckTest {
  private static final Backend CPU = CpuBackend.INSTANCE;
  private static HostCheck check;

  @BeforeAll
  static void compile() throws IOException, InterruptedException {
    check = HostCheck.compile("pool_host_check");
  }

  /** kernel, stride, padding, dilation, ceil mode: the CNN's 2×2 and the awkward cases. */
  private static final List<Pool2dParams> CASES = List.of(
      new Pool2dParams(2, 2, 2, 2, 0, 0, 1, 1, false),
      new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, false),
      new Pool2dParams(3, 2, 1, 2, 1, 0, 1, 1, true),
      new Pool2dParams(2, 2, 2, 2, 0, 0, 2, 1, true),
      new Pool2dParams(3, 3, 3, 3, 1, 1, 2, 2, false),
      new Pool2dParams(4, 3, 2, 3, 2, 1, 1, 1, true));

  @Test
  void maxPoolingMatchesTheCpuWithTiesAndNaN() throws Exception {
    for (Pool2dParams p : CASES) {
      Tensor x = input(3, 9, 8, true);
      Backend.MaxPool2dResult cpu = CPU.maxPool2dWithIndices(x, p);
      int oh = p.outH(9), ow = p.outW(8), n = 6 * oh * ow;
      List<String> out = run(args("max", 6, 9, 8, oh, ow, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(),
          p.padW(), p.dilationH(), p.dilationW()), bits(x));
      assertThat(out.subList(0, n)).as("max values %s", p).containsExactlyElementsOf(bitList(cpu.output()));
      assertThat(out.subList(n, 2 * n)).as("max indices %s", p).containsExactlyElementsOf(
          java.util.Arrays.stream(cpu.indices().toLongArray()).mapToObj(Long::toString).toList());
      Tensor gy = input(3, oh, ow, false);
      Tensor cpuDx = CPU.maxPool2dBackward(gy, cpu.indices(), new int[] {2, 3, 9, 8});
      StringBuilder stdin = new StringBuilder(bits(gy));
      for (long i : cpu.indices().toLongArray()) stdin.append(i).append('\n');
      assertThat(run(args("maxback", 6, 9, 8, oh, ow), stdin.toString())).as("max gradient %s", p)
          .containsExactlyElementsOf(bitList(cpuDx));
    }
  }

  @Test
  void averagePoolingMatchesTheCpuWithAndWithoutPadding() throws Exception {
    for (Pool2dParams p : CASES) {
      if (p.dilationH() != 1 || p.dilationW() != 1) continue;  // average pooling has no dilation
      for (boolean includePad : new boolean[] {true, false}) {
        Tensor x = input(3, 9, 8, false);
        int oh = p.outH(9), ow = p.outW(8);
        String geom = " " + (includePad ? 1 : 0) + " 6 9 8 " + oh + " " + ow + " " + p.kernelH() + " " + p.kernelW()
            + " " + p.strideH() + " " + p.strideW() + " " + p.padH() + " " + p.padW();
        assertThat(run(args((Object[]) ("avg" + geom).split(" ")), bits(x))).as("avg %s pad %s", p, includePad)
            .containsExactlyElementsOf(bitList(CPU.avgPool2d(x, p, includePad)));
        Tensor gy = input(3, oh, ow, false);
        assertThat(run(args((Object[]) ("avgback" + geom).split(" ")), bits(gy)))
            .as("avg gradient %s pad %s", p, includePad)
            .containsExactlyElementsOf(bitList(CPU.avgPool2dBackward(gy, new int[] {2, 3, 9, 8}, p, includePad)));
      }
    }
  }

  @Test
  void adaptivePoolingMatchesTheCpu() throws Exception {
    for (int[] o : new int[][] {{1, 1}, {3, 2}, {4, 5}, {7, 7}}) {
      Tensor x = input(3, 7, 5, false);
      assertThat(run(args("adaptive", 6, 7, 5, o[0], o[1]), bits(x))).as("adaptive %dx%d", o[0], o[1])
          .containsExactlyElementsOf(bitList(CPU.adaptiveAvgPool2d(x, o[0], o[1])));
      Tensor gy = input(3, o[0], o[1], false);
      assertThat(run(args("adaptiveback", 6, 7, 5, o[0], o[1]), bits(gy))).as("adaptive gradient %dx%d", o[0], o[1])
          .containsExactlyElementsOf(bitList(CPU.adaptiveAvgPool2dBackward(gy, new int[] {2, 3, 7, 5})));
    }
  }

  /** [2, c, h, w] random values; with ties, rounded to few values and a NaN and a -inf planted. */
  private static Tensor input(int c, int h, int w, boolean ties) {
    Tensor t = Tensor.randn(Device.CPU, new Generator(h * 31L + w), 2, c, h, w);
    if (!ties) return t;
    float[] v = t.toFloatArray();
    for (int i = 0; i < v.length; i++) v[i] = Math.round(v[i]);
    v[5] = Float.NaN;
    v[40] = Float.NEGATIVE_INFINITY;
    v[41] = Float.NaN;
    return Tensor.of(Device.CPU, v, 2, c, h, w);
  }

  private static String bits(Tensor t) {
    return HostCheck.bits(t);
  }

  private static List<String> bitList(Tensor t) {
    return HostCheck.bitList(t);
  }

  /** The program's arguments, then its standard input: as run(args(...), stdin) reads. */
  private static Object[] args(Object... a) {
    return a;
  }

  private static List<String> run(Object[] args, String stdin) throws IOException, InterruptedException {
    return check.run(stdin, args);
  }
}
