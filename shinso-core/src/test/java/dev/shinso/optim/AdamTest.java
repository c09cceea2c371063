package dev.shinso.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.nn.Parameter;
import dev.shinso.tensor.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTest {
  private static final OptimReference REF = OptimReference.read("optim_adam.json");

  @Test
  void matchesPyTorch() {
    REF.assertMatches("adam", ps -> new Adam(ps, 0.01));
  }

  @Test
  void betasAndEpsMatchPyTorch() {
    REF.assertMatches("adam_betas_eps", ps -> new Adam(ps, 0.01).betas(0.8, 0.9).eps(1e-3));
    REF.assertMatches("adam_fast_beta2", ps -> new Adam(ps, 0.05).betas(0.9, 0.5));
  }

  /** The generator checked that this case leaves adam_fast_beta2's path, so the running max is exercised. */
  @Test
  void amsgradMatchesPyTorch() {
    REF.assertMatches("adam_amsgrad", ps -> new Adam(ps, 0.05).betas(0.9, 0.5).amsgrad(true));
  }

  @Test
  void weightDecayMatchesPyTorch() {
    REF.assertMatches("adam_weight_decay", ps -> new Adam(ps, 0.01).weightDecay(0.1));
  }

  @Test
  void parameterGroupsMatchPyTorch() {
    REF.assertMatches("adam_groups", ps -> new Adam(List.of(
        ParamGroup.of(List.of(ps.get(0))), ParamGroup.of(List.of(ps.get(1))).lr(0.1).weightDecay(0.1)), 0.01));
  }

  @Test
  void defaultsArePyTorchs() {
    Adam adam = new Adam(REF.parameters());
    assertThat(adam.defaults()).isEqualTo(new Adam.Options(1e-3, 0.9, 0.999, 1e-8, 0.0, false));
  }

  @Test
  void stateHoldsStepCountAndMoments() {
    List<Parameter> ps = REF.parameters();
    Adam adam = new Adam(ps, 0.01).amsgrad(true);
    for (int i = 0; i < 3; i++) REF.step(adam, ps);
    var state = adam.stateDict();
    assertThat(state.get("state.0.step").dtype()).isEqualTo(DType.INT64);
    assertThat(state.get("state.0.step").shapeArray()).isEmpty();
    assertThat(state.get("state.0.step").itemLong()).isEqualTo(3);
    for (String k : List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq")) {
      assertThat(state.get("state.0." + k).shapeArray()).as(k).containsExactly(3, 4);
      assertThat(state.get("state.1." + k).shapeArray()).as(k).containsExactly(3);
    }
  }

  @Test
  void rejectsBetasOutsideTheUnitInterval() {
    List<Parameter> ps = REF.parameters();
    assertThatThrownBy(() -> new Adam(ps).betas(0.9, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Adam: invalid beta 1 1.0 (must be in [0, 1))");
    // A group's betas are checked when the optimiser takes the group, no longer at its first step.
    ParamGroup<Adam.Options> group = ParamGroup.<Adam.Options>of(ps).set(o -> o.withBetas(1.5, 0.9));
    assertThatThrownBy(() -> new Adam(List.of(group)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Adam: invalid beta 0 1.5 (must be in [0, 1)) in parameter group 0");
    assertThatThrownBy(() -> new Adam(ps, -1)).hasMessage("Adam: invalid lr -1.0 (must be >= 0)");
  }
}
