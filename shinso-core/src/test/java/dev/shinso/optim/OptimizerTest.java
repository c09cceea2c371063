package dev.shinso.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.Shinso;
import dev.shinso.io.Checkpoint;
import dev.shinso.nn.Parameter;
import dev.shinso.optim.lr.LRScheduler;
import dev.shinso.optim.lr.OneCycleLR;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizerTest {
  private static final OptimReference REF = OptimReference.read("optim_sgd.json");

  static Stream<Arguments> optimisers() {
    return Stream.of(
        Arguments.of("SGD with Nesterov momentum and weight decay",
            (Function<List<Parameter>, Optimizer>) ps -> new SGD(ps, 0.1).momentum(0.9).nesterov(true).weightDecay(0.01)),
        Arguments.of("Adam with amsgrad", (Function<List<Parameter>, Optimizer>) ps ->
            new Adam(ps, 0.05).betas(0.9, 0.5).amsgrad(true)),
        Arguments.of("AdamW in two groups", (Function<List<Parameter>, Optimizer>) ps ->
            new AdamW(List.of(ParamGroup.of(List.of(ps.get(0))).lr(0.02), ParamGroup.of(List.of(ps.get(1)))), 0.01)));
  }

  /** Three steps, a saved state, a fresh optimiser that loads it, two more steps: the same bits as five straight steps. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("optimisers")
  void stateDictRoundTripResumesBitForBit(String name, Function<List<Parameter>, Optimizer> make) {
    List<Parameter> straight = REF.parameters();
    Optimizer once = make.apply(straight);
    for (int i = 0; i < 5; i++) REF.step(once, straight);

    List<Parameter> resumed = REF.parameters();
    Optimizer first = make.apply(resumed);
    for (int i = 0; i < 3; i++) REF.step(first, resumed);
    Map<String, Tensor> saved = new LinkedHashMap<>();
    first.stateDict().forEach((k, v) -> saved.put(k, v.contiguousCopy())); // as a checkpoint file would
    Optimizer second = make.apply(resumed);
    second.loadStateDict(saved);
    for (int i = 0; i < 2; i++) REF.step(second, resumed);

    for (int k = 0; k < 2; k++) {
      assertThat(resumed.get(k).toFloatArray()).as("parameter %d", k).isEqualTo(straight.get(k).toFloatArray());
    }
    // Loading copied the tensors: the saved map is not the optimiser's live state.
    second.stateDict().forEach((k, v) -> {
      if (k.startsWith("state.") && v.dtype() == DType.FLOAT32) assertThat(v.storage()).isNotSameAs(saved.get(k).storage());
    });
  }

  /** The same resume through a safetensors checkpoint file, with a schedule: every value survives the file exactly. */
  @Test
  void resumesFromACheckpointFileBitForBit(@TempDir Path dir) throws IOException {
    List<Parameter> straight = REF.parameters();
    AdamW once = new AdamW(straight, 0.01).amsgrad(true);
    LRScheduler onceSchedule = new OneCycleLR(once, 0.05, 10);
    for (int i = 0; i < 7; i++) {
      REF.step(once, straight);
      onceSchedule.step();
    }

    List<Parameter> resumed = REF.parameters();
    AdamW first = new AdamW(resumed, 0.01).amsgrad(true);
    LRScheduler firstSchedule = new OneCycleLR(first, 0.05, 10);
    for (int i = 0; i < 4; i++) {
      REF.step(first, resumed);
      firstSchedule.step();
    }
    Map<String, Tensor> model = Map.of("w", resumed.get(0).detach(), "b", resumed.get(1).detach());
    Path file = dir.resolve("run.safetensors");
    new Checkpoint(model, first.stateDict(), firstSchedule.stateDict(), new long[] {0, 0, 0}, 4, Map.of()).save(file);

    Checkpoint loaded = Checkpoint.load(file);
    Device device = Shinso.defaultDevice();  // a checkpoint loads on the CPU, as torch's load_file
    List<Parameter> restored = List.of(new Parameter(loaded.model().get("w").to(device)),
        new Parameter(loaded.model().get("b").to(device)));
    AdamW second = new AdamW(restored, 0.01).amsgrad(true);
    LRScheduler secondSchedule = new OneCycleLR(second, 0.05, 10);
    second.loadStateDict(loaded.optimizer());
    secondSchedule.loadStateDict(loaded.scheduler());
    for (int i = 0; i < 3; i++) {
      REF.step(second, restored);
      secondSchedule.step();
    }
    for (int k = 0; k < 2; k++) {
      assertThat(restored.get(k).toFloatArray()).as("parameter %d", k).isEqualTo(straight.get(k).toFloatArray());
    }
  }

  /** A 0-d parameter (a learned temperature, say) is updated like any other. */
  @Test
  void optimisesZeroDimensionalParameters() {
    Parameter t = new Parameter(Tensor.scalar(2f));
    Adam adam = new Adam(List.of(t), 0.1).weightDecay(0.1);
    SGD sgd = new SGD(List.of(t), 0.1).momentum(0.9).nesterov(true).weightDecay(0.1);
    for (Optimizer o : List.of(adam, sgd)) {
      o.zeroGrad();
      t.mul(t).backward();
      o.step();
    }
    assertThat(t.shapeArray()).isEmpty();
    assertThat(t.item()).isLessThan(1.9f);
    assertThat(adam.stateDict().get("state.0.exp_avg").shapeArray()).isEmpty();
  }

  @Test
  void stateDictKeysAreFlatPyTorchNames() {
    List<Parameter> ps = REF.parameters();
    SGD sgd = new SGD(List.of(ParamGroup.of(List.of(ps.get(0))).lr(0.05), ParamGroup.of(List.of(ps.get(1)))), 0.1)
        .momentum(0.9);
    REF.step(sgd, ps);
    Map<String, Tensor> state = sgd.stateDict();
    assertThat(state.keySet()).containsExactly(
        "state.0.momentum_buffer", "state.1.momentum_buffer",
        "param_groups.0.lr", "param_groups.0.momentum", "param_groups.0.dampening", "param_groups.0.weight_decay",
        "param_groups.0.nesterov", "param_groups.0.params",
        "param_groups.1.lr", "param_groups.1.momentum", "param_groups.1.dampening", "param_groups.1.weight_decay",
        "param_groups.1.nesterov", "param_groups.1.params");
    assertThat(state.get("state.0.momentum_buffer").shapeArray()).containsExactly(3, 4);
    assertThat(StateTensors.toDouble(state.get("param_groups.0.lr"))).isEqualTo(0.05);
    assertThat(StateTensors.toDouble(state.get("param_groups.1.lr"))).isEqualTo(0.1);
    assertThat(StateTensors.toDouble(state.get("param_groups.1.momentum"))).isEqualTo(0.9);
    assertThat(state.get("param_groups.0.nesterov").dtype()).isEqualTo(DType.INT64);
    assertThat(state.get("param_groups.0.nesterov").itemLong()).isZero();
    assertThat(state.get("param_groups.1.params").toLongArray()).containsExactly(1);
  }

  @Test
  void loadingAStateThatDoesNotFitNamesEveryProblemAndChangesNothing() {
    List<Parameter> ps = REF.parameters();
    Adam adam = new Adam(ps, 0.01);
    REF.step(adam, ps);
    Map<String, Tensor> good = adam.stateDict();

    Map<String, Tensor> bad = new LinkedHashMap<>(good);
    bad.put("state.0.exp_avg", Tensor.zeros(4, 3));
    bad.remove("state.1.exp_avg_sq");
    bad.put("state.0.momentum_buffer", Tensor.zeros(3, 4));
    bad.put("state.9.exp_avg", Tensor.zeros(3));
    bad.remove("param_groups.0.eps");
    bad.put("param_groups.0.params", StateTensors.ofLongs(new long[] {0, 1, 2}));
    Adam fresh = new Adam(ps, 0.01);
    assertThatThrownBy(() -> fresh.loadStateDict(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Adam.loadStateDict: the state does not fit this optimiser (1 groups, 2 parameters): ")
        .hasMessageContaining("missing param_groups.0.eps")
        .hasMessageContaining("param_groups.0.params is int64 [3] but group 0 holds the 2 parameters [0, 1]")
        .hasMessageContaining("state.0.exp_avg is float32 [4, 3] but parameter 0 is float32 [3, 4]")
        .hasMessageContaining("missing state.1.exp_avg_sq")
        .hasMessageContaining("unexpected keys [state.0.momentum_buffer, state.9.exp_avg]");
    assertThat(fresh.stateDict()).doesNotContainKey("state.0.step");

    Map<String, Tensor> sgdState = new SGD(ps, 0.1).stateDict();
    assertThatThrownBy(() -> fresh.loadStateDict(sgdState))
        .hasMessageContaining("missing param_groups.0.betas")
        .hasMessageContaining("unexpected keys [param_groups.0.dampening, param_groups.0.momentum, param_groups.0.nesterov]");
  }

  @Test
  void loadedOptionsReplaceTheGroupsOptions() {
    List<Parameter> ps = REF.parameters();
    Map<String, Tensor> saved = new SGD(ps, 0.03).momentum(0.5).nesterov(true).stateDict();
    SGD sgd = new SGD(ps, 0.1);
    sgd.loadStateDict(saved);
    ParamGroup<SGD.Options> g = sgd.paramGroups().get(0);
    assertThat(g.lr()).isEqualTo(0.03);
    assertThat(g.options()).isEqualTo(new SGD.Options(0.03, 0.5, 0.0, 0.0, true));
  }

  @Test
  void realOptionsMayBeLoadedFromFloat32() {
    List<Parameter> ps = REF.parameters();
    Map<String, Tensor> state = new LinkedHashMap<>(new SGD(ps, 0.1).stateDict());
    state.put("param_groups.0.lr", Tensor.of(new float[] {0.25f}).reshape());
    SGD sgd = new SGD(ps, 0.1);
    sgd.loadStateDict(state);
    assertThat(sgd.paramGroups().get(0).lr()).isEqualTo(0.25);
  }

  @Test
  void zeroGradForgetsGradients() {
    List<Parameter> ps = REF.parameters();
    SGD sgd = new SGD(ps, 0.1);
    REF.loss(ps).backward();
    assertThat(ps.get(0).grad()).isNotNull();
    sgd.zeroGrad();
    assertThat(ps).allSatisfy(p -> assertThat(p.grad()).isNull());
  }

  @Test
  void rejectsParametersItCannotOptimise() {
    Parameter w = new Parameter(Tensor.zeros(2));
    assertThatThrownBy(() -> new SGD(List.of(), 0.1)).hasMessage("SGD: got an empty parameter list");
    assertThatThrownBy(() -> new SGD(List.of(w, ParamGroup.of(List.of(w))), 0.1))
        .hasMessage("SGD: params must be all tensors or all ParamGroups, got [Parameter, ParamGroup]");
    assertThatThrownBy(() -> new SGD(List.of(w, w), 0.1)).hasMessageContaining("parameter 1 of the new group (shape [2])"
        + " appears twice");
    assertThatThrownBy(() -> new SGD(List.of(ParamGroup.of(List.of(w)), ParamGroup.of(List.of(w))), 0.1))
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> new SGD(List.of(w.mul(2f)), 0.1))
        .hasMessageContaining("SGD: cannot optimise a non-leaf tensor (parameter 0, shape [2], made by mul)");
    assertThatThrownBy(() -> new SGD(List.of(Tensor.zeros(2).to(DType.INT64)), 0.1))
        .hasMessageContaining("is int64; only floating-point tensors can be optimised");
  }

  @Test
  void plainTensorsThatRequireGradCanBeOptimised() {
    Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
    SGD sgd = new SGD(List.of(x), 0.5);
    x.mul(x).sum().backward();
    sgd.step();
    assertThat(x.toFloatArray()).containsExactly(0f, 0f);
  }

  @Test
  void printsLikePyTorch() {
    assertThat(new SGD(REF.parameters(), 0.1).momentum(0.9).toString()).isEqualTo("""
        SGD (
        Parameter Group 0
            lr: 0.1
            momentum: 0.9
            dampening: 0.0
            weight_decay: 0.0
            nesterov: false
        )""");
  }
}
