package dev.shinso.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shinso.nn.Functional;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * FLOAT64 forwards against values computed here in plain double (independent of the kernels), and
 * the composite ops it runs on (convolution, pooling, norms) against the float32 kernels, which
 * are separate code. Gradients in float64 are every op test's GradCheck.
 */
class Float64Test {
  private static final double[] X = {-2.5, -1.25, -0.1, 0.2, 0.7, 1.9, 3.3, 0.1 + 0.2};

  private static Tensor x() {
    return Tensor.ofDoubles(X, 2, 4);
  }

  private static void assertUnary(String name, UnaryOperator<Tensor> op, DoubleUnaryOperator ref) {
    Tensor y = op.apply(x());
    assertThat(y.dtype()).as(name).isEqualTo(DType.FLOAT64);
    double[] v = y.toDoubleArray();
    for (int i = 0; i < X.length; i++) {
      double expected = ref.applyAsDouble(X[i]);
      assertThat(v[i]).as("%s(%s)", name, X[i]).isCloseTo(expected, within(1e-15 * Math.max(1, Math.abs(expected))));
    }
  }

  @Test
  void unaryOpsComputeInDouble() {
    assertUnary("exp", Tensor::exp, Math::exp);
    assertUnary("tanh", Tensor::tanh, Math::tanh);
    assertUnary("sigmoid", t -> t.sigmoid(), v -> 1 / (1 + Math.exp(-v)));
    assertUnary("relu", Tensor::relu, v -> Math.max(v, 0));
    assertUnary("abs", Tensor::abs, Math::abs);
    assertUnary("neg", Tensor::neg, v -> -v);
    assertUnary("clamp", t -> t.clamp(-1, 1), v -> Math.clamp(v, -1, 1));
    assertUnary("log∘abs", t -> t.abs().log(), v -> Math.log(Math.abs(v)));
    assertUnary("sqrt∘abs", t -> t.abs().sqrt(), v -> Math.sqrt(Math.abs(v)));
    assertUnary("pow 3", t -> t.pow(3f), v -> Math.pow(v, 3));
    assertUnary("x·x + x/3", t -> t.mul(t).add(t.div(3f)), v -> v * v + v / 3);
  }

