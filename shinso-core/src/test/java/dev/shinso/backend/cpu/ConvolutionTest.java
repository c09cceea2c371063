package dev.shinso.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.backend.Conv2dParams;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The CPU conv kernels against a direct six-loop convolution in double, over random geometries
 * (1×1 fast path included), batch sizes below and above the thread count, and 1 to 3 threads.
 * Tolerance: 1e-5 of the sum of |products| that make each value, so cancellation cannot trip it.
 */
class ConvolutionTest {
  private final int savedThreads = IntraOpPool.numThreads();

  @AfterEach
  void restoreThreads() {
    IntraOpPool.setNumThreads(savedThreads);
  }

  @Test
  void randomGeometriesMatchTheDirectLoops() {
    Generator g = new Generator(7);
    for (int trial = 0; trial < 60; trial++) {
      int groups = 1 + (int) g.nextLong(3);
      int cg = 1 + (int) g.nextLong(3), og = 1 + (int) g.nextLong(3);
      int kH = 1 + (int) g.nextLong(3), kW = 1 + (int) g.nextLong(4);
      int sH = 1 + (int) g.nextLong(2), sW = 1 + (int) g.nextLong(3);
      int dH = 1 + (int) g.nextLong(2), dW = 1 + (int) g.nextLong(2);
      int pH = (int) g.nextLong(3), pW = (int) g.nextLong(2);
      if (trial % 5 == 0) { // the 1×1 fast path
        kH = kW = sH = sW = 1;
        pH = pW = 0;
      }
      int h = dH * (kH - 1) + 1 + (int) g.nextLong(6), w = dW * (kW - 1) + 1 + (int) g.nextLong(7);
      int n = 1 + (int) g.nextLong(5);
      int threads = 1 + trial % 3;
      IntraOpPool.setNumThreads(threads);
      Conv2dParams p = new Conv2dParams(sH, sW, pH, pW, dH, dW, groups);
      String what = String.format("trial %d: n=%d c=%d o=%d %dx%d kernel %dx%d %s threads=%d", trial, n, cg * groups,
          og * groups, h, w, kH, kW, p, threads);
      check(what, g, n, cg * groups, h, w, og * groups, kH, kW, p);
    }
  }

  @Test
  void theTrainingCnnLayersMatchTheDirectLoops() {
    Generator g = new Generator(8);
    Conv2dParams same = new Conv2dParams(1, 1, 1, 1, 1, 1, 1);
    for (int threads = 1; threads <= 2; threads++) {
      IntraOpPool.setNumThreads(threads);
      check("conv 1→32 on 28×28, threads " + threads, g, 3, 1, 28, 28, 32, 3, 3, same);
      check("conv 32→64 on 14×14, threads " + threads, g, 3, 32, 14, 14, 64, 3, 3, same);
    }
  }

  @Test
  void theResNetLayersMatchTheDirectLoops() {
    // 11 images of 16 channels on 28×28: the direct weight gradient takes 4 a chunk, so each thread's
    // range ends in a shorter chunk. 64 channels (PixelConvolution, forward and input gradient, also at
    // stride 2, with a last tile of fewer than 6 pixels), the stride-2 layers and their 1×1 shortcut.
    Generator g = new Generator(9);
    Conv2dParams same = new Conv2dParams(1, 1, 1, 1, 1, 1, 1), down = new Conv2dParams(2, 2, 1, 1, 1, 1, 1);
    for (int threads = 1; threads <= 2; threads++) {
      IntraOpPool.setNumThreads(threads);
      check("conv 16→16 on 28×28, threads " + threads, g, 11, 16, 28, 28, 16, 3, 3, same);
      check("conv 64→64 on 7×7, threads " + threads, g, 37, 64, 7, 7, 64, 3, 3, same);
      check("conv 16→32 s2 on 28×28, threads " + threads, g, 5, 16, 28, 28, 32, 3, 3, down);
      check("conv 32→64 s2 on 14×14, threads " + threads, g, 7, 32, 14, 14, 64, 3, 3, down);
      check("conv 3→128 5×3 s(2, 3) p(2, 0) on 11×10, threads " + threads, g, 3, 3, 11, 10, 128, 5, 3,
          new Conv2dParams(2, 3, 2, 0, 1, 1, 1));
      check("conv 16→32 1×1 s2 on 28×28, threads " + threads, g, 5, 16, 28, 28, 32, 1, 1,
          new Conv2dParams(2, 2, 0, 0, 1, 1, 1));
    }
  }

