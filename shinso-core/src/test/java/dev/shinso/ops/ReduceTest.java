package dev.shinso.ops;

import static dev.shinso.testing.OpAssertions.assertClose;
import static dev.shinso.testing.OpAssertions.assertGradCheck;
import static dev.shinso.testing.OpAssertions.assertValues;
import static dev.shinso.testing.OpAssertions.distinct;
import static dev.shinso.testing.OpAssertions.leaf;
import static dev.shinso.testing.OpAssertions.numel;
import static dev.shinso.testing.OpAssertions.randn;
import static dev.shinso.testing.OpAssertions.slicedLeaf;
import static dev.shinso.testing.OpAssertions.transposedLeaf;
import static dev.shinso.testing.OpAssertions.unravel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.backend.cpu.IntraOpPool;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ReduceTest {
  private static final Tensor X = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});

  // ---- forward: hand-computed ----

  @Test
  void sumAndMean() {
    assertValues("sum", X.sum(), new int[] {}, 21);
    assertValues("sum dim 0", X.sum(0), new int[] {3}, 5, 7, 9);
    assertValues("sum dim -1", X.sum(-1), new int[] {2}, 6, 15);
    assertValues("sum keepdim", X.sum(new int[] {1}, true), new int[] {2, 1}, 6, 15);
    assertValues("sum both dims keepdim", X.sum(new int[] {0, 1}, true), new int[] {1, 1}, 21);
    assertValues("mean", X.mean(), new int[] {}, 3.5f);
    assertValues("mean dim 1", X.mean(1), new int[] {2}, 2, 5);
    assertValues("mean dim 0 keepdim", X.mean(new int[] {0}, true), new int[] {1, 3}, 2.5f, 3.5f, 4.5f);
    assertValues("sum of a transposed view", X.t().sum(0), new int[] {2}, 6, 15);
    assertValues("sum of an int64 tensor", Tensor.ofLongs(new long[] {1, 2, 3}).sum(), new int[] {}, 6);
  }

  @Test
  void varAndStd() {
    // 1..6: mean 3.5, squared deviations sum to 17.5; unbiased variance 17.5/5 = 3.5.
    assertClose("var", X.var(), new int[] {}, new double[] {3.5}, 0, 1e-6);
    assertClose("std", X.std(), new int[] {}, new double[] {Math.sqrt(3.5)}, 0, 1e-6);
    assertClose("var dim 1", X.var(new int[] {1}, 1, false), new int[] {2}, new double[] {1, 1}, 0, 1e-6);
    assertClose("var dim 0, correction 0", X.var(new int[] {0}, 0, true), new int[] {1, 3},
        new double[] {2.25, 2.25, 2.25}, 0, 1e-6);
    assertClose("std dim 1, correction 0", Tensor.of(new float[] {1, 2, 3}).std(new int[] {0}, 0, false), new int[] {},
        new double[] {Math.sqrt(2.0 / 3)}, 0, 1e-6);
  }

  @Test
  void extrema() {
    Tensor y = Tensor.of(new float[][] {{1, 7, 3}, {-4, 5, 6}});
    assertValues("max", y.max(), new int[] {}, 7);
    assertValues("min", y.min(), new int[] {}, -4);
    assertValues("max dim 0", y.max(0, false), new int[] {3}, 1, 7, 6);
    assertValues("max dim 1 keepdim", y.max(1, true), new int[] {2, 1}, 7, 6);
    assertValues("min dim 1", y.min(1, false), new int[] {2}, 1, -4);
    assertValues("amax dims 0,1", y.amax(new int[] {0, 1}, false), new int[] {}, 7);
    assertValues("amin dim 0 keepdim", y.amin(new int[] {0}, true), new int[] {1, 3}, -4, 5, 3);
  }

  @Test
  void logsumexpSoftmaxLogSoftmax() {
    float ln3 = (float) Math.log(3);
    Tensor z = Tensor.of(new float[] {0, ln3});
    assertClose("logsumexp", z.logsumexp(new int[] {0}, false), new int[] {}, new double[] {Math.log(4)}, 0, 1e-6);
    assertClose("softmax", z.softmax(0), new int[] {2}, new double[] {0.25, 0.75}, 1e-7, 1e-6);
    assertClose("logSoftmax", z.logSoftmax(0), new int[] {2}, new double[] {Math.log(0.25), Math.log(0.75)}, 1e-6, 1e-6);
    float top = -1000 + (float) Math.log(3);
    double d = top + 1000.0; // the gap the float inputs really have (ln 3 rounded at ulp(1000))
    Tensor big = Tensor.of(new float[][] {{1000, 1000}, {-1000, top}});
    double p = Math.exp(d) / (1 + Math.exp(d));
    // Softmax must not lose |x|·2^-24 of precision (as exp(x - logsumexp(x)) would: 0.499985 here).
    assertClose("softmax of large inputs", big.softmax(1), new int[] {2, 2}, new double[] {0.5, 0.5, 1 - p, p},
        1e-7, 1e-6);
    assertClose("logSoftmax of large inputs", big.logSoftmax(1), new int[] {2, 2},
        new double[] {-Math.log(2), -Math.log(2), Math.log(1 - p), Math.log(p)}, 1e-6, 1e-6);
    assertClose("logsumexp of large inputs", big.logsumexp(new int[] {1}, true), new int[] {2, 1},
        new double[] {1000 + Math.log(2), -1000 + Math.log(1 + Math.exp(d))}, 1e-4, 1e-6);
    assertClose("softmax over dim 0", Tensor.of(new float[][] {{0, 1}, {0, 1}}).softmax(0), new int[] {2, 2},
        new double[] {0.5, 0.5, 0.5, 0.5}, 1e-7, 1e-6);
  }

  /** Every reduction against a double loop, over each dim set of a random 3-d tensor and of a permuted view. */
  @Test
  void matchesDoubleReferenceOverEveryDimSet() {
    Generator g = new Generator(31);
    int[] shape = {3, 4, 5};
    float[] x = distinct(g, numel(shape));
    for (int[] dims : new int[][] {{0}, {1}, {2}, {0, 1}, {0, 2}, {1, 2}, {0, 1, 2}}) {
      String at = " over " + java.util.Arrays.toString(dims);
      Tensor t = Tensor.of(x, shape);
      int[] kept = shape.clone();
      for (int d : dims) kept[d] = 1;
      assertClose("sum" + at, t.sum(dims, true), kept, reduceRef(x, shape, dims, "sum"), 1e-5, 1e-5);
      assertClose("mean" + at, t.mean(dims, true), kept, reduceRef(x, shape, dims, "mean"), 1e-5, 1e-5);
      assertClose("var" + at, t.var(dims, 1, true), kept, reduceRef(x, shape, dims, "var"), 1e-5, 1e-5);
      assertClose("std" + at, t.std(dims, 1, true), kept, reduceRef(x, shape, dims, "std"), 1e-5, 1e-5);
      assertClose("amax" + at, t.amax(dims, true), kept, reduceRef(x, shape, dims, "max"), 0, 0);
      assertClose("amin" + at, t.amin(dims, true), kept, reduceRef(x, shape, dims, "min"), 0, 0);
      assertClose("logsumexp" + at, t.logsumexp(dims, true), kept, reduceRef(x, shape, dims, "lse"), 1e-5, 1e-5);
    }
    // The same values seen through a permuted (non-contiguous) view: reduce the view's dim 2 = the buffer's dim 0.
    float[] p = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      int[] idx = unravel(i, shape);
      p[(idx[2] * 4 + idx[1]) * 3 + idx[0]] = x[i];
    }
    Tensor view = Tensor.of(p, 5, 4, 3).permute(2, 1, 0);
    assertThat(view.isContiguous()).isFalse();
    assertClose("sum of a permuted view", view.sum(new int[] {0, 2}, true), new int[] {1, 4, 1},
        reduceRef(x, shape, new int[] {0, 2}, "sum"), 1e-5, 1e-5);
    assertClose("amax of a permuted view", view.amax(new int[] {1}, false), new int[] {3, 5},
        reduceRef(x, shape, new int[] {1}, "max"), 0, 0);
  }

  @Test
  void softmaxMatchesDoubleReference() {
    Generator g = new Generator(32);
    int rows = 3, cols = 17;
    float[] x = randn(g, rows * cols);
    double[] soft = new double[x.length], logSoft = new double[x.length];
    for (int r = 0; r < rows; r++) {
      double s = 0;
      for (int c = 0; c < cols; c++) s += Math.exp(x[r * cols + c]);
      for (int c = 0; c < cols; c++) {
        soft[r * cols + c] = Math.exp(x[r * cols + c]) / s;
        logSoft[r * cols + c] = x[r * cols + c] - Math.log(s);
      }
    }
    assertClose("softmax", Tensor.of(x, rows, cols).softmax(-1), new int[] {rows, cols}, soft, 1e-7, 1e-5);
    assertClose("logSoftmax", transposedLeaf(x, rows, cols).detach().logSoftmax(1), new int[] {rows, cols}, logSoft,
        1e-6, 1e-5);
  }

  @Test
  void sumOverMoreThanTheParallelThresholdMatchesADoubleLoop() {
    int saved = IntraOpPool.numThreads();
    IntraOpPool.setNumThreads(4);
    try {
      Generator g = new Generator(33);
      int n = 100_003;
      // Small integers: every float partial sum is exact, so the result must equal the long sum exactly.
      float[] ints = new float[n];
      long exact = 0;
      for (int i = 0; i < n; i++) {
        ints[i] = (int) g.nextLong(5) - 2;
        exact += (long) ints[i];
      }
      assertValues("sum of 100003 small integers", Tensor.of(ints).sum(), new int[] {}, exact);
      assertValues("same, as [1, 100003] over dim 1", Tensor.of(ints, 1, n).sum(1), new int[] {1}, exact);
      assertValues("same, strided", slicedLeaf(ints, n).detach().sum(), new int[] {}, exact);
      // Gaussian values: float accumulation error stays far below 1e-5 of Σ|x|.
      float[] x = randn(g, n);
      double s = 0, abs = 0;
      for (float v : x) {
        s += v;
        abs += Math.abs(v);
      }
      assertClose("sum of 100003 gaussians", Tensor.of(x).sum(), new int[] {}, new double[] {s}, 1e-5 * abs, 0);
      assertClose("mean of 100003 gaussians", Tensor.of(x).mean(), new int[] {}, new double[] {s / n}, 1e-5 * abs / n, 0);
      // Column sums over leading rows (a bias gradient) and row sums of a [3, 70000] tensor.
      int rows = 3, cols = 70_000;
      float[] m = new float[rows * cols];
      for (int i = 0; i < m.length; i++) m[i] = (int) g.nextLong(7) - 3;
      double[] colSums = new double[cols], rowSums = new double[rows];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          colSums[c] += m[r * cols + c];
          rowSums[r] += m[r * cols + c];
        }
      }
      assertClose("column sums", Tensor.of(m, rows, cols).sum(0), new int[] {cols}, colSums, 0, 0);
      assertClose("row sums", Tensor.of(m, rows, cols).sum(1), new int[] {rows}, rowSums, 0, 0);
      assertClose("row sums of a transposed view", transposedLeaf(m, rows, cols).detach().sum(1), new int[] {rows},
          rowSums, 0, 0);
      double[] maxes = new double[rows];
      java.util.Arrays.fill(maxes, Double.NEGATIVE_INFINITY);
      float[] d = distinct(g, rows * cols);
      for (int i = 0; i < d.length; i++) maxes[i / cols] = Math.max(maxes[i / cols], d[i]);
      assertClose("row maxima", Tensor.of(d, rows, cols).max(1, false), new int[] {rows}, maxes, 0, 0);
    } finally {
      IntraOpPool.setNumThreads(saved);
    }
  }

  @Test
  void sumAcrossVectorTails() {
    for (int n : new int[] {1, 15, 16, 17, 33}) {
      float[] x = new float[n];
      for (int i = 0; i < n; i++) x[i] = (i * 7 % 11) - 5;
      x[n - 1] = 100; // the extreme sits in the scalar tail
      double s = 0;
      for (float v : x) s += v;
      assertValues("sum n=" + n, Tensor.of(x).sum(), new int[] {}, (float) s);
      assertValues("max n=" + n, Tensor.of(x).max(), new int[] {}, 100);
      assertValues("argmax n=" + n, Tensor.of(x).argmax().toFloat(), new int[] {}, n - 1);
      x[n - 1] = -100;
      assertValues("min n=" + n, Tensor.of(x).min(), new int[] {}, -100);
      assertValues("2 rows, n=" + n, Tensor.of(concat(x, x), 2, n).min(1, false), new int[] {2}, -100, -100);
    }
  }

  // ---- argmax / argmin ----

  @Test
  void argmaxArgminAreInt64WithTiesToTheFirstIndex() {
    Tensor y = Tensor.of(new float[][] {{1, 3, 3}, {2, 2, 1}});
    Tensor am = y.argmax(1, false);
    assertThat(am.dtype()).isEqualTo(DType.INT64);
    assertThat(am.shapeArray()).containsExactly(2);
    assertThat(am.toLongArray()).containsExactly(1, 0);
    assertThat(y.argmin(1, false).toLongArray()).containsExactly(0, 2);
    assertThat(y.argmax(0, true).shapeArray()).containsExactly(1, 3);
    assertThat(y.argmax(0, true).toLongArray()).containsExactly(1, 0, 0);
    assertThat(y.argmin(0, false).toLongArray()).containsExactly(0, 1, 1);
    assertThat(y.argmax().toLongArray()).as("flat index of the first maximum").containsExactly(1);
    assertThat(y.argmax().shapeArray()).isEmpty();
    assertThat(Tensor.of(new float[] {5, 5, 5}).argmin(0, false).toLongArray()).containsExactly(0);
    assertThat(y.t().argmax(0, false).toLongArray()).as("on a transposed view").containsExactly(1, 0);
    Tensor longs = Tensor.ofLongs(new long[] {4, 9, 9, -2}, 2, 2);
    assertThat(longs.argmax(1, false).toLongArray()).containsExactly(1, 0);
    assertThat(longs.argmin(0, false).toLongArray()).containsExactly(0, 1);
  }

  // ---- backward ----

  private static void check(String name, Function<Tensor, Tensor> f, Generator g, boolean distinctValues) {
    int[] shape = {2 + (int) g.nextLong(3), 2 + (int) g.nextLong(3), 1 + (int) g.nextLong(3)};
    int n = numel(shape);
    assertGradCheck(name + " " + java.util.Arrays.toString(shape), xs -> f.apply(xs.get(0)),
        leaf(distinctValues ? distinct(g, n) : randn(g, n), shape));
    int[] view = {shape[0], shape[1] * shape[2]};
    assertGradCheck(name + " transposed", xs -> f.apply(xs.get(0).reshape(shape)),
        transposedLeaf(distinctValues ? distinct(g, n) : randn(g, n), view[0], view[1]));
    assertGradCheck(name + " sliced", xs -> f.apply(xs.get(0)),
        slicedLeaf(distinctValues ? distinct(g, n) : randn(g, n), shape));
  }

  @Test
  void gradChecks() {
    Generator g = new Generator(34);
    check("sum all", Tensor::sum, g, false);
    check("sum dim 1", x -> x.sum(1), g, false);
    check("sum dims 0,2 keepdim", x -> x.sum(new int[] {0, 2}, true), g, false);
    check("mean all", Tensor::mean, g, false);
    check("mean dim -1 keepdim", x -> x.mean(new int[] {-1}, true), g, false);
    check("var all", Tensor::var, g, false);
    check("var dims 0,1", x -> x.var(new int[] {0, 1}, 1, false), g, false);
    check("var dim 1, correction 0", x -> x.var(new int[] {1}, 0, true), g, false);
    check("std all", Tensor::std, g, false);
    check("std dim 0", x -> x.std(new int[] {0}, 1, false), g, false);
    check("max all", Tensor::max, g, true);
    check("min all", Tensor::min, g, true);
    check("max dim 1", x -> x.max(1, false), g, true);
    check("min dim 0 keepdim", x -> x.min(0, true), g, true);
    check("amax dims 0,2", x -> x.amax(new int[] {0, 2}, false), g, true);
    check("amin dims 1,2 keepdim", x -> x.amin(new int[] {1, 2}, true), g, true);
    check("logsumexp dim 1", x -> x.logsumexp(new int[] {1}, false), g, false);
    check("logsumexp all", x -> x.logsumexp(new int[0], true), g, false);
    check("softmax dim 1", x -> x.softmax(1), g, false);
    check("softmax dim -1", x -> x.softmax(-1), g, false);
    check("logSoftmax dim 0", x -> x.logSoftmax(0), g, false);
    check("logSoftmax dim 2", x -> x.logSoftmax(2), g, false);
  }

  @Test
  void tiedExtremaShareTheGradient() {
    Tensor x = leaf(new float[] {1, 3, 3, 2});
    x.max().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(0, 0.5f, 0.5f, 0);
    Tensor y = leaf(new float[] {1, 3, 2, 0}, 2, 2);
    y.min(1, false).sum().backward();
    assertThat(y.grad().toFloatArray()).containsExactly(1, 0, 0, 1);
  }

  @Test
  void meanGradientIsOneOverN() {
    Tensor x = leaf(new float[] {1, 2, 3, 4}, 2, 2);
    x.mean().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(0.25f, 0.25f, 0.25f, 0.25f);
  }

  // ---- references ----

  /** Reduces x (row-major, shape) over dims in double; the result has the kept (keepdim) shape. */
  private static double[] reduceRef(float[] x, int[] shape, int[] dims, String kind) {
    int[] kept = shape.clone();
    for (int d : dims) kept[d] = 1;
    int outN = numel(kept);
    List<List<Double>> groups = new java.util.ArrayList<>();
    for (int i = 0; i < outN; i++) groups.add(new java.util.ArrayList<>());
    for (int i = 0; i < x.length; i++) {
      int[] idx = unravel(i, shape);
      int flat = 0;
      for (int d = 0; d < shape.length; d++) flat = flat * kept[d] + (kept[d] == 1 ? 0 : idx[d]);
      groups.get(flat).add((double) x[i]);
    }
    double[] r = new double[outN];
    for (int i = 0; i < outN; i++) {
      List<Double> v = groups.get(i);
      double sum = 0, max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY;
      for (double e : v) {
        sum += e;
        max = Math.max(max, e);
        min = Math.min(min, e);
      }
      double mean = sum / v.size(), ss = 0, se = 0;
      for (double e : v) {
        ss += (e - mean) * (e - mean);
        se += Math.exp(e - max);
      }
      r[i] = switch (kind) {
        case "sum" -> sum;
        case "mean" -> mean;
        case "var" -> ss / (v.size() - 1);
        case "std" -> Math.sqrt(ss / (v.size() - 1));
        case "max" -> max;
        case "min" -> min;
        case "lse" -> max + Math.log(se);
        default -> throw new IllegalArgumentException(kind);
      };
    }
    return r;
  }

  private static float[] concat(float[] a, float[] b) {
    float[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
