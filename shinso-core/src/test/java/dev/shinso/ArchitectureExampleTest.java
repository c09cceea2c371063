package dev.shinso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shinso.autograd.Autograd;
import dev.shinso.autograd.GradCheck;
import dev.shinso.autograd.NoGrad;
import dev.shinso.nn.Linear;
import dev.shinso.nn.Module;
import dev.shinso.nn.Parameter;
import dev.shinso.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/architecture.md ("A custom op with its own backward", "Adding a layer"), kept
 * true. This package is none of the framework's, so the examples use the public API only.
 */
class ArchitectureExampleTest {
  // ---- the doc's custom op, as written there ----

  /** softplus(x) = log(1 + eˣ), with its own backward: d/dx = sigmoid(x). */
  static Tensor softplus(Tensor x) {
    Tensor y;
    try (var g = NoGrad.enter()) {       // the forward's own ops record nothing
      y = x.exp().add(1f).log();
    }
    return Autograd.record("softplus", y,
        new Tensor[] {x},                 // inputs: one gradient each comes back
        new Tensor[] {x},                 // saved: backward reads x, so changing x in place is an error
        grad -> new Tensor[] {grad.mul(x.sigmoid())});
  }

  // ---- the doc's layer, as written there ----

  /** y = x + gain · relu(fc(x)). */
  static final class Residual extends Module {
    private final Linear fc;      // a child: keys fc.weight, fc.bias
    private final Parameter gain; // a parameter: key gain

    Residual(int features) {
      fc = new Linear(features, features);
      gain = new Parameter(Tensor.ones(features));
    }

    @Override
    public Tensor forward(Tensor x) {
      return x.add(fc.forward(x).relu().mul(gain));
    }
  }

  @Test
  void customOpComputesSoftplusAndItsGradientPassesGradCheck() {
    Shinso.manualSeed(1);
    Tensor x = Tensor.randn(3, 5).requiresGrad(true);
    Tensor y = softplus(x);

    assertThat(y.gradFn().toString()).isEqualTo("softplusBackward");
    float[] xs = x.toFloatArray(), ys = y.toFloatArray();
    for (int i = 0; i < xs.length; i++) assertThat((double) ys[i]).isCloseTo(Math.log1p(Math.exp(xs[i])), within(1e-5));

    y.sum().backward();
    float[] gs = x.grad().toFloatArray();
    for (int i = 0; i < xs.length; i++) assertThat((double) gs[i]).isCloseTo(1 / (1 + Math.exp(-xs[i])), within(1e-6));

    Tensor fresh = Tensor.randn(4, 3).requiresGrad(true);
    assertThat(GradCheck.check(in -> softplus(in.get(0)), List.of(fresh))).isNull();
  }

  @Test
  void customOpRecordsNothingWithoutGradAndRejectsAChangedSavedInput() {
    Tensor plain = softplus(Tensor.randn(2, 2));
    assertThat(plain.gradFn()).isNull();
    assertThat(plain.requiresGrad()).isFalse();

    Tensor x = Tensor.randn(2, 2).requiresGrad(true);
    Tensor y = softplus(x);
    try (var g = NoGrad.enter()) {
      x.mul_(2f);
    }
    assertThatThrownBy(() -> y.sum().backward())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("softplus")
        .hasMessageContaining("modified by an in-place operation");
  }

  @Test
  void layerRegistersItsFieldsUnderTheirNames() {
    Residual r = new Residual(4);
    assertThat(r.stateDict().keySet()).containsExactly("gain", "fc.weight", "fc.bias");
    assertThat(r.parameterCount()).isEqualTo(4 + 16 + 4);

    Tensor out = r.forward(Tensor.randn(2, 4));
    out.sum().backward();
    assertThat(r.parameters()).allSatisfy(p -> assertThat(p.grad()).isNotNull());
  }
}
