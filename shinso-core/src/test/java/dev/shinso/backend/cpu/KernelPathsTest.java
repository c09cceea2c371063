package dev.shinso.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.backend.BinaryOp;
import dev.shinso.backend.UnaryOp;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The vector and scalar paths of the CPU kernels agree, special values behave as in PyTorch,
 * StridedLoop visits every element once, and reductions and elementwise ops do not depend on the
 * thread count, all bit for bit: every op performs the same IEEE operations in the same order on
 * both paths (exp, log and tanh come from VectorMath, whose vector functions and scalar twins
 * match exactly; pow other than squaring runs java.lang.Math on the scalar path only).
 */
class KernelPathsTest {
  private static final int N = 37; // two 16-lane vectors (or four 8-lane ones) and a scalar tail

  private static float[] randomArray(long seed, int n, float lo, float hi) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.nextFloat();
    return a;
  }

  /** Parameters (p, q) and an input range for each unary op. */
  private record UnaryCase(UnaryOp op, float p, float q, float lo, float hi) {}

  private static List<UnaryCase> unaryCases() {
    List<UnaryCase> cases = new ArrayList<>();
    for (UnaryOp op : UnaryOp.values()) {
      switch (op) {
        case LOG, SQRT, RSQRT -> cases.add(new UnaryCase(op, 0, 0, 0.01f, 50f));
        case CLAMP -> cases.add(new UnaryCase(op, -0.5f, 0.75f, -3f, 3f));
        case POW -> {
          cases.add(new UnaryCase(op, 2f, 0, -3f, 3f));
          cases.add(new UnaryCase(op, 1.5f, 0, 0.01f, 5f));
          cases.add(new UnaryCase(op, -0.5f, 0, 0.01f, 5f));
        }
        case LEAKY_RELU -> cases.add(new UnaryCase(op, 0.1f, 0, -3f, 3f));
        case EXP -> cases.add(new UnaryCase(op, 0, 0, -20f, 20f));
        case GELU, GELU_GRAD -> cases.add(new UnaryCase(op, 0, 0, -6f, 6f));
        default -> cases.add(new UnaryCase(op, 0, 0, -4f, 4f));
      }
    }
    return cases;
  }

  private static void assertAgree(UnaryOp op, float scalar, float vector, String where) {
    if (Float.isNaN(scalar) || Float.isNaN(vector)) {
      assertThat(Float.isNaN(vector)).as(where).isEqualTo(Float.isNaN(scalar));
      return;
    }
    assertThat(Float.floatToIntBits(vector)).as(where + ": %s vs %s", vector, scalar)
        .isEqualTo(Float.floatToIntBits(scalar));
  }

  @Test
  void unaryVectorAndScalarPathsAgree() {
    for (UnaryCase c : unaryCases()) {
      float[] x = randomArray(c.op().ordinal() * 31L + (long) c.p(), N + 5, c.lo(), c.hi());
      int xo = 2, yo = 1, start = 3, end = N; // offsets and a start that is not lane-aligned
      float[] y = new float[N + 5];
      UnaryKernels.run(c.op(), c.p(), c.q(), x, xo, 1, y, yo, start, end);
      float[] strided = new float[N + 5];
      float[] x2 = new float[2 * (N + 5)];
      for (int i = 0; i < x.length; i++) x2[2 * i] = x[i];
      UnaryKernels.run(c.op(), c.p(), c.q(), x2, 2 * xo, 2, strided, yo, start, end); // stride 2: scalar path
      for (int i = start; i < end; i++) {
        float scalar = UnaryKernels.apply(c.op(), x[xo + i], c.p(), c.q());
        String where = c + " x=" + x[xo + i] + " at " + i;
        assertThat(Float.floatToIntBits(strided[yo + i])).as("strided " + where).isEqualTo(Float.floatToIntBits(scalar));
        assertAgree(c.op(), scalar, y[yo + i], where);
      }
      assertThat(y[0]).as("nothing written before start").isZero();
      assertThat(y[yo + end]).as("nothing written after end").isZero();
    }
  }

  /** The ops built in passes over chunks (VectorMath.CHUNK) agree with the scalar path across chunk edges, also in place. */
  @Test
  void chunkedUnaryOpsAgreeWithTheScalarPathOverSeveralChunksAndInPlace() {
    int n = 2 * VectorMath.CHUNK + N, xo = 3, start = 1;
    for (UnaryOp op : List.of(UnaryOp.EXP, UnaryOp.LOG, UnaryOp.SIGMOID, UnaryOp.TANH, UnaryOp.GELU, UnaryOp.GELU_GRAD)) {
      float[] x = randomArray(op.ordinal(), n + xo, op == UnaryOp.LOG ? 0.01f : -6f, 6f);
      float[] y = new float[n];
      UnaryKernels.run(op, 0, 0, x, xo, 1, y, 0, start, n);
      float[] inPlace = x.clone();
      UnaryKernels.run(op, 0, 0, inPlace, xo, 1, inPlace, xo, start, n);
      for (int i = start; i < n; i++) {
        float scalar = UnaryKernels.apply(op, x[xo + i], 0, 0);
        assertAgree(op, scalar, y[i], op + " x=" + x[xo + i] + " at " + i);
        assertAgree(op, scalar, inPlace[xo + i], op + " in place, x=" + x[xo + i] + " at " + i);
      }
    }
  }

  private static float[] withSpecials(float[] base, float... specials) {
    float[] a = base.clone();
    // one copy early (vector prefix) and one in the scalar tail
    for (int i = 0; i < specials.length; i++) {
      a[1 + i] = specials[i];
      a[N - 1 - i] = specials[i];
    }
    return a;
  }

  private static float[] unaryBoth(UnaryOp op, float p, float[] x, boolean vector) {
    float[] y = new float[x.length];
    if (vector) {
      UnaryKernels.run(op, p, 0, x, 0, 1, y, 0, 0, x.length);
    } else {
      for (int i = 0; i < x.length; i++) y[i] = UnaryKernels.apply(op, x[i], p, 0);
    }
    return y;
  }

  @Test
  void specialValuesOnBothPaths() {
    float nan = Float.NaN, inf = Float.POSITIVE_INFINITY;
    float[] x = withSpecials(randomArray(1, N, -1, 1), nan, 0f, -0f, inf, -inf);
    int[] pos = {1, 2, 3, 4, 5, N - 1, N - 2, N - 3, N - 4, N - 5};
    for (boolean vector : new boolean[] {true, false}) {
      String path = vector ? "vector" : "scalar";
      float[] relu = unaryBoth(UnaryOp.RELU, 0, x, vector);
      float[] sign = unaryBoth(UnaryOp.SIGN, 0, x, vector);
      float[] exp = unaryBoth(UnaryOp.EXP, 0, x, vector);
      float[] log = unaryBoth(UnaryOp.LOG, 0, x, vector);
      float[] sigmoid = unaryBoth(UnaryOp.SIGMOID, 0, x, vector);
      float[] tanh = unaryBoth(UnaryOp.TANH, 0, x, vector);
      float[] abs = unaryBoth(UnaryOp.ABS, 0, x, vector);
      float[] step = unaryBoth(UnaryOp.STEP, 0, x, vector);
      for (int k = 0; k < 2; k++) {
        int nanAt = pos[5 * k], zeroAt = pos[5 * k + 1], negZeroAt = pos[5 * k + 2], infAt = pos[5 * k + 3],
            negInfAt = pos[5 * k + 4];
        String where = path + (k == 0 ? " prefix" : " tail");
        assertThat(relu[nanAt]).as("relu(NaN) " + where).isNaN();
        assertThat(relu[negInfAt]).as("relu(-inf) " + where).isZero();
        assertThat(relu[infAt]).as(where).isEqualTo(inf);
        assertThat(sign[nanAt]).as("sign(NaN) " + where).isNaN();
        assertThat(sign[zeroAt]).as("sign(0) " + where).isEqualTo(0f);
        assertThat(Float.floatToIntBits(sign[zeroAt])).as("sign(+0) " + where).isEqualTo(Float.floatToIntBits(0f));
        assertThat(sign[negZeroAt]).as("sign(-0) " + where).isEqualTo(0f);
        assertThat(sign[infAt]).as(where).isEqualTo(1f);
        assertThat(sign[negInfAt]).as(where).isEqualTo(-1f);
        assertThat(exp[infAt]).as("exp(inf) " + where).isEqualTo(inf);
        assertThat(exp[negInfAt]).as("exp(-inf) " + where).isZero();
        assertThat(exp[nanAt]).as("exp(NaN) " + where).isNaN();
        assertThat(log[zeroAt]).as("log(0) " + where).isEqualTo(-inf);
        assertThat(log[negInfAt]).as("log(-inf) " + where).isNaN();
        assertThat(sigmoid[infAt]).as("sigmoid(inf) " + where).isEqualTo(1f);
        assertThat(sigmoid[negInfAt]).as("sigmoid(-inf) " + where).isZero();
        assertThat(sigmoid[nanAt]).as(where).isNaN();
        assertThat(tanh[infAt]).as("tanh(inf) " + where).isEqualTo(1f);
        assertThat(tanh[negInfAt]).as("tanh(-inf) " + where).isEqualTo(-1f);
        assertThat(abs[negInfAt]).as(where).isEqualTo(inf);
        assertThat(step[nanAt]).as("step(NaN) " + where).isZero();
        assertThat(step[zeroAt]).as(where).isZero();
      }
    }
  }

  private static float[] binaryRun(BinaryOp op, float[] a, int as, float[] b, int bs, int n) {
    float[] y = new float[n];
    BinaryKernels.runFloat(op, a, 0, as, b, 0, bs, y, 0, 1, 0, n);
    return y;
  }

  @Test
  void binaryVectorAndScalarPathsAgree() {
    for (BinaryOp op : BinaryOp.values()) {
      boolean pow = op == BinaryOp.POW;
      float[] a = randomArray(op.ordinal(), 2 * N, pow ? 0.01f : -4f, 4f);
      float[] b = randomArray(op.ordinal() + 100, 2 * N, pow ? -2f : -4f, pow ? 2f : 4f);
      for (int i = 0; i < 2 * N; i += 5) b[i] = a[i]; // ties for the comparisons and max/min
      // (as, bs): both contiguous, a broadcast scalar, b broadcast scalar (vector paths); stride 2 (scalar path)
      int[][] strides = {{1, 1}, {0, 1}, {1, 0}, {2, 1}, {1, 2}};
      for (int[] s : strides) {
        float[] y = binaryRun(op, a, s[0], b, s[1], N);
        for (int i = 0; i < N; i++) {
          float x = a[i * s[0]], z = b[i * s[1]];
          float expected = BinaryKernels.apply(op, x, z);
          String where = op + " strides " + Arrays.toString(s) + " at " + i + ": " + x + ", " + z;
          assertThat(Float.floatToIntBits(y[i])).as(where + " -> " + y[i] + " vs " + expected)
              .isEqualTo(Float.floatToIntBits(expected));
        }
      }
      // a strided output takes the scalar path too
      float[] y = new float[2 * N];
      BinaryKernels.runFloat(op, a, 0, 1, b, 0, 1, y, 0, 2, 0, N);
      for (int i = 0; i < N; i++) {
        assertThat(Float.floatToIntBits(y[2 * i])).isEqualTo(Float.floatToIntBits(BinaryKernels.apply(op, a[i], b[i])));
        assertThat(y[2 * i + 1]).isZero();
      }
    }
  }

  @Test
  void binarySpecialValues() {
    float nan = Float.NaN;
    float[] a = withSpecials(randomArray(5, N, -1, 1), nan, 1f, -0f);
    float[] b = withSpecials(randomArray(6, N, -1, 1), 1f, nan, 0f);
    for (int k = 0; k < 2; k++) {
      int i0 = k == 0 ? 1 : N - 1, i1 = k == 0 ? 2 : N - 2, i2 = k == 0 ? 3 : N - 3;
      for (boolean vector : new boolean[] {true, false}) {
        int st = 1;
        float[] max = vector ? binaryRun(BinaryOp.MAX, a, st, b, st, N) : scalarBinary(BinaryOp.MAX, a, b);
        float[] min = vector ? binaryRun(BinaryOp.MIN, a, st, b, st, N) : scalarBinary(BinaryOp.MIN, a, b);
        float[] eq = vector ? binaryRun(BinaryOp.EQ, a, st, b, st, N) : scalarBinary(BinaryOp.EQ, a, b);
        float[] ne = vector ? binaryRun(BinaryOp.NE, a, st, b, st, N) : scalarBinary(BinaryOp.NE, a, b);
        float[] lt = vector ? binaryRun(BinaryOp.LT, a, st, b, st, N) : scalarBinary(BinaryOp.LT, a, b);
        float[] relu = vector ? binaryRun(BinaryOp.RELU_BACKWARD, a, st, b, st, N) : scalarBinary(BinaryOp.RELU_BACKWARD, a, b);
        String where = (vector ? "vector" : "scalar") + (k == 0 ? " prefix" : " tail");
        assertThat(max[i0]).as("max(NaN, 1) " + where).isNaN();
        assertThat(max[i1]).as("max(1, NaN) " + where).isNaN();
        assertThat(min[i0]).as("min(NaN, 1) " + where).isNaN();
        assertThat(min[i1]).as("min(1, NaN) " + where).isNaN();
        assertThat(Float.floatToIntBits(max[i2])).as("max(-0, 0) " + where).isEqualTo(Float.floatToIntBits(0f));
        assertThat(Float.floatToIntBits(min[i2])).as("min(-0, 0) " + where).isEqualTo(Float.floatToIntBits(-0f));
        assertThat(eq[i0]).as("NaN == 1 " + where).isZero();
        assertThat(ne[i0]).as("NaN != 1 " + where).isEqualTo(1f);
        assertThat(lt[i1]).as("1 < NaN " + where).isZero();
        assertThat(eq[i2]).as("-0 == 0 " + where).isEqualTo(1f);
        assertThat(relu[i0]).as("a NaN gradient passes where the input is positive " + where).isNaN();
        assertThat(Float.floatToIntBits(relu[i1])).as("no gradient where the input is NaN " + where).isZero();
        assertThat(Float.floatToIntBits(relu[i2])).as("no gradient (+0) at input 0 " + where).isZero();
      }
    }
  }

  private static float[] scalarBinary(BinaryOp op, float[] a, float[] b) {
    float[] y = new float[N];
    for (int i = 0; i < N; i++) y[i] = BinaryKernels.apply(op, a[i], b[i]);
    return y;
  }

  // ---- StridedLoop ----

  @Test
  void stridedLoopMergesContiguousDims() {
    StridedLoop contiguous = new StridedLoop(new int[] {2, 3, 4}, new int[][] {{12, 4, 1}, {12, 4, 1}}, new int[2]);
    assertThat(contiguous.rows).isEqualTo(1);
    assertThat(contiguous.rowLength).isEqualTo(24);
    assertThat(contiguous.innerStride(0)).isEqualTo(1);

    // second operand is a transposed view: nothing merges with its swapped dims
    StridedLoop transposed = new StridedLoop(new int[] {2, 3, 4}, new int[][] {{12, 4, 1}, {12, 1, 3}}, new int[2]);
    assertThat(transposed.rows).isEqualTo(6);
    assertThat(transposed.rowLength).isEqualTo(4);
    assertThat(transposed.innerStride(1)).isEqualTo(3);

    // expanded leading dims (stride 0) merge with each other but not with the row
    StridedLoop expanded = new StridedLoop(new int[] {2, 3, 4}, new int[][] {{12, 4, 1}, {0, 0, 1}}, new int[2]);
    assertThat(expanded.rows).isEqualTo(6);
    assertThat(expanded.rowLength).isEqualTo(4);

    // a broadcast row: inner stride 0
    StridedLoop rowBroadcast = new StridedLoop(new int[] {3, 4}, new int[][] {{4, 1}, {1, 0}}, new int[2]);
    assertThat(rowBroadcast.rows).isEqualTo(3);
    assertThat(rowBroadcast.innerStride(1)).isEqualTo(0);

    // size-1 dims are dropped whatever their stride
    StridedLoop ones = new StridedLoop(new int[] {2, 1, 3}, new int[][] {{3, 99, 1}}, new int[1]);
    assertThat(ones.rows).isEqualTo(1);
    assertThat(ones.rowLength).isEqualTo(6);

    StridedLoop scalar = new StridedLoop(new int[0], new int[][] {{}, {}}, new int[] {5, 7});
    assertThat(scalar.rows).isEqualTo(1);
    assertThat(scalar.rowLength).isEqualTo(1);
    int[] offs = new int[2];
    scalar.rowOffsets(0, offs);
    assertThat(offs).containsExactly(5, 7);
  }

  /** Runs the loop and checks every output element is visited once, paired with the right input offset. */
  private static void checkVisitsOnce(int[] shape, int[] inStrides, int inOffset, int grain) {
    int n = 1;
    for (int s : shape) n *= s;
    int[] outStrides = new int[shape.length];
    for (int d = shape.length - 1, s = 1; d >= 0; d--) {
      outStrides[d] = s;
      s *= shape[d];
    }
    int outOffset = 3;
    StridedLoop loop = new StridedLoop(shape, new int[][] {outStrides, inStrides}, new int[] {outOffset, inOffset});
    int os = loop.innerStride(0), is = loop.innerStride(1);
    AtomicIntegerArray visits = new AtomicIntegerArray(n);
    AtomicIntegerArray inputAt = new AtomicIntegerArray(n);
    loop.forEach(grain, (o, start, end) -> {
      for (int i = start; i < end; i++) {
        int out = o[0] + i * os - outOffset;
        visits.incrementAndGet(out);
        inputAt.set(out, o[1] + i * is);
      }
    });
    int[] idx = new int[shape.length];
    for (int flat = 0; flat < n; flat++) {
      int expectedIn = inOffset;
      for (int d = 0; d < shape.length; d++) expectedIn += idx[d] * inStrides[d];
      String where = Arrays.toString(shape) + " strides " + Arrays.toString(inStrides) + " at " + Arrays.toString(idx);
      assertThat(visits.get(flat)).as(where).isEqualTo(1);
      assertThat(inputAt.get(flat)).as(where).isEqualTo(expectedIn);
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) break;
        idx[d] = 0;
      }
    }
  }

  @Test
  void stridedLoopVisitsEveryElementOnceForPermutedAndExpandedLayouts() {
    int saved = IntraOpPool.numThreads();
    try {
      Random r = new Random(17);
      for (int threads : new int[] {1, 3}) {
        IntraOpPool.setNumThreads(threads);
        for (int trial = 0; trial < 60; trial++) {
          int rank = 1 + r.nextInt(4);
          int[] shape = new int[rank];
          for (int d = 0; d < rank; d++) shape[d] = 1 + r.nextInt(5);
          // strides of a contiguous tensor of a permuted shape, then some dims expanded (stride 0)
          int[] perm = permutation(rank, r);
          int[] strides = new int[rank];
          int s = 1;
          for (int k = rank - 1; k >= 0; k--) {
            strides[perm[k]] = s;
            s *= shape[perm[k]];
          }
          for (int d = 0; d < rank; d++) if (r.nextInt(4) == 0) strides[d] = 0;
          int grain = 1 + r.nextInt(8); // small grains force the parallel branches
          checkVisitsOnce(shape, strides, r.nextInt(5), grain);
        }
        // one long row split across threads, and many short rows
        checkVisitsOnce(new int[] {2, 1000}, new int[] {1000, 1}, 0, 16);
        checkVisitsOnce(new int[] {500, 3}, new int[] {1, 500}, 0, 4);
      }
    } finally {
      IntraOpPool.setNumThreads(saved);
    }
  }

  private static int[] permutation(int n, Random r) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  // ---- reductions ----

  /** Sum, max and min over dims of x, in double by plain loops; shape keeps the reduced dims as 1. */
  private static double[][] referenceReduce(float[] x, int[] shape, int[] dims) {
    int[] outShape = shape.clone();
    for (int d : dims) outShape[d] = 1;
    int outN = 1;
    for (int s : outShape) outN *= s;
    double[] sum = new double[outN], abs = new double[outN], max = new double[outN], min = new double[outN];
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    int[] idx = new int[shape.length];
    for (float v : x) {
      int o = 0;
      for (int d = 0; d < shape.length; d++) o = o * outShape[d] + (outShape[d] == 1 ? 0 : idx[d]);
      sum[o] += v;
      abs[o] += Math.abs(v);
      max[o] = Math.max(max[o], v);
      min[o] = Math.min(min[o], v);
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) break;
        idx[d] = 0;
      }
    }
    return new double[][] {sum, abs, max, min};
  }

  private static void checkReduction(Tensor x, int[] dims, String what) {
    float[] data = x.toFloatArray();
    double[][] ref = referenceReduce(data, x.shapeArray(), dims);
    float[] sum = x.sum(dims, true).toFloatArray();
    float[] max = x.amax(dims, true).toFloatArray();
    float[] min = x.amin(dims, true).toFloatArray();
    assertThat(sum).hasSize(ref[0].length);
    for (int i = 0; i < sum.length; i++) {
      String where = what + " dims " + Arrays.toString(dims) + " at " + i;
      // blocked float accumulation: error far below n·eps·Σ|x|
      assertThat((double) sum[i]).as("sum " + where).isCloseTo(ref[0][i],
          org.assertj.core.data.Offset.offset(1e-6 * ref[1][i] + 1e-6));
      assertThat((double) max[i]).as("max " + where).isEqualTo(ref[2][i]);
      assertThat((double) min[i]).as("min " + where).isEqualTo(ref[3][i]);
    }
  }

  @Test
  void reductionsOverPrefixInnerAndMiddleDims() {
    Generator g = new Generator(3);
    Tensor m = Tensor.randn(g, 50, 37);
    checkReduction(m, new int[] {0}, "prefix (column path)");
    checkReduction(m, new int[] {1}, "inner");
    checkReduction(m, new int[] {0, 1}, "all");
    Tensor t = Tensor.randn(g, 6, 40, 5);
    checkReduction(t, new int[] {0, 1}, "prefix of rank 3");
    checkReduction(t, new int[] {1}, "middle");
    checkReduction(t, new int[] {0, 2}, "outer and inner");
    checkReduction(t, new int[] {2}, "inner of rank 3");
    // kept dims in the middle with planes of at least a vector: each kept index sums its planes in place
    Tensor u = Tensor.randn(g, 4, 3, 20, 9);
    checkReduction(u, new int[] {0, 2, 3}, "all but the channels (planes)");
    checkReduction(u, new int[] {0, 3}, "outer and inner around two kept dims");
    checkReduction(Tensor.randn(g, 3, 7, 40), new int[] {2}, "inner, planes of a vector or more");
    // strided inputs: a transposed view (prefix dims of a non-contiguous tensor) and an offset view
    checkReduction(m.t(), new int[] {0}, "transposed");
    checkReduction(t.narrow(1, 3, 30), new int[] {0}, "narrowed prefix");
    checkReduction(t.narrow(0, 2, 3), new int[] {0}, "offset prefix");
    checkReduction(t.expand(2, 6, 40, 5), new int[] {0, 3}, "expanded");
  }

  @Test
  void extremaPropagateNaNOnBothReductionPaths() {
    float[] data = randomArray(9, 40 * 20, -1, 1);
    data[7 * 20 + 3] = Float.NaN; // row 7, column 3
    Tensor x = Tensor.of(data, 40, 20);
    float[] colMax = x.amax(new int[] {0}, false).toFloatArray(); // column path
    float[] rowMax = x.amax(new int[] {1}, false).toFloatArray(); // row path
    assertThat(colMax[3]).isNaN();
    assertThat(colMax[4]).isNotNaN();
    assertThat(rowMax[7]).isNaN();
    assertThat(rowMax[6]).isNotNaN();
    assertThat(x.amin(new int[] {0}, false).toFloatArray()[3]).isNaN();
    assertThat(x.amin(new int[] {1}, false).toFloatArray()[7]).isNaN();
  }

  @Test
  void bigSumsAreAccurate() {
    int n = 1_000_000;
    for (boolean positive : new boolean[] {true, false}) {
      float[] x = positive ? Tensor.rand(new Generator(21), n).toFloatArray()
          : Tensor.randn(new Generator(22), n).toFloatArray();
      double exact = 0, absSum = 0;
      for (float v : x) {
        exact += v;
        absSum += Math.abs(v);
      }
      float direct = Reductions.sum(x, 0, n);
      assertThat((double) direct).as("Reductions.sum").isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-6 * absSum));
      float all = Tensor.of(x).sum().item();
      assertThat((double) all).as("Tensor.sum()").isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-6 * absSum));
      // the column path: 1000 rows of 1000
      Tensor m = Tensor.of(x, 1000, 1000);
      float[] cols = m.sum(0).toFloatArray();
      double[][] ref = referenceReduce(x, new int[] {1000, 1000}, new int[] {0});
      for (int j = 0; j < 1000; j++) {
        assertThat((double) cols[j]).as("column %d", j)
            .isCloseTo(ref[0][j], org.assertj.core.data.Offset.offset(1e-5 * ref[1][j]));
      }
    }
  }

  // ---- thread count ----

  private record Result(String name, float[] values) {}

  private static List<Result> elementwiseWorkload() {
    Generator g = new Generator(99);
    int n = 70_001; // above two grains (so 2 threads split it), with a tail
    Tensor a = Tensor.randn(g, n), b = Tensor.randn(g, n), pos = Tensor.rand(g, n).add(0.01f);
    Tensor m = Tensor.randn(g, 150, 400);
    List<Result> out = new ArrayList<>();
    for (UnaryCase c : unaryCases()) {
      Tensor x = switch (c.op()) {
        case LOG, SQRT, RSQRT -> pos;
        case POW -> c.p() == 2f ? a : pos;
        default -> a;
      };
      out.add(new Result(c.toString(), CpuBackend.INSTANCE.unary(c.op(), x, c.p(), c.q()).toFloatArray()));
      out.add(new Result(c + " strided", CpuBackend.INSTANCE.unary(c.op(), m.t(), c.p(), c.q()).toFloatArray()));
    }
    for (BinaryOp op : BinaryOp.values()) {
      out.add(new Result(op.toString(), CpuBackend.INSTANCE.binary(op, op == BinaryOp.POW ? pos : a, b).toFloatArray()));
    }
    out.add(new Result("add broadcast", a.add(b.narrow(0, 0, 1).expand(n)).toFloatArray()));
    out.add(new Result("add strided", m.add(m.t().contiguous().t()).toFloatArray()));
    out.add(new Result("mul by column sums", m.mul(m.sum(new int[] {0}, true)).toFloatArray()));
    out.add(new Result("sum dim 0", m.sum(new int[] {0}, false).toFloatArray()));
    out.add(new Result("sum dim 1", m.sum(new int[] {1}, false).toFloatArray()));
    out.add(new Result("amax of transposed", m.t().amax(new int[] {1}, false).toFloatArray()));
    out.add(new Result("sum, mean, var", new float[] {a.sum().item(), a.mean().item(), a.var().item()}));
    out.add(new Result("softmax", m.softmax(1).toFloatArray()));
    return out;
  }

  /** Same inputs, 1 vs 2 threads: identical bits for every result. */
  @Test
  void resultsDoNotDependOnThreadCount() {
    int saved = IntraOpPool.numThreads();
    try {
      IntraOpPool.setNumThreads(1);
      List<Result> one = elementwiseWorkload();
      IntraOpPool.setNumThreads(2);
      List<Result> two = elementwiseWorkload();
      assertThat(two).hasSameSizeAs(one);
      for (int i = 0; i < one.size(); i++) {
        Result r1 = one.get(i), r2 = two.get(i);
        float[] v1 = r1.values(), v2 = r2.values();
        assertThat(v2.length).as(r1.name()).isEqualTo(v1.length);
        int firstDiff = -1;
        for (int j = 0; j < v1.length && firstDiff < 0; j++) {
          boolean same = Float.floatToRawIntBits(v1[j]) == Float.floatToRawIntBits(v2[j]);
          if (!same) firstDiff = j;
        }
        int at = firstDiff;
        assertThat(firstDiff).as(() -> r1.name() + ", element " + at + " differs: "
            + (at < 0 ? "" : v1[at] + " (1 thread) vs " + v2[at] + " (2 threads)")).isEqualTo(-1);
      }
    } finally {
      IntraOpPool.setNumThreads(saved);
    }
    assertThat(IntraOpPool.numThreads()).isEqualTo(saved);
  }
}
