package dev.shinso.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.nn.Parameter;
import dev.shinso.optim.lr.StepLR;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The state dict's format, pinned: the keys in their order, each tensor's dtype and shape, and every
 * count, flag and real option exactly (reals as the bits of the double, see {@link StateTensors}).
 * Checkpoints written before the options became typed records must load unchanged, so these lists
 * were written against the Map-based optimisers (and passed there) and must not change. The values of float32 state
 * tensors are the algorithms' (checked against PyTorch elsewhere), so only their shape is listed.
 */
class OptimizerStateCodecTest {
  private static final OptimReference REF = OptimReference.read("optim_sgd.json");

  @Test
  void sgdStateDictHasItsKnownKeysAndValues() {
    List<Parameter> ps = REF.parameters();
    SGD sgd = new SGD(List.of(ParamGroup.of(List.of(ps.get(0))).lr(0.05).weightDecay(0.01),
        ParamGroup.of(List.of(ps.get(1)))), 0.1).momentum(0.9).dampening(0.0).nesterov(true);
    REF.step(sgd, ps);
    List<String> golden = List.of(
        "state.0.momentum_buffer float32 [3, 4]",
        "state.1.momentum_buffer float32 [3]",
        "param_groups.0.lr int64 [] " + bits(0.05),
        "param_groups.0.momentum int64 [] " + bits(0.9),
        "param_groups.0.dampening int64 [] " + bits(0.0),
        "param_groups.0.weight_decay int64 [] " + bits(0.01),
        "param_groups.0.nesterov int64 [] [1]",
        "param_groups.0.params int64 [1] [0]",
        "param_groups.1.lr int64 [] " + bits(0.1),
        "param_groups.1.momentum int64 [] " + bits(0.9),
        "param_groups.1.dampening int64 [] " + bits(0.0),
        "param_groups.1.weight_decay int64 [] " + bits(0.0),
        "param_groups.1.nesterov int64 [] [1]",
        "param_groups.1.params int64 [1] [1]");
    assertThat(describe(sgd.stateDict())).containsExactlyElementsOf(golden);

    List<Parameter> again = REF.parameters();
    SGD loaded = new SGD(List.of(ParamGroup.of(List.of(again.get(0))), ParamGroup.of(List.of(again.get(1)))), 0.3);
    loaded.loadStateDict(sgd.stateDict());
    assertThat(describe(loaded.stateDict())).containsExactlyElementsOf(golden);
  }

  /** AdamW with amsgrad, two groups and a schedule (so each group has an initial_lr), after two steps. */
  @Test
  void adamWStateDictHasItsKnownKeysAndValues() {
    List<Parameter> ps = REF.parameters();
    AdamW adamw = new AdamW(List.of(ParamGroup.of(List.of(ps.get(0))).lr(0.02).weightDecay(0.0),
        ParamGroup.of(List.of(ps.get(1)))), 0.01).betas(0.8, 0.95).eps(1e-6).amsgrad(true);
    StepLR schedule = new StepLR(adamw, 1, 0.5);
    for (int i = 0; i < 2; i++) {
      REF.step(adamw, ps);
      schedule.step();
    }
    List<String> golden = List.of(
        "state.0.step int64 [] [2]",
        "state.0.exp_avg float32 [3, 4]",
        "state.0.exp_avg_sq float32 [3, 4]",
        "state.0.max_exp_avg_sq float32 [3, 4]",
        "state.1.step int64 [] [2]",
        "state.1.exp_avg float32 [3]",
        "state.1.exp_avg_sq float32 [3]",
        "state.1.max_exp_avg_sq float32 [3]",
        "param_groups.0.lr int64 [] " + bits(0.005),
        "param_groups.0.betas int64 [2] " + bits(0.8, 0.95),
        "param_groups.0.eps int64 [] " + bits(1e-6),
        "param_groups.0.weight_decay int64 [] " + bits(0.0),
        "param_groups.0.amsgrad int64 [] [1]",
        "param_groups.0.initial_lr int64 [] " + bits(0.02),
        "param_groups.0.params int64 [1] [0]",
        "param_groups.1.lr int64 [] " + bits(0.0025),
        "param_groups.1.betas int64 [2] " + bits(0.8, 0.95),
        "param_groups.1.eps int64 [] " + bits(1e-6),
        "param_groups.1.weight_decay int64 [] " + bits(1e-2),
        "param_groups.1.amsgrad int64 [] [1]",
        "param_groups.1.initial_lr int64 [] " + bits(0.01),
        "param_groups.1.params int64 [1] [1]");
    assertThat(describe(adamw.stateDict())).containsExactlyElementsOf(golden);

    List<Parameter> again = REF.parameters();
    AdamW loaded = new AdamW(List.of(ParamGroup.of(List.of(again.get(0))), ParamGroup.of(List.of(again.get(1)))));
    loaded.loadStateDict(adamw.stateDict());
    assertThat(describe(loaded.stateDict())).containsExactlyElementsOf(golden);
  }

  /** Options are checked as the records check them; an invalid one is named and nothing is loaded. */
  @Test
  void invalidOptionsAreNamedAndChangeNothing() {
    List<Parameter> ps = REF.parameters();
    Map<String, Tensor> state = new java.util.LinkedHashMap<>(new Adam(ps, 0.01).stateDict());
    state.put("param_groups.0.betas", StateTensors.ofDoubles(new double[] {0.9, 1.5}));
    state.put("param_groups.0.eps", StateTensors.ofDouble(-1));
    state.put("param_groups.0.lr", StateTensors.ofDouble(-1e-4));  // a schedule's lr may be below 0
    Adam adam = new Adam(ps, 0.02);
    assertThatThrownBy(() -> adam.loadStateDict(state))
        .hasMessage("Adam.loadStateDict: the state does not fit this optimiser (1 groups, 2 parameters):"
            + " param_groups.0.eps must be >= 0, got -1.0; param_groups.0: invalid beta 1 1.5 (must be in [0, 1))");
    assertThat(adam.paramGroups().get(0).options()).isEqualTo(Adam.Options.defaults(0.02, 0));

    state.put("param_groups.0.betas", StateTensors.ofDoubles(new double[] {0.9, 0.5}));
    state.put("param_groups.0.eps", StateTensors.ofDouble(1e-6));
    adam.loadStateDict(state);
    assertThat(adam.paramGroups().get(0).options()).isEqualTo(new Adam.Options(-1e-4, 0.9, 0.5, 1e-6, 0, false));
  }

  private static String bits(double... values) {
    long[] b = new long[values.length];
    for (int i = 0; i < b.length; i++) b[i] = Double.doubleToRawLongBits(values[i]);
    return Arrays.toString(b);
  }

  private static List<String> describe(Map<String, Tensor> state) {
    List<String> out = new ArrayList<>();
    state.forEach((k, t) -> out.add(k + " " + t.dtype() + " " + t.shapeString()
        + (t.dtype() == DType.INT64 ? " " + Arrays.toString(t.toLongArray()) : "")));
    return out;
  }
}
