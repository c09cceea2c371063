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
}
