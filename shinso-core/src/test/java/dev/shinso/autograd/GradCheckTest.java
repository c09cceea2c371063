package dev.shinso.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class GradCheckTest {
  private static Tensor input(long seed, int... shape) {
    return Tensor.randn(new Generator(seed), shape).requiresGrad(true);
  }

  @Test
  void correctOpsPass() {
    Tensor a = input(1, 3, 4);
    Tensor b = input(2, 4, 2);
    assertThat(GradCheck.check(in -> in.get(0).matmul(in.get(1)).tanh(), List.of(a, b))).isNull();
    Tensor x = input(3, 2, 5);
    assertThat(GradCheck.check(in -> in.get(0).mul(in.get(0)).sum(1), List.of(x))).isNull();
  }

  /** x², recorded with a backward that forgets the factor 2: g·x instead of 2·g·x. */
  private static Tensor wrongSquare(Tensor x) {
    Tensor out;
    try (NoGrad g = NoGrad.enter()) {
      out = x.mul(x);
    }
    return Autograd.record("wrongSquare", out, new Tensor[] {x}, new Tensor[] {x}, g -> new Tensor[] {g.mul(x)});
  }

  @Test
  void wrongBackwardIsCaught() {
    Tensor x = Tensor.of(new float[] {0.5f, 1f, -1.5f, 2f}).requiresGrad(true);
    Function<List<Tensor>, Tensor> f = in -> wrongSquare(in.get(0));
    GradCheck.Mismatch m = GradCheck.check(f, List.of(x));
    assertThat(m).isNotNull();
    assertThat(m.input()).isEqualTo(0);
    // The analytic value is half the true derivative.
    assertThat(m.analytic()).isCloseTo(m.numeric() / 2, org.assertj.core.data.Offset.offset(1e-2));
  }

  @Test
  void wrongGradientOfTheSecondInputIsAttributedToIt() {
    Tensor a = input(5, 3);
    Tensor b = input(6, 3);
    Function<List<Tensor>, Tensor> f = in -> {
      Tensor p = in.get(0), q = in.get(1);
      Tensor out;
      try (NoGrad g = NoGrad.enter()) {
        out = p.mul(q);
      }
      // right for p, wrong sign for q
      return Autograd.record("badMul", out, new Tensor[] {p, q}, new Tensor[] {p, q},
          g -> new Tensor[] {g.mul(q), g.mul(p).neg()});
    };
    GradCheck.Mismatch m = GradCheck.check(f, List.of(a, b));
    assertThat(m).isNotNull();
    assertThat(m.input()).isEqualTo(1);
  }

  /** A backward 0.5% off passed the old float32 check (tolerances 1e-2); in float64 at PyTorch's tolerances it fails. */
  @Test
  void aBackwardHalfAPercentOffIsCaught() {
    Function<List<Tensor>, Tensor> f = in -> {
      Tensor p = in.get(0);
      Tensor out;
      try (NoGrad g = NoGrad.enter()) {
        out = p.mul(p);
      }
      return Autograd.record("squareOffByHalfAPercent", out, new Tensor[] {p}, new Tensor[] {p},
          g -> new Tensor[] {g.mul(p).mul(2.01f)});
    };
    assertThat(GradCheck.check(f, List.of(input(7, 4, 3)))).isNotNull();
    assertThat(GradCheck.check(f, List.of(input(7, 4, 3)), 1e-2, 1e-2, 1e-2)).as("the old tolerances").isNull();
  }

  /** A leaf that is a view keeps its strides in float64, so the gradient of a strided leaf is checked as such. */
  @Test
  void viewLeavesStayViews() {
    Tensor base = Tensor.randn(new Generator(8), 4, 6);
    Tensor view = base.transpose(0, 1).requiresGrad(true);
    Tensor leaf = GradCheck.float64Leaf(view);
    assertThat(leaf.dtype()).isEqualTo(dev.shinso.tensor.DType.FLOAT64);
    assertThat(leaf.stridesArray()).containsExactly(view.stridesArray());
    assertThat(leaf.toDoubleArray()).containsExactly(view.toDoubleArray());
    assertThat(GradCheck.check(in -> in.get(0).mul(in.get(0)).sum(0), List.of(view))).isNull();
  }

  /** An op that drops to float32 would make the differences noise: the check says so instead of failing vaguely. */
  @Test
  void aFunctionThatLeavesFloat64IsRefused() {
    Tensor x = input(9, 3);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GradCheck.check(in -> in.get(0).detach().toFloat(), List.of(x)))
        .hasMessageContaining("float32 output").hasMessageContaining("float64");
  }

  /** Parameters read by the function itself (a module's): moved in place and put back. */
  @Test
  void checksAModulesParametersInPlace() {
    dev.shinso.nn.Linear layer = new dev.shinso.nn.Linear(3, 2);
    layer.to(dev.shinso.tensor.DType.FLOAT64);
    Tensor x = Tensor.randn(new Generator(10), 4, 3).toDouble();
    double[] before = layer.weight().toDoubleArray();
    assertThat(GradCheck.checkInPlace(() -> layer.forward(x).tanh(), layer.parameters())).isNull();
    assertThat(layer.weight().toDoubleArray()).as("weights put back").containsExactly(before);
  }
}
