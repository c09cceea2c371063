package dev.shinso.cuda.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;

/** Comparisons of a tensor computed on the GPU with the CPU's: shapes, dtypes, then every element. */
final class Close {
  static final double RTOL = 1e-5;

  private Close() {}

  /**
   * |gpu − cpu| ≤ rtol·(|cpu| + scale) for every element, scale being the largest |cpu| (at least 1):
   * relative for the large elements, and an absolute floor for those that cancel to near zero.
   * NaN must meet NaN and an infinity the same infinity.
   */
  static void assertClose(String what, Tensor gpu, Tensor cpu, double rtol) {
    assertThat(gpu.shapeArray()).as("%s: shape", what).containsExactly(cpu.shapeArray());
    assertThat(gpu.dtype()).as("%s: dtype", what).isEqualTo(cpu.dtype());
    if (cpu.dtype() == DType.INT64) {
      assertThat(gpu.toLongArray()).as(what).containsExactly(cpu.toLongArray());
      return;
    }
    float[] g = gpu.toFloatArray(), c = cpu.toFloatArray();
    double scale = 1;
    for (float v : c) if (Float.isFinite(v)) scale = Math.max(scale, Math.abs(v));
    for (int i = 0; i < c.length; i++) {
      boolean ok = Float.isNaN(c[i]) ? Float.isNaN(g[i])
          : Float.isInfinite(c[i]) ? g[i] == c[i] : Math.abs(g[i] - c[i]) <= rtol * (Math.abs(c[i]) + scale);
      if (!ok) {
        fail("%s: element %d of %s is %s on the GPU, %s on the CPU (rtol %s)%n gpu %s%n cpu %s", what, i,
            Arrays.toString(cpu.shapeArray()), g[i], c[i], rtol, head(g), head(c));
      }
    }
  }

  static void assertClose(String what, Tensor gpu, Tensor cpu) {
    assertClose(what, gpu, cpu, RTOL);
  }

  private static String head(float[] a) {
    return Arrays.toString(Arrays.copyOf(a, Math.min(a.length, 8))) + (a.length > 8 ? "…" : "");
  }
}
