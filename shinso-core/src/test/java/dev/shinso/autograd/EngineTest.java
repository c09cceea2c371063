package dev.shinso.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Tensor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EngineTest {
  private static Tensor vec(float... values) {
    return Tensor.of(values);
  }

  private static Tensor leaf(float... values) {
    return Tensor.of(values).requiresGrad(true);
  }

  @Test
  void gradientsAccumulateIntoLeafAcrossBackwardCalls() {
    Tensor x = leaf(1f, 2f, 3f);
    x.mul(2f).sum().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(2f, 2f, 2f);
    x.mul(x).sum().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(2f + 2f, 2f + 4f, 2f + 6f);
  }

  @Test
  void tensorUsedTwiceSumsItsGradients() {
    Tensor x = leaf(1f, -2f, 3f);
    // d/dx (x*x + (x+x)) = 2x + 2
    x.mul(x).add(x.add(x)).sum().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(4f, -2f, 8f);
  }

  @Test
  void tensorUsedOnManyPathsOfADiamondSumsEveryPath() {
    Tensor x = leaf(2f);
    Tensor a = x.mul(3f);
    Tensor b = a.exp().mul(0f).add(a); // b = a on the value, but both paths reach a
    Tensor y = b.mul(a); // y = 9x^2 (the exp path has zero weight)
    y.sum().backward();
    assertThat(x.grad().toFloatArray()[0]).isEqualTo(36f);
  }

  @Test
  void detachStopsGradients() {
    Tensor x = leaf(1f, 2f, 3f);
    Tensor d = x.detach();
    assertThat(d.requiresGrad()).isFalse();
    assertThat(d.gradFn()).isNull();
    assertThat(d.storage()).isSameAs(x.storage());
    // y = const(x) * x: only the second factor carries gradient, so dy/dx = x, not 2x.
    d.mul(x).sum().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(1f, 2f, 3f);
  }

  @Test
  void noGradScopesNestAndRecordNothing() {
    Tensor x = leaf(1f, 2f);
    assertThat(NoGrad.isGradEnabled()).isTrue();
    try (NoGrad outer = NoGrad.enter()) {
      assertThat(NoGrad.isGradEnabled()).isFalse();
      try (NoGrad inner = NoGrad.enter()) {
        Tensor y = x.mul(2f).exp();
        assertThat(y.requiresGrad()).isFalse();
        assertThat(y.gradFn()).isNull();
      }
      assertThat(NoGrad.isGradEnabled()).as("still inside the outer scope").isFalse();
      Tensor z = x.add(x);
      assertThat(z.requiresGrad()).isFalse();
      assertThat(z.gradFn()).isNull();
      outer.close(); // closing twice is harmless
    }
    assertThat(NoGrad.isGradEnabled()).isTrue();
    Tensor w = x.mul(2f);
    assertThat(w.requiresGrad()).isTrue();
    assertThat(w.gradFn().op()).isEqualTo("mul");
  }

  @Test
  void noGradIsPerThread() throws Exception {
    AtomicReference<Boolean> other = new AtomicReference<>();
    try (NoGrad g = NoGrad.enter()) {
      Thread t = new Thread(() -> other.set(NoGrad.isGradEnabled()));
      t.start();
      t.join();
    }
    assertThat(other.get()).isTrue();
  }

  @Test
  void explicitGradientForNonScalarOutput() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
    Tensor y = x.mul(x); // dy/dx = 2x
    Tensor g = Tensor.of(new float[] {1, 0, -1, 2, 0.5f, 3}, 2, 3);
    y.backward(g);
    assertThat(x.grad().shapeArray()).containsExactly(2, 3);
    assertThat(x.grad().toFloatArray()).containsExactly(2, 0, -6, 16, 5, 36);
  }

  @Test
  void aLeafKeepsAFreshGradientWithoutACopy() {
    Tensor x = leaf(1f, 2f);
    Tensor computed = vec(5f, 6f);
    Autograd.record("custom", vec(0f, 0f), new Tensor[] {x}, g -> new Tensor[] {computed}).sum().backward();
    assertThat(x.grad()).isSameAs(computed);

    // Through views of it (Linear's weight reaches matmul transposed): still the computed storage.
    Tensor w = leaf(1f, 2f, 3f, 4f);
    Tensor product = Tensor.of(new float[] {5f, 6f, 7f, 8f}, 2, 2);
    Autograd.record("custom", Tensor.zeros(2, 2), new Tensor[] {w.reshape(2, 2).t()}, g -> new Tensor[] {product.t()})
        .sum().backward();
    assertThat(w.grad().storage()).isSameAs(product.storage());
    assertThat(w.grad().toFloatArray()).containsExactly(5f, 6f, 7f, 8f);
  }

  @Test
  void aLeafCopiesAGradientThatAliasesTheCallersOrAnotherLeafs() {
    Tensor a = leaf(1f, 2f);
    Tensor b = leaf(3f, 4f);
    Tensor g = vec(1f, 1f);
    a.add(b).backward(g); // add passes g through to both inputs
    Tensor c = leaf(1f, 2f);
    Tensor column = Tensor.of(new float[] {7f, 8f}, 2, 1);
    c.reshape(2, 1).backward(column); // c's gradient is a view of the caller's
    Tensor shared = vec(5f, 6f);
    Tensor d = leaf(1f, 2f);
    Tensor e = leaf(3f, 4f);
    Autograd.record("twice", vec(0f, 0f), new Tensor[] {d, e}, g2 -> new Tensor[] {shared, shared}).sum().backward();
    Tensor saved = vec(9f, 9f);
    Tensor f = leaf(1f, 2f);
    Autograd.record("saved", vec(0f, 0f), new Tensor[] {f}, new Tensor[] {saved}, g3 -> new Tensor[] {saved})
        .sum().backward();

    a.grad().mul_(10f);
    c.grad().mul_(10f);
    d.grad().mul_(10f);
    f.grad().mul_(10f);
    assertThat(g.toFloatArray()).containsExactly(1f, 1f);
    assertThat(b.grad().toFloatArray()).containsExactly(1f, 1f);
    assertThat(e.grad().toFloatArray()).containsExactly(5f, 6f);
    assertThat(shared.toFloatArray()).containsExactly(5f, 6f);
    assertThat(saved.toFloatArray()).containsExactly(9f, 9f);
    assertThat(column.toFloatArray()).containsExactly(7f, 8f);
  }

  @Test
  void aReusingBackwardMayOverwriteOnlyADenseGradientNoOneElseSees() {
    java.util.List<Boolean> told = new java.util.ArrayList<>();
    Node.ReusingBackward spy = (g, reusable) -> {
      told.add(reusable);
      return new Tensor[] {g};
    };
    Tensor x = leaf(1f, 2f);
    Autograd.record("spy", vec(0f, 0f), new Tensor[] {x}, spy).mul(vec(3f, 3f)).sum().backward(); // mul's is fresh
    Autograd.record("spy", vec(0f, 0f), new Tensor[] {x}, spy).backward(vec(1f, 1f)); // the caller's
    Autograd.record("spy", vec(0f, 0f), new Tensor[] {x}, spy).sum().backward(); // fresh, but expanded from one element
    Tensor y = Autograd.record("spy", vec(0f, 0f), new Tensor[] {x}, spy);
    Tensor z = Autograd.record("spy", vec(0f, 0f), new Tensor[] {x}, spy);
    y.add(z).mul(vec(1f, 1f)).backward(vec(1f, 1f)); // add hands one fresh gradient to both
    assertThat(told).containsExactly(true, false, false, false, false);
  }

  @Test
  void omittedGradientForNonScalarOutputThrows() {
    Tensor x = leaf(1f, 2f, 3f);
    Tensor y = x.mul(2f);
    assertThatThrownBy(y::backward)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backward")
        .hasMessageContaining("[3]");
  }

  @Test
  void gradientOfWrongShapeThrows() {
    Tensor x = Tensor.zeros(2, 3).requiresGrad(true);
    Tensor y = x.mul(2f);
    assertThatThrownBy(() -> y.backward(Tensor.ones(3, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backward")
        .hasMessageContaining("[3, 2]")
        .hasMessageContaining("[2, 3]");
    assertThat(x.grad()).isNull();
  }

  @Test
  void secondBackwardThroughFreedGraphThrowsNamingTheOp() {
    Tensor x = leaf(1f, 2f);
    Tensor y = x.mul(x).sum();
    y.backward();
    assertThatThrownBy(y::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sum")
        .hasMessageContaining("second time");
  }

  @Test
  void secondBackwardThroughFreedInnerNodeNamesThatOp() {
    Tensor x = leaf(1f, 2f);
    Tensor h = x.exp();
    h.sum().backward();
    // A new graph on top of the freed exp node: backward must reach the freed node and say so.
    assertThatThrownBy(() -> h.mul(2f).sum().backward())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exp");
  }

  @Test
  void retainedGraphAllowsSecondPassAndDoublesTheGradient() {
    Tensor x = leaf(1f, 2f, 3f);
    Tensor y = x.mul(x).sum();
    Tensor one = Tensor.onesLike(y);
    y.backward(one, true);
    assertThat(x.grad().toFloatArray()).containsExactly(2f, 4f, 6f);
    y.backward(one, true);
    assertThat(x.grad().toFloatArray()).containsExactly(4f, 8f, 12f);
  }

  @Test
  void inPlaceChangeOfSavedInputUnderNoGradMakesBackwardThrow() {
    Tensor x = leaf(1f, 2f, 3f);
    Tensor w = Tensor.of(new float[] {4f, 5f, 6f}).requiresGrad(true);
    Tensor y = x.mul(w).sum(); // mul's backward reads x and w
    try (NoGrad g = NoGrad.enter()) {
      w.mul_(2f);
    }
    assertThatThrownBy(y::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mul")
        .hasMessageContaining("in-place");
  }

  @Test
  void copyIntoSavedTensorMakesBackwardThrow() {
    Tensor x = leaf(1f, 2f, 3f);
    Tensor c = Tensor.of(new float[] {4f, 5f, 6f}); // a constant: no grad, so copy_ is allowed anywhere
    Tensor y = x.mul(c).sum();
    c.copy_(Tensor.of(new float[] {7f, 8f, 9f}));
    assertThatThrownBy(y::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mul");
  }

  @Test
  void inPlaceChangeThroughAViewOfASavedTensorIsDetected() {
    Tensor x = leaf(1f, 2f, 3f, 4f);
    Tensor c = Tensor.of(new float[] {4f, 5f, 6f, 7f});
    Tensor y = x.mul(c).sum();
    c.narrow(0, 1, 2).fill_(0f); // shares c's storage
    assertThatThrownBy(y::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mul");
  }

  @Test
  void inPlaceChangeOfExpOutputIsDetected() {
    Tensor x = leaf(0f, 1f);
    Tensor e = x.exp(); // exp's backward reads its output
    Tensor y = e.sum();
    try (NoGrad g = NoGrad.enter()) {
      e.mul_(3f);
    }
    assertThatThrownBy(y::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exp");
  }

  @Test
  void inPlaceChangeOfAnUnsavedTensorIsAllowed() {
    Tensor x = leaf(1f, 2f);
    Tensor y = x.add(x).sum(); // add saves nothing
    try (NoGrad g = NoGrad.enter()) {
      x.mul_(10f);
    }
    y.backward();
    assertThat(x.grad().toFloatArray()).containsExactly(2f, 2f);
  }

  @Test
  void inPlaceOnTensorRequiringGradOutsideNoGradThrows() {
    Tensor x = leaf(1f, 2f);
    assertThatThrownBy(() -> x.add_(Tensor.ones(2)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("add_").hasMessageContaining("[2]");
    assertThatThrownBy(() -> x.mul_(2f)).isInstanceOf(IllegalStateException.class).hasMessageContaining("mul_");
    assertThatThrownBy(() -> x.fill_(0f)).isInstanceOf(IllegalStateException.class).hasMessageContaining("fill_");
    assertThatThrownBy(() -> x.copy_(Tensor.ones(2))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("copy_");
    Tensor y = x.mul(2f);
    assertThatThrownBy(() -> y.zero_()).isInstanceOf(IllegalStateException.class).hasMessageContaining("mul");
    assertThat(x.toFloatArray()).containsExactly(1f, 2f);
    try (NoGrad g = NoGrad.enter()) {
      x.add_(Tensor.ones(2));
    }
    assertThat(x.toFloatArray()).containsExactly(2f, 3f);
  }

  @Test
  void deepChainBackpropsWithoutStackOverflow() throws Exception {
    // Run on a small stack so that a recursive engine would overflow.
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<float[]> grad = new AtomicReference<>();
    Thread t = new Thread(null, () -> {
      try {
        Tensor x = leaf(1f);
        Tensor y = x;
        for (int i = 0; i < 10_000; i++) y = i % 2 == 0 ? y.add(1f) : y.mul(1f);
        y.sum().backward();
        grad.set(x.grad().toFloatArray());
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "deep-chain", 256 * 1024);
    t.start();
    t.join();
    assertThat(failure.get()).isNull();
    assertThat(grad.get()).containsExactly(1f);
  }

  @Test
  void backwardOnTensorWithoutGradThrows() {
    Tensor x = Tensor.of(new float[] {1f, 2f});
    Tensor y = x.mul(2f).sum();
    assertThatThrownBy(y::backward)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("backward")
        .hasMessageContaining("does not require grad");
  }

  @Test
  void backwardOnALeafAccumulatesTheGradientItself() {
    Tensor x = Tensor.of(new float[] {1f, 2f}).requiresGrad(true);
    x.backward(Tensor.of(new float[] {3f, 4f}));
    assertThat(x.grad().toFloatArray()).containsExactly(3f, 4f);
  }

  @Test
  void inputsNotRequiringGradGetNoGradient() {
    Tensor x = leaf(1f, 2f);
    Tensor c = Tensor.of(new float[] {3f, 4f});
    x.mul(c).sum().backward();
    assertThat(c.grad()).isNull();
    assertThat(x.grad().toFloatArray()).containsExactly(3f, 4f);
  }
}
