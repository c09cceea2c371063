package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SequentialTest {
  @Test
  void printsExactlyLikePyTorch() {
    Sequential mlp = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10));
    assertThat(mlp).hasToString("""
        Sequential(
          (0): Linear(in_features=784, out_features=256, bias=True)
          (1): ReLU()
          (2): Linear(in_features=256, out_features=10, bias=True)
        )""");
    assertThat(new Sequential()).hasToString("Sequential()");
  }

  @Test
  void nestedContainersIndentLikePyTorch() {
    Sequential net = new Sequential(new Sequential(new Linear(2, 3), new Tanh()), new Dropout(0.1));
    assertThat(net).hasToString("""
        Sequential(
          (0): Sequential(
            (0): Linear(in_features=2, out_features=3, bias=True)
            (1): Tanh()
          )
          (1): Dropout(p=0.1, inplace=False)
        )""");
  }

  @Test
  void forwardChainsTheModulesInOrder() {
    Linear first = new Linear(4, 3), second = new Linear(3, 2);
    Sequential net = new Sequential(first, new ReLU()).add(second);
    Tensor x = GradChecks.randn(1, 1, 5, 4);
    Tensor expected = second.forward(first.forward(x).relu());
    assertThat(net.forward(x).toFloatArray()).containsExactly(expected.toFloatArray());
    assertThat(net.size()).isEqualTo(3);
    assertThat(net.get(2)).isSameAs(second);
    assertThat(net).containsExactly(first, net.get(1), second);
  }

  @Test
  void aConvFollowedByAReluRunsFusedWhenAskedWithTheSameResultAndGradients() {
    Sequential net = new Sequential(new Conv2d(2, 4, 3, 1, 1), new ReLU(), new Conv2d(4, 3, 3, 1, 1), new ReLU());
    Tensor x = GradChecks.randn(3, 1, 2, 2, 6, 6);
    assertThat(net.forward(x).gradFn().op()).as("not fused unless asked").isEqualTo("relu");
    Tensor fused = net.fuseConvRelu().forward(x);
    Tensor apart = x;
    for (Module m : net) apart = m.forward(apart);
    assertThat(fused.toFloatArray()).containsExactly(apart.toFloatArray());
    assertThat(fused.gradFn().op()).isEqualTo("conv2dRelu");

    // A subclass may change forward: it runs as written.
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    Sequential custom = new Sequential(net.get(0), new ReLU() {
      @Override
      public Tensor forward(Tensor input) {
        calls.incrementAndGet();
        return super.forward(input);
      }
    }).fuseConvRelu();
    custom.forward(x);
    assertThat(calls).hasValue(1);
  }

  @Test
  void parametersAreKeyedByIndex() {
    Sequential net = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2, false), new BatchNorm1d(2));
    assertThat(net.namedParameters().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "3.weight", "3.bias");
    assertThat(net.stateDict().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "3.weight", "3.bias",
        "3.running_mean", "3.running_var", "3.num_batches_tracked");
    assertThat(net.parameterCount()).isEqualTo(4 * 3 + 3 + 3 * 2 + 2 + 2);
  }

  @Test
  void gradientsReachEveryLayer() {
    Sequential net = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2));
    Tensor w1 = GradChecks.randn(2, 1, 4, 3), b1 = GradChecks.randn(3, 1, 4), w2 = GradChecks.randn(4, 1, 2, 4);
    GradChecks.assertGradientsMatch("linear-tanh-linear",
        xs -> Functional.linear(Functional.linear(xs.get(0), xs.get(1), xs.get(2)).tanh(), xs.get(3), null),
        GradChecks.randn(1, 1, 5, 3), w1, b1, w2);
    net.forward(GradChecks.randn(1, 1, 5, 3)).sum().backward();
    for (Parameter p : net.parameters()) assertThat(p.grad()).isNotNull();
  }

  @Test
  void getOutOfRangeIsAClearError() {
    assertThatThrownBy(() -> new Sequential(new ReLU()).get(1))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("index 1").hasMessageContaining("1 modules");
    assertThatThrownBy(() -> new Sequential(new ReLU()).get(1)).hasMessageStartingWith("Sequential.get:");
    assertThatThrownBy(() -> new Sequential().add(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("Sequential.add: module");
  }
}
