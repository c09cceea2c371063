package dev.shinso.ops;

import static dev.shinso.testing.OpAssertions.assertGradCheck;
import static dev.shinso.testing.ReferenceCase.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import dev.shinso.testing.ReferenceCase;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class AttentionTest {
  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return ReferenceCase.load("transformer").stream().filter(c -> c.op().equals("scaled_dot_product_attention"))
        .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
          Tensor q = c.leaf("q"), k = c.leaf("k"), v = c.leaf("v");
          Tensor out = Attention.scaledDotProductAttention(q, k, v, c.params().get("causal").asBoolean());
          assertClose(c.name() + " output", out, c.output(), 1e-4, 1e-5);
          out.mul(c.lossWeight()).sum().backward();
          assertClose(c.name() + " q grad", q.grad(), c.grads().get("q"), 1e-4, 1e-5);
          assertClose(c.name() + " k grad", k.grad(), c.grads().get("k"), 1e-4, 1e-5);
          assertClose(c.name() + " v grad", v.grad(), c.grads().get("v"), 1e-4, 1e-5);
        }));
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    Generator g = new Generator(7);
    assertGradCheck("sdpa causal", xs -> Attention.scaledDotProductAttention(xs.get(0), xs.get(1), xs.get(2), true),
        leaf(g, 2, 4, 3), leaf(g, 2, 4, 3), leaf(g, 2, 4, 2));
    assertGradCheck("sdpa full, broadcast k/v", xs -> Attention.scaledDotProductAttention(xs.get(0), xs.get(1), xs.get(2),
        false), leaf(g, 2, 3, 3), leaf(g, 5, 3), leaf(g, 5, 4));
  }

  private static Tensor leaf(Generator g, int... shape) {
    return Tensor.randn(g, shape).requiresGrad(true);
  }

  @Test
  void fusedKernelMatchesTheComposite() {
    Generator g = new Generator(11);
    for (boolean causal : new boolean[] {true, false}) {
      Tensor q = leaf(g, 2, 3, 7, 4), k = leaf(g, 2, 3, 9, 4), v = leaf(g, 2, 3, 9, 5);
      Tensor w = Tensor.randn(g, 2, 3, 7, 5);
      Tensor fused = Attention.fused(q, k, v, causal);
      fused.mul(w).sum().backward();
      Tensor[] fusedGrads = {q.grad(), k.grad(), v.grad()};
      for (Tensor t : new Tensor[] {q, k, v}) t.setGrad(null);
      Tensor composite = Attention.composite(q, k, v, causal);
      composite.mul(w).sum().backward();
      ReferenceCase.assertClose("fused output causal=" + causal, fused, composite, 1e-5, 1e-6);
      ReferenceCase.assertClose("fused q grad", fusedGrads[0], q.grad(), 1e-4, 1e-5);
      ReferenceCase.assertClose("fused k grad", fusedGrads[1], k.grad(), 1e-4, 1e-5);
      ReferenceCase.assertClose("fused v grad", fusedGrads[2], v.grad(), 1e-4, 1e-5);
    }
    assertGradCheck("fused sdpa causal, strided q", xs -> Attention.fused(xs.get(0).transpose(0, 1), xs.get(1),
        xs.get(2), true), leaf(g, 3, 2, 3), leaf(g, 2, 3, 3), leaf(g, 2, 3, 2));
  }

  @Test
  void causalQueriesIgnoreLaterKeys() {
    Generator g = new Generator(3);
    Tensor q = Tensor.randn(g, 1, 4, 2), k = Tensor.randn(g, 1, 4, 2), v = Tensor.randn(g, 1, 4, 2);
    Tensor before = Attention.scaledDotProductAttention(q, k, v, true);
    Tensor k2 = k.clone(), v2 = v.clone();
    k2.narrow(1, 3, 1).fill_(100f);  // change only the last key and value
    v2.narrow(1, 3, 1).fill_(-100f);
    Tensor after = Attention.scaledDotProductAttention(q, k2, v2, true);
    assertThat(after.narrow(1, 0, 3).toFloatArray()).containsExactly(before.narrow(1, 0, 3).toFloatArray());
    assertThat(after.narrow(1, 3, 1).toFloatArray()).isNotEqualTo(before.narrow(1, 3, 1).toFloatArray());
  }

  @Test
  void shapeErrorsNameEveryShape() {
    assertThatThrownBy(() -> Attention.scaledDotProductAttention(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 3, 5),
        Tensor.zeros(2, 3, 4), true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2, 3, 4]").hasMessageContaining("[2, 3, 5]");
    assertThatThrownBy(() -> Attention.scaledDotProductAttention(Tensor.zeros(4), Tensor.zeros(2, 4),
        Tensor.zeros(2, 4), false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4]");
  }
}
