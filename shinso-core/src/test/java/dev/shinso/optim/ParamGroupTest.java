package dev.shinso.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.nn.Parameter;
import dev.shinso.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParamGroupTest {
  private final Parameter a = new Parameter(Tensor.zeros(2));
  private final Parameter b = new Parameter(Tensor.zeros(3));

  @Test
  void groupsFallBackOnTheOptimisersDefaultsEvenWhenSetLater() {
    ParamGroup own = ParamGroup.of(List.of(a)).momentum(0.5).lr(0.01);
    ParamGroup shared = ParamGroup.of(List.of(b));
    SGD sgd = new SGD(List.of(own, shared), 0.1).momentum(0.9);
    assertThat(own.getDouble("momentum")).isEqualTo(0.5);
    assertThat(own.lr()).isEqualTo(0.01);
    assertThat(shared.getDouble("momentum")).isEqualTo(0.9);
    assertThat(shared.lr()).isEqualTo(0.1);
    assertThat(sgd.paramGroups()).containsExactly(own, shared);
    shared.setLr(0.2);
    assertThat(shared.lr()).isEqualTo(0.2);
    assertThat(sgd.defaults()).containsEntry("lr", 0.1);
  }

  @Test
  void optionsMustBeTheOptimisers() {
    ParamGroup g = ParamGroup.of(List.of(a)).set("betas", new double[] {0.9, 0.99});
    assertThatThrownBy(() -> new SGD(List.of(g), 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SGD: unknown option betas in a parameter group; options are [lr, momentum, dampening, weight_decay,"
            + " nesterov]");
    ParamGroup wrongType = ParamGroup.of(List.of(a)).set("nesterov", 1);
    assertThatThrownBy(() -> new SGD(List.of(wrongType), 0.1))
        .hasMessage("SGD: option nesterov must be a Boolean, got a Double");
    ParamGroup bound = ParamGroup.of(List.of(b));
    new Adam(List.of(bound));
    assertThatThrownBy(() -> bound.set("betas", new double[] {0.9})).hasMessage("Adam: option betas takes 2 values, got 1");
    assertThatThrownBy(() -> bound.set("momentum", 0.9)).hasMessageContaining("Adam: unknown option momentum");
    assertThatThrownBy(() -> new SGD(List.of(bound), 0.1)).hasMessage("SGD: this parameter group already belongs to Adam");
  }

  @Test
  void rejectsNegativeAndMissingValues() {
    assertThatThrownBy(() -> ParamGroup.of(List.of(a)).lr(-1)).hasMessage("ParamGroup.set: invalid lr -1.0 (must be >= 0)");
    assertThatThrownBy(() -> ParamGroup.of(List.of())).hasMessage("ParamGroup: a group needs at least one parameter");
    assertThatThrownBy(() -> ParamGroup.of(List.of(a)).lr())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ParamGroup: lr is not set here and the group belongs to no optimiser yet");
  }
}
