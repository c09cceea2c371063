package dev.shinso.backend.cpu;

import static dev.shinso.backend.cpu.CpuTensors.contiguous;
import static dev.shinso.backend.cpu.CpuTensors.empty;
import static dev.shinso.backend.cpu.CpuTensors.floats;

import dev.shinso.backend.Conv2dParams;
import dev.shinso.backend.UnaryOp;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * conv2d and its two backward passes on the CPU, as im2col then {@link Gemm}; stride-1 convolutions
 * skip the unfolding ({@link DirectConvolution}), and so does the forward pass of any stride with a
 * multiple of 32 output channels ({@link PixelConvolution}).
 *
 * <p>Where an image has few pixels ({@link Geometry#batched}), forward and the input gradient
 * unfold a chunk of images side by side, col [C·kH·kW, images·oH·oW] (1 MB at most), and one gemm
 * does the chunk: out [O, images·P] = W [O, K] · col, scattered to [N, O, oH, oW]; dcol = Wᵀ ·
 * gradOut [O, images·P], folded back per image by col2im. The weight gradient of such a chunk is
 * one deep gemm too: dW [O, K] += gradOut [O, images·P] · colᵀ (or its transpose, see backwardWeight).
 *
 * <p>Otherwise they go per image and group. Images are spread
 * over the intra-op pool when there are at least as many as threads; otherwise they run one after
 * another and each gemm uses the threads. The unfolded matrix lives in a per-thread scratch buffer
 * that is reused across calls (im2col overwrites all of it, so it is never cleared). Per group g,
 * with K = C/groups·kH·kW and P = oH·oW: out_g [O/groups, P] = W_g [O/groups, K] · col_g [K, P];
 * dcol_g = W_gᵀ · gradOut_g, folded back by col2im; dW_g = Σ_images gradOut_g · col_gᵀ. A 1×1
 * kernel with stride 1 and no padding multiplies the image itself.
 */
final class Convolution {
  /** Per-thread scratch: the unfolded matrix, and (batched path) the gemm's product or the gathered gradient. */
  private static final ThreadLocal<float[]> COLUMNS = ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<float[]> PRODUCT = ThreadLocal.withInitial(() -> new float[0]);
  /** Most floats the unfolded matrix of one chunk of images may take (1 MB: it stays in cache for the next step). */
  private static final int CHUNK_FLOATS = 1 << 18;
  /** Least depth of a weight-gradient gemm computed as dot products (see Geometry.weightGradientByDots). */
  private static final int DOT_DEPTH = 512;

  private Convolution() {}

  /** The convolution, or with relu max(·, 0) of it: in the direct path's copy-out, else as a pass over the output. */
  static Tensor forward(Tensor input, Tensor weight, Tensor bias, Conv2dParams p, boolean relu) {
    Tensor x = contiguous(input), wt = contiguous(weight), b = bias == null ? null : contiguous(bias);
    Geometry g = Geometry.of(x.shapeArray(), wt.shapeArray(), p);
    Tensor out = empty(DType.FLOAT32, new int[] {g.n, g.o, g.oH, g.oW});
    float[] xd = floats(x), wd = floats(wt), od = floats(out), bd = b == null ? null : floats(b);
    int xOff = x.offset(), wOff = wt.offset(), bOff = b == null ? 0 : b.offset();
    if (PixelConvolution.applies(g.c, g.o, g.kH, g.kW, p)) {
      PixelConvolution.forward(xd, xOff, g.n, g.c, g.h, g.w, wd, wOff, g.o, g.kH, g.kW, p.strideH(), p.strideW(),
          p.padH(), p.padW(), bd, bOff, od, relu);
      return out;
    }
    if (DirectConvolution.applies(g.kH, g.kW, p)) {
      DirectConvolution.forward(xd, xOff, g.n, g.c, g.h, g.w, wd, wOff, g.o, g.kH, g.kW, p.padH(), p.padW(), bd, bOff,
          od, relu);
      return out;
    }
    if (g.batched()) {
      for (int i0 = 0; i0 < g.n; i0 += g.chunk()) {
        int nb = Math.min(g.chunk(), g.n - i0), cols = nb * g.pixels;
        float[] col = g.unfoldChunk(xd, xOff, i0, nb), y = scratch(PRODUCT, g.o * cols);
        Gemm.sgemm(false, false, g.o, cols, g.k, wd, wOff, g.k, col, 0, cols, y, 0, cols, false);
        int first = i0;
        forEachImage(nb, i -> {
          for (int o = 0; o < g.o; o++) {
            int src = o * cols + i * g.pixels, dst = ((first + i) * g.o + o) * g.pixels;
            if (bd == null) {
              System.arraycopy(y, src, od, dst, g.pixels);
            } else {
              float bo = bd[bOff + o];
              for (int j = 0; j < g.pixels; j++) od[dst + j] = y[src + j] + bo;
            }
          }
        });
      }
      if (relu) reluInPlace(od);
      return out;
    }
    forEachImage(g.n, i -> {
      int outOff = i * g.o * g.pixels;
      if (bd != null) {
        for (int o = 0; o < g.o; o++) Arrays.fill(od, outOff + o * g.pixels, outOff + (o + 1) * g.pixels, bd[bOff + o]);
      }
      float[] col = g.pointwise ? xd : g.unfold(xd, xOff + i * g.imageSize());
      int colOff = g.pointwise ? xOff + i * g.imageSize() : 0;
      for (int grp = 0; grp < g.groups; grp++) {
        Gemm.sgemm(false, false, g.og, g.pixels, g.k, wd, wOff + grp * g.og * g.k, g.k,
            col, colOff + grp * g.k * g.pixels, g.pixels, od, outOff + grp * g.og * g.pixels, g.pixels, bd != null);
      }
    });
    if (relu) reluInPlace(od);
    return out;
  }

  /** ReLU over a whole output, spread over the pool (the paths without a copy-out to fuse it into). */
  private static void reluInPlace(float[] y) {
    IntraOpPool.parallelFor(y.length, CpuBackend.GRAIN, (s, e) -> UnaryKernels.run(UnaryOp.RELU, 0, 0, y, 0, 1, y, 0, s, e));
  }

  static Tensor backwardInput(Tensor gradOutput, Tensor weight, int[] inputShape, Conv2dParams p) {
    Tensor gy = contiguous(gradOutput), wt = contiguous(weight);
    Geometry g = Geometry.of(inputShape, wt.shapeArray(), p);
    Tensor dx = empty(DType.FLOAT32, inputShape);
    float[] gd = floats(gy), wd = floats(wt), dxd = floats(dx);
    int gOff = gy.offset(), wOff = wt.offset();
    if (DirectConvolution.applies(g.kH, g.kW, p)) {
      DirectConvolution.inputGradient(gd, gOff, g.n, g.o, g.oH, g.oW, wd, wOff, g.c, g.kH, g.kW, p.padH(), p.padW(), dxd);
      return dx;
    }
    if (g.batched()) {
      for (int i0 = 0; i0 < g.n; i0 += g.chunk()) {
        int nb = Math.min(g.chunk(), g.n - i0), cols = nb * g.pixels, first = i0;
        float[] gyT = g.gatherChunk(gd, gOff, i0, nb), dcol = scratch(COLUMNS, g.k * cols);
        Gemm.sgemm(true, false, g.k, cols, g.o, wd, wOff, g.k, gyT, 0, cols, dcol, 0, cols, false);
        forEachImage(nb, i -> Im2Col.col2im(dcol, i * g.pixels, cols, g.c, g.h, g.w, g.kH, g.kW, p, g.oH, g.oW, dxd,
            (first + i) * g.imageSize()));
      }
      return dx;
    }
    forEachImage(g.n, i -> {
      int gi = gOff + i * g.o * g.pixels;
      // Pointwise: the columns are the image gradient itself, written (not added) by the gemm.
      float[] dcol = g.pointwise ? dxd : scratch(COLUMNS, g.groups * g.k * g.pixels);
      int dcolOff = g.pointwise ? i * g.imageSize() : 0;
      for (int grp = 0; grp < g.groups; grp++) {
        Gemm.sgemm(true, false, g.k, g.pixels, g.og, wd, wOff + grp * g.og * g.k, g.k,
            gd, gi + grp * g.og * g.pixels, g.pixels, dcol, dcolOff + grp * g.k * g.pixels, g.pixels, false);
      }
      if (!g.pointwise) Im2Col.col2im(dcol, g.c, g.h, g.w, g.kH, g.kW, p, g.oH, g.oW, dxd, i * g.imageSize());
    });
    return dx;
  }

  /**
   * dW_g = Σ gradOut_g · col_gᵀ: without unfolding where {@link DirectConvolution} applies; else as dot products of rows when they are deep enough
   * ({@link Geometry#weightGradientByDots}), else by the packed gemm, possibly transposed, dW_gᵀ [K,
   * O/groups] = Σ col_g · gradOut_gᵀ, then transposed into place: whichever fills its 6-row, 64-column
   * tiles better ({@link Geometry#weightGradientTransposed}).
   * Images are split into one contiguous range per thread; each range sums into its own buffer,
   * and the buffers are added in range order, so the result depends only on the thread count. A
   * thread unfolds and multiplies its own images: splitting each chunk's unfolding and gemm across
   * the threads instead made two threads slower than one on the CNN's second layer (every thread
   * packed all of the chunk's output gradient, and the unfolded chunk crossed between the cores).
   */
  static Tensor backwardWeight(Tensor gradOutput, Tensor input, int[] weightShape, Conv2dParams p) {
    Tensor gy = contiguous(gradOutput), x = contiguous(input);
    Geometry g = Geometry.of(x.shapeArray(), weightShape, p);
    Tensor dw = empty(DType.FLOAT32, weightShape);
    float[] gd = floats(gy), xd = floats(x), dwd = floats(dw);
    int gOff = gy.offset(), xOff = x.offset();
    if (DirectConvolution.appliesToWeightGradient(g.c, g.kH, g.kW, p)) {
      DirectConvolution.weightGradient(gd, gOff, xd, xOff, g.n, g.c, g.h, g.w, g.o, g.kH, g.kW, p.padH(), p.padW(), dwd);
      return dw;
    }
    boolean dots = g.weightGradientByDots(), transposed = !dots && g.weightGradientTransposed();
    int ranges = g.n >= IntraOpPool.numThreads() ? IntraOpPool.numThreads() : 1;
    float[][] partial = new float[ranges][];
    IntraOpPool.parallelFor(ranges, 1, (s, e) -> {
      for (int r = s; r < e; r++) {
        float[] acc = partial[r] = new float[dwd.length];
        int first = rangeStart(g.n, ranges, r), last = rangeStart(g.n, ranges, r + 1);
        if (g.batched()) {
          // Chunks of images side by side: one deep gemm per chunk, dW [O, K] += gradOut [O, nb·P] · colᵀ.
          for (int i0 = first; i0 < last; i0 += g.chunk()) {
            int nb = Math.min(g.chunk(), last - i0), cols = nb * g.pixels;
            float[] col = g.unfoldChunk(xd, xOff, i0, nb), gyT = g.gatherChunk(gd, gOff, i0, nb);
            boolean more = i0 > first;
            if (dots) GemmDot.sgemm(g.o, g.k, cols, gyT, 0, cols, col, 0, cols, acc, 0, g.k, more);
            else if (transposed) Gemm.sgemm(false, true, g.k, g.o, cols, col, 0, cols, gyT, 0, cols, acc, 0, g.o, more);
            else Gemm.sgemm(false, true, g.o, g.k, cols, gyT, 0, cols, col, 0, cols, acc, 0, g.k, more);
          }
        } else {
          for (int i = first; i < last; i++) {
            float[] col = g.pointwise ? xd : g.unfold(xd, xOff + i * g.imageSize());
            int colOff = g.pointwise ? xOff + i * g.imageSize() : 0;
            int gi = gOff + i * g.o * g.pixels;
            for (int grp = 0; grp < g.groups; grp++) {
              int c0 = colOff + grp * g.k * g.pixels, g0 = gi + grp * g.og * g.pixels, a0 = grp * g.og * g.k;
              if (dots) {
                GemmDot.sgemm(g.og, g.k, g.pixels, gd, g0, g.pixels, col, c0, g.pixels, acc, a0, g.k, i > first);
              } else if (transposed) {
                Gemm.sgemm(false, true, g.k, g.og, g.pixels, col, c0, g.pixels, gd, g0, g.pixels, acc, a0, g.og, i > first);
              } else {
                Gemm.sgemm(false, true, g.og, g.k, g.pixels, gd, g0, g.pixels, col, c0, g.pixels, acc, a0, g.k, i > first);
              }
            }
          }
        }
      }
    });
    for (int r = 1; r < ranges; r++) {
      float[] sum = partial[0], add = partial[r];
      for (int j = 0; j < sum.length; j++) sum[j] += add[j];
    }
    if (transposed) transposeInto(partial[0], g, dwd);
    else System.arraycopy(partial[0], 0, dwd, 0, dwd.length);
    return dw;
  }

  /** dW from dWᵀ, group by group: t holds [K, O/groups] per group, dw [O/groups, K]. */
  private static void transposeInto(float[] t, Geometry g, float[] dw) {
    for (int grp = 0; grp < g.groups; grp++) {
      int base = grp * g.og * g.k;
      for (int o = 0; o < g.og; o++) {
        for (int kk = 0; kk < g.k; kk++) dw[base + o * g.k + kk] = t[base + kk * g.og + o];
      }
    }
  }

  private static int rangeStart(int n, int ranges, int r) {
    return (int) ((long) n * r / ranges);
  }

  /** Runs body for every image: across the pool when there is an image per thread, else in order. */
  private static void forEachImage(int n, IntConsumer body) {
    if (n > 1 && n >= IntraOpPool.numThreads()) {
      IntraOpPool.parallelFor(n, 1, (s, e) -> {
        for (int i = s; i < e; i++) body.accept(i);
      });
    } else {
      for (int i = 0; i < n; i++) body.accept(i);
    }
  }

  /** This thread's scratch buffer of the given kind, grown to at least size floats; its contents are stale. */
  static float[] scratch(ThreadLocal<float[]> kind, int size) {
    float[] a = kind.get();
    if (a.length < size) {
      a = new float[size];
      kind.set(a);
    }
    return a;
  }

  /** Sizes of one convolution; k is the gemm depth of one group (C/groups·kH·kW). */
  private record Geometry(int n, int c, int h, int w, int o, int kH, int kW, int oH, int oW, int groups,
      int og, int k, int pixels, boolean pointwise, Conv2dParams p) {

    static Geometry of(int[] in, int[] weight, Conv2dParams p) {
      int kH = weight[2], kW = weight[3];
      int oH = p.outH(in[2], kH), oW = p.outW(in[3], kW);
      return new Geometry(in[0], in[1], in[2], in[3], weight[0], kH, kW, oH, oW, p.groups(),
          weight[0] / p.groups(), weight[1] * kH * kW, oH * oW, p.isPointwise(kH, kW), p);
    }

    int imageSize() {
      return c * h * w;
    }

    /** im2col of the image at xOff into this thread's scratch buffer (all groups' rows, in order). */
    float[] unfold(float[] x, int xOff) {
      float[] col = scratch(COLUMNS, groups * k * pixels);
      Im2Col.im2col(x, xOff, c, h, w, kH, kW, p, oH, oW, col);
      return col;
    }

    /**
     * Whether forward and the input gradient put a chunk of images through one gemm instead of one
     * per image: with a single group and a real unfolding, when an image has too few pixels to fill
     * the gemm's 64-wide panels (196 pixels take four, a quarter of them padding). Measured on the
     * CNN's second layer (batch 64, 1 thread, min of 60): forward 6.1 → 5.1 ms, input gradient
     * 6.3 → 5.1 ms; its first layer (784 pixels) was no faster batched. The weight gradient, once a
     * transposed B was packed by gathers, was: CNN backward 28.8 → 23.7 ms a step (1 thread).
     */
    boolean batched() {
      return groups == 1 && !pointwise && n > 1 && pixels < 512;
    }

    /**
     * Whether the weight gradient is computed as dot products of rows of the output gradient and of
     * the unfolded image ({@link GemmDot}): when each gemm is at least {@link #DOT_DEPTH} deep
     * (pixels, or pixels of a chunk of images) and the packed gemm would fill less than 90% of its
     * tiles either way round. The packed gemm transposes a matrix as long as the depth into its
     * panels; that pays only where its tiles are full. Measured (batch 64, 2 threads, 3 alternating
     * runs), packed dW / packed dWᵀ / dots: the ResNet's 16→16 on 28×28 (784 deep; 67% / 25% of the
     * tiles filled) 6.3–7.4 / 2.6–3.1 / 2.5–3.3 ms; its 32→32 on 14×14 (784; 80% / 50%) 3.5–4.2 /
     * 3.3–4.5 / 2.4–2.7. The CNN's 32→64 on 14×14 (784; 87% / 100%) was as fast either way alone,
     * but its training step's backward took a millisecond longer with dots; the ResNet's 64→64 on
     * 7×7 (441; 97% / 100%) took 1.9–2.3 as dWᵀ and 3.2–3.3 as dots. (Those stride-1 layers now take
     * {@link DirectConvolution#weightGradient}, which does not unfold.)
     */
    boolean weightGradientByDots() {
      return Gemm.SIMD && (batched() ? chunk() * pixels : pixels) >= DOT_DEPTH
          && Math.max(weightGradientFill(false), weightGradientFill(true)) < 0.9;
    }

    /**
     * Whether the packed weight gradient is computed as dWᵀ [K, O/groups] rather than dW: the product's
     * rows fill 6-row tiles and its columns 64-wide ones, so the orientation with less padding wins.
     * The CNN's second layer (O = 64) fills the tiles best transposed, which measured faster.
     */
    boolean weightGradientTransposed() {
      return weightGradientFill(true) >= weightGradientFill(false);
    }

    /** The share of the packed gemm's 6×64 tiles that dW (or dWᵀ) fills. */
    double weightGradientFill(boolean transposed) {
      return transposed ? Gemm.tileFill(k, Gemm.MR) * Gemm.tileFill(og, Gemm.NR_SIMD)
          : Gemm.tileFill(og, Gemm.MR) * Gemm.tileFill(k, Gemm.NR_SIMD);
    }

    /** Images per chunk of the batched path. */
    int chunk() {
      return (int) Math.clamp(CHUNK_FLOATS / ((long) k * pixels), 1, n);
    }

    /** The unfolded images i0 … i0+nb−1 side by side: [k, nb·pixels], in this thread's scratch. */
    float[] unfoldChunk(float[] x, int xOff, int i0, int nb) {
      int cols = nb * pixels;
      float[] col = scratch(COLUMNS, k * cols);
      forEachImage(nb, i -> Im2Col.im2col(x, xOff + (i0 + i) * imageSize(), c, h, w, kH, kW, p, oH, oW, col,
          i * pixels, cols));
      return col;
    }

    /** The output gradient of images i0 … i0+nb−1 as [o, nb·pixels] (channels outermost), in this thread's scratch. */
    float[] gatherChunk(float[] gy, int gOff, int i0, int nb) {
      int cols = nb * pixels;
      float[] t = scratch(PRODUCT, o * cols);
      forEachImage(nb, i -> {
        for (int oc = 0; oc < o; oc++) {
          System.arraycopy(gy, gOff + ((i0 + i) * o + oc) * pixels, t, oc * cols + i * pixels, pixels);
        }
      });
      return t;
    }
  }
}
