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
    ParamGroup<SGD.Options> own = ParamGroup.<SGD.Options>of(List.of(a)).momentum(0.5).lr(0.01);
    ParamGroup<SGD.Options> shared = ParamGroup.of(List.of(b));
    SGD sgd = new SGD(List.of(own, shared), 0.1).momentum(0.9);
    assertThat(own.options().momentum()).isEqualTo(0.5);
    assertThat(own.lr()).isEqualTo(0.01);
    assertThat(shared.options().momentum()).isEqualTo(0.9);
    assertThat(shared.lr()).isEqualTo(0.1);
    assertThat(sgd.paramGroups()).containsExactly(own, shared);
    shared.setLr(0.2);
    assertThat(shared.lr()).isEqualTo(0.2);
    assertThat(sgd.defaults().lr()).isEqualTo(0.1);
  }

  /**
   * Options are typed: a group cannot name an option its optimiser lacks or give a value of the wrong
   * type (the compiler rejects it); what is left to check at run time is checked when the group is taken.
   */
  @Test
  void optionsMustBeTheOptimisers() {
    ParamGroup<Adam.Options> g = ParamGroup.<Adam.Options>of(List.of(a)).set(o -> o.withBetas(0.9, 0.99));
    assertThatThrownBy(() -> new SGD(List.of(g), 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SGD: a parameter group override was written for another optimiser's options")
        .hasMessageEndingWith(" in parameter group 0");
    assertThat(g.params()).containsExactly(a);
    new Adam(List.of(g));  // the failed attempt left the group free
    assertThat(g.options().beta2()).isEqualTo(0.99);

    ParamGroup<Adam.Options> bound = ParamGroup.of(List.of(b));
    new Adam(List.of(bound));
    assertThatThrownBy(() -> bound.set(o -> o.withBetas(0.9, 1.5)))
        .hasMessage("Adam: invalid beta 1 1.5 (must be in [0, 1)) in parameter group 0");
    assertThat(bound.options().beta2()).as("a rejected override changes nothing").isEqualTo(0.999);
    assertThatThrownBy(() -> bound.momentum(0.9))
        .hasMessage("Adam: unknown option momentum; options are [lr, betas, eps, weight_decay, amsgrad] in parameter"
            + " group 0");
    assertThatThrownBy(() -> new SGD(List.of(bound), 0.1)).hasMessage("SGD: this parameter group already belongs to Adam");
  }

  @Test
  void rejectsNegativeAndMissingValues() {
    assertThatThrownBy(() -> ParamGroup.of(List.of(a)).lr(-1)).hasMessage("ParamGroup.set: invalid lr -1.0 (must be >= 0)");
    assertThatThrownBy(() -> ParamGroup.of(List.of(a)).weightDecay(Double.NaN))
        .hasMessage("ParamGroup.set: invalid weight_decay NaN (must be >= 0)");
    assertThatThrownBy(() -> ParamGroup.of(List.of())).hasMessage("ParamGroup: a group needs at least one parameter");
    assertThatThrownBy(() -> ParamGroup.of(List.of(a)).lr())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ParamGroup: lr is not set here and the group belongs to no optimiser yet");
    assertThatThrownBy(() -> ParamGroup.of(List.of(a)).options())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ParamGroup: options are not known before the group belongs to an optimiser");
  }

  /** A per-group override of any option, made before or after the optimiser takes the group. */
  @Test
  void typedOverridesReachOnlyTheirGroup() {
    ParamGroup<Adam.Options> first = ParamGroup.<Adam.Options>of(List.of(a)).set(o -> o.withAmsgrad(true)).lr(0.02);
    ParamGroup<Adam.Options> second = ParamGroup.of(List.of(b));
    AdamW adamw = new AdamW(List.of(first, second), 0.01).eps(1e-6);
    second.set(o -> o.withBetas(0.8, 0.9));
    assertThat(first.options()).isEqualTo(new Adam.Options(0.02, 0.9, 0.999, 1e-6, 1e-2, true));
    assertThat(second.options()).isEqualTo(new Adam.Options(0.01, 0.8, 0.9, 1e-6, 1e-2, false));
    adamw.weightDecay(0.1);
    assertThat(first.options().weightDecay()).isEqualTo(0.1);
    assertThat(second.options().beta1()).as("an override outlives a change of the defaults").isEqualTo(0.8);
    // A schedule's lr replaces the group's own lr, and may go below 0 (see ParamGroup.setLr).
    first.setLr(-1e-4);
    assertThat(first.options().lr()).isEqualTo(-1e-4);
    assertThat(first.options().amsgrad()).isTrue();
    assertThatThrownBy(() -> first.setLr(Double.NaN)).hasMessage("ParamGroup.setLr: lr must be finite, got NaN");
  }
}