  @Test
  void aBatchLargerThanOneChunkIsSplitAndSummedRight() {
    // 288·196 floats per unfolded image: 4 images fill a 2¹⁸ chunk, so 10 take three (the last partial).
    IntraOpPool.setNumThreads(2);
    check("conv 32→8 on 14×14, 10 images", new Generator(11), 10, 32, 14, 14, 8, 3, 3,
        new Conv2dParams(1, 1, 1, 1, 1, 1, 1));
  }

  @Test
  void aConvolutionDeeperThanOneGemmBlockSumsBothBlocks() {
    // 64 channels × 3×3 = 576 rows of the unfolded image: two depth blocks of the gemm (512 + 64).
    IntraOpPool.setNumThreads(2);
    check("conv 64→8 on 7×7", new Generator(12), 3, 64, 7, 7, 8, 3, 3, new Conv2dParams(1, 1, 1, 1, 1, 1, 1));
  }

  private static void check(String what, Generator g, int n, int c, int h, int w, int o, int kH, int kW, Conv2dParams p) {
    int oH = p.outH(h, kH), oW = p.outW(w, kW);
    Tensor x = Tensor.randn(g, n, c, h, w), wt = Tensor.randn(g, o, c / p.groups(), kH, kW), b = Tensor.randn(g, o);
    Tensor gy = Tensor.randn(g, n, o, oH, oW);
    float[] xs = x.toFloatArray(), ws = wt.toFloatArray(), bs = b.toFloatArray(), gs = gy.toFloatArray();
    double[] y = new double[n * o * oH * oW], yScale = new double[y.length];
    double[] dx = new double[xs.length], dxScale = new double[xs.length];
    double[] dw = new double[ws.length], dwScale = new double[ws.length];
    int cg = c / p.groups(), og = o / p.groups();
    for (int i = 0; i < n; i++) {
      for (int oc = 0; oc < o; oc++) {
        int grp = oc / og;
        for (int oh = 0; oh < oH; oh++) {
          for (int ow = 0; ow < oW; ow++) {
            int yi = ((i * o + oc) * oH + oh) * oW + ow;
            y[yi] = bs[oc];
            yScale[yi] = Math.abs(bs[oc]);
            for (int ci = 0; ci < cg; ci++) {
              for (int kh = 0; kh < kH; kh++) {
                int ih = oh * p.strideH() - p.padH() + kh * p.dilationH();
                if (ih < 0 || ih >= h) continue;
                for (int kw = 0; kw < kW; kw++) {
                  int iw = ow * p.strideW() - p.padW() + kw * p.dilationW();
                  if (iw < 0 || iw >= w) continue;
                  int xi = ((i * c + grp * cg + ci) * h + ih) * w + iw, wi = ((oc * cg + ci) * kH + kh) * kW + kw;
                  y[yi] += (double) xs[xi] * ws[wi];
                  yScale[yi] += Math.abs((double) xs[xi] * ws[wi]);
                  dx[xi] += (double) gs[yi] * ws[wi];
                  dxScale[xi] += Math.abs((double) gs[yi] * ws[wi]);
                  dw[wi] += (double) gs[yi] * xs[xi];
                  dwScale[wi] += Math.abs((double) gs[yi] * xs[xi]);
                }
              }
            }
          }
        }
      }
    }
    CpuBackend cpu = CpuBackend.INSTANCE;
    assertNear(what + ": output", cpu.conv2d(x, wt, b, p), y, yScale);
    assertNear(what + ": input grad", cpu.conv2dBackwardInput(gy, wt, x.shapeArray(), p), dx, dxScale);
    assertNear(what + ": weight grad", cpu.conv2dBackwardWeight(gy, x, wt.shapeArray(), p), dw, dwScale);
  }

  private static void assertNear(String what, Tensor actual, double[] expected, double[] scale) {
    float[] a = actual.toFloatArray();
    assertThat(a).as(what).hasSize(expected.length);
    for (int i = 0; i < a.length; i++) {
      if (!(Math.abs(a[i] - expected[i]) <= 1e-6 + 1e-5 * scale[i])) {
        throw new AssertionFailedError(what + ": element " + i + " is " + a[i] + ", expected " + expected[i]);
      }
    }
  }
}
