package dev.shinso.lecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExperimentsTest {
  @Test
  void listsTheLecturesThirteenClaimsInOrder() {
    assertThat(Experiments.names()).containsExactly("neuron", "perceptron", "backprop-xor", "basis-functions",
        "universal-approximation", "weight-sharing", "depth", "kaiming", "resnet", "dropout", "optimizers", "transfer",
        "benign-overfitting");
    assertThat(Experiments.all()).allSatisfy(e -> assertThat(e.claim()).isNotBlank());
  }

  @Test
  void anUnknownNameListsTheValidOnes() {
    assertThatThrownBy(() -> Experiments.byName("nope")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown experiment 'nope'").hasMessageContaining("neuron, perceptron");
  }
}
