package dev.shinso.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.Shinso;
import dev.shinso.nn.Linear;
import dev.shinso.nn.ReLU;
import dev.shinso.nn.Sequential;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A leaf's hook fires once per backward pass, when its gradient is final, as PyTorch's post-accumulate hook. */
class PostAccumulateGradHookTest {
  @Test
  void aLeafUsedTwiceFiresOnceWithItsWholeGradient() {
    Tensor w = Tensor.wrap(new float[] {2f, -1f}, 2).requiresGrad(true);
    Tensor x = Tensor.wrap(new float[] {3f, 5f}, 2);
    List<float[]> seen = new ArrayList<>();
    w.registerPostAccumulateGradHook(t -> seen.add(t.grad().toFloatArray()));
    // d/dw sum(w*x + w*w) = x + 2w: the two uses reach w from different nodes.
    w.mul(x).add(w.mul(w)).sum().backward();
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).containsExactly(3f + 4f, 5f - 2f);
  }

  @Test
  void laterLayersFireFirstWhileEarlierGradientsAreStillMissing() {
    Shinso.manualSeed(1);
    Linear first = new Linear(4, 5), last = new Linear(5, 3);
    Sequential model = new Sequential(first, new ReLU(), last);
    List<String> order = new ArrayList<>();
    last.weight().registerPostAccumulateGradHook(t -> order.add("last.weight, first.weight has grad: "
        + (first.weight().grad() != null)));
    first.weight().registerPostAccumulateGradHook(t -> order.add("first.weight"));
    model.forward(Tensor.randn(2, 4)).sum().backward();
    assertThat(order).containsExactly("last.weight, first.weight has grad: false", "first.weight");
  }

  @Test
  void aLeafRootFiresAndARemovedHookDoesNot() {
    Tensor w = Tensor.wrap(new float[] {4f}).requiresGrad(true);
    int[] calls = new int[2];
    HookHandle kept = w.registerPostAccumulateGradHook(t -> calls[0]++);
    HookHandle removed = w.registerPostAccumulateGradHook(t -> calls[1]++);
    removed.remove();
    w.backward();
    w.mul(2f).sum().backward();
    assertThat(calls).containsExactly(2, 0);
    kept.remove();
    w.backward();
    assertThat(calls[0]).isEqualTo(2);
  }

  @Test
  void aLeafTheBackwardDoesNotReachDoesNotFire() {
    Tensor used = Tensor.wrap(new float[] {1f}).requiresGrad(true);
    Tensor unused = Tensor.wrap(new float[] {1f}).requiresGrad(true);
    int[] calls = new int[1];
    unused.registerPostAccumulateGradHook(t -> calls[0]++);
    used.mul(3f).sum().backward();
    assertThat(calls[0]).isZero();
    assertThat(unused.grad()).isNull();
  }

  @Test
  void onlyALeafTakesTheHook() {
    Tensor w = Tensor.wrap(new float[] {1f}).requiresGrad(true);
    assertThatThrownBy(() -> w.mul(2f).registerPostAccumulateGradHook(t -> {}))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("leaf").hasMessageContaining("[1]");
  }
}