  @Test
  void binaryOpsKeepDoublePrecisionAndComparisonsGiveFloat32() {
    Tensor a = Tensor.ofDoubles(new double[] {0.1, 1e-10, 1}), b = Tensor.ofDoubles(new double[] {0.2, 1, 3});
    assertThat(a.add(b).toDoubleArray()).containsExactly(0.1 + 0.2, 1e-10 + 1, 4);
    assertThat(a.div(b).toDoubleArray()).containsExactly(0.5, 1e-10, 1.0 / 3);
    assertThat(a.maximum(b).toDoubleArray()).containsExactly(0.2, 1, 3);
    Tensor lt = a.lt(b);
    assertThat(lt.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(lt.toFloatArray()).containsExactly(1, 1, 1);
    // broadcasting a column against a row
    Tensor outer = Tensor.ofDoubles(new double[] {1, 2}, 2, 1).mul(Tensor.ofDoubles(new double[] {0.1, 0.3}, 1, 2));
    assertThat(outer.toDoubleArray()).containsExactly(0.1, 0.3, 0.2, 0.6);
  }

  /** PyTorch's promotion: the wider float wins, a 0-d scalar does not widen a tensor, a float beats an integer. */
  @Test
  void promotionFollowsPyTorch() {
    Tensor f32 = Tensor.of(new float[] {1, 2}), f64 = Tensor.ofDoubles(new double[] {1, 2});
    assertThat(f32.add(f64).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(f64.add(f32).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(f64.mul(Tensor.scalar(2f)).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(f32.mul(Tensor.ofDoubles(new double[] {2}).reshape()).dtype()).isEqualTo(DType.FLOAT32);
    assertThat(Tensor.ofLongs(new long[] {1, 2}).add(f64).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(f64.mul(0.5f).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(Tensor.where(f32.gt(1f), f32, f64).dtype()).isEqualTo(DType.FLOAT64);
  }

  /** A float32 leaf that meets float64 gets a float32 gradient, as in PyTorch. */
  @Test
  void gradientsComeBackInTheInputsDtype() {
    Tensor w = Tensor.of(new float[] {1, 2}).requiresGrad(true);
    Tensor x = Tensor.ofDoubles(new double[] {0.1, 0.3}).requiresGrad(true);
    w.mul(x).sum().backward();
    assertThat(w.grad().dtype()).isEqualTo(DType.FLOAT32);
    assertThat(w.grad().toFloatArray()).containsExactly(0.1f, 0.3f);
    assertThat(x.grad().dtype()).isEqualTo(DType.FLOAT64);
    assertThat(x.grad().toDoubleArray()).containsExactly(1, 2);
    Tensor y = w.toDouble();
    assertThat(y.dtype()).isEqualTo(DType.FLOAT64);
    w.setGrad(null);
    y.mul(y).sum().backward();
    assertThat(w.grad().toFloatArray()).containsExactly(2, 4);
  }

  @Test
  void reductionsSumInDouble() {
    double[] v = new double[1000];
    double expected = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = 1e-3 * i + 1e-9;
      expected += v[i];
    }
    Tensor t = Tensor.ofDoubles(v, 10, 100);
    assertThat(t.sum().itemDouble()).isCloseTo(expected, within(1e-12));
    assertThat(t.mean().itemDouble()).isCloseTo(expected / 1000, within(1e-15));
    assertThat(t.amax(new int[] {1}, false).toDoubleArray()[9]).isEqualTo(v[999]);
    assertThat(t.min(1, false).toDoubleArray()[0]).isEqualTo(v[0]);
    assertThat(t.argmax(1, false).toLongArray()).containsOnly(99L);
    // sum over the leading dim (a column sum), in double
    double[] col = t.sum(0).toDoubleArray();
    double c0 = 0;
    for (int r = 0; r < 10; r++) c0 += v[r * 100];
    assertThat(col[0]).isCloseTo(c0, within(1e-15));
  }

  /** Batched matmul of a transposed view by a broadcast matrix, against a triple loop. */
  @Test
  void matmulOfViewsMatchesATripleLoop() {
    Generator g = new Generator(3);
    Tensor a = Tensor.randn(g, 2, 5, 3).toDouble().transpose(1, 2);   // [2, 3, 5], not contiguous
    Tensor b = Tensor.randn(g, 5, 4).toDouble();                       // broadcast over the batch
    double[] av = a.contiguous().toDoubleArray(), bv = b.toDoubleArray(), out = a.matmul(b).toDoubleArray();
    for (int n = 0; n < 2; n++) {
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
          double s = 0;
          for (int k = 0; k < 5; k++) s += av[n * 15 + i * 5 + k] * bv[k * 4 + j];
          assertThat(out[n * 12 + i * 4 + j]).isCloseTo(s, within(1e-14));
        }
      }
    }
    assertThatThrownBy(() -> Tensor.of(new float[6], 2, 3).matmul(Tensor.ofDoubles(new double[6], 3, 2)))
        .hasMessageContaining("matmul").hasMessageContaining("float32 [2, 3]").hasMessageContaining("float64 [3, 2]");
  }

  /** Ops that run on composites in float64 agree with the float32 kernels (separate code) to float precision. */
  @Test
  void compositeOpsAgreeWithTheFloat32Kernels() {
    Generator g = new Generator(11);
    Tensor x = Tensor.randn(g, 2, 3, 6, 5), w = Tensor.randn(g, 4, 3, 3, 3), bias = Tensor.randn(g, 4);
    assertAgree("conv2d stride 2 pad 1", Functional.conv2d(x, w, bias, new int[] {2, 2}, new int[] {1, 1},
        new int[] {1, 1}, 1), Functional.conv2d(x.toDouble(), w.toDouble(), bias.toDouble(), new int[] {2, 2},
        new int[] {1, 1}, new int[] {1, 1}, 1));
    assertAgree("maxPool2d", Functional.maxPool2d(x, 2, 2, 1), Functional.maxPool2d(x.toDouble(), 2, 2, 1));
    assertAgree("avgPool2d", Functional.avgPool2d(x, 2, 1, 1), Functional.avgPool2d(x.toDouble(), 2, 1, 1));
    assertAgree("adaptiveAvgPool2d", Functional.adaptiveAvgPool2d(x, new int[] {4, 3}),
        Functional.adaptiveAvgPool2d(x.toDouble(), new int[] {4, 3}));
    Tensor weight = Tensor.randn(g, 3), shift = Tensor.randn(g, 3);
    assertAgree("batchNorm", Functional.batchNorm(x, null, null, weight, shift, true, 0.1, 1e-5),
        Functional.batchNorm(x.toDouble(), null, null, weight.toDouble(), shift.toDouble(), true, 0.1, 1e-5));
    Tensor q = Tensor.randn(g, 2, 4, 8);
    assertAgree("causal attention", Functional.scaledDotProductAttention(q, q, q, null, 0, true, null),
        Functional.scaledDotProductAttention(q.toDouble(), q.toDouble(), q.toDouble(), null, 0, true, null));
  }

  private static void assertAgree(String what, Tensor f32, Tensor f64) {
    assertThat(f64.dtype()).as(what).isEqualTo(DType.FLOAT64);
    assertThat(f64.shapeArray()).as(what).containsExactly(f32.shapeArray());
    float[] a = f32.toFloatArray();
    double[] b = f64.toDoubleArray();
    for (int i = 0; i < a.length; i++) assertThat(b[i]).as("%s element %d", what, i).isCloseTo(a[i], within(2e-5));
  }

  /** A random fill in float64 is the float32 draw widened: one seed, one stream, either dtype. */
  @Test
  void randomFillsAreTheFloat32DrawWidened() {
    float[] f = Tensor.randn(new Generator(5), 100).toFloatArray();
    Tensor d = Tensor.empty(DType.FLOAT64, 100);
    d.backend().random(dev.shinso.backend.Backend.RandomKind.NORMAL, d, 0, 1, new Generator(5));
    double[] v = d.toDoubleArray();
    for (int i = 0; i < f.length; i++) assertThat(v[i]).isEqualTo(f[i]);
  }

  @Test
  void printsAndConvertsLikeOtherTensors() {
    assertThat(Tensor.ofDoubles(new double[] {0.5, 2}).toString()).contains("[0.5000, 2.0000]").contains("float64");
    Tensor t = Tensor.ofDoubles(new double[] {1.5, -2.75, 1e10});
    assertThat(t.to(DType.INT64).toLongArray()).containsExactly(1, -2, 10_000_000_000L);
    assertThat(t.toFloat().toFloatArray()).containsExactly(1.5f, -2.75f, 1e10f);
    assertThat(Tensor.ofLongs(new long[] {3}).toDouble().itemDouble()).isEqualTo(3.0);
    assertThat(t.indexSelect(0, Tensor.ofLongs(new long[] {2, 0})).toDoubleArray()).containsExactly(1e10, 1.5);
  }
}
