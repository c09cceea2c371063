package dev.shinso.optim;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The base of every optimiser: parameter groups that each hold an options record {@code O}, the
 * optimiser's default options, and a per-parameter state (PyTorch's {@code state[p]}, e.g.
 * {@code momentum_buffer}). Subclasses implement {@link #step()} by reading their groups' records.
 * The state dict's encoding is {@link OptimizerStateCodec}'s.
 */
public abstract non-sealed class TypedOptimizer<O extends OptimizerOptions<O>> extends Optimizer {
  private final String name = getClass().getSimpleName();
  private final OptimizerStateCodec.Schema<O> schema;
  private O defaults;
  private final List<ParamGroup<O>> groups = new ArrayList<>();
  private final Map<Tensor, Map<String, Tensor>> state = new IdentityHashMap<>();

  /**
   * @param params the parameters (a list of tensors, e.g. {@code model.parameters()}) or a list of
   *     {@link ParamGroup}s
   * @param defaults the options groups fall back on
   * @param schema how the options are written in a state dict
   */
  TypedOptimizer(List<?> params, O defaults, OptimizerStateCodec.Schema<O> schema) {
    this.defaults = defaults;
    this.schema = schema;
    if (params.isEmpty()) throw new IllegalArgumentException(name + ": got an empty parameter list");
    if (params.stream().allMatch(p -> p instanceof ParamGroup)) {
      for (Object g : params) addParamGroup((ParamGroup<?>) g);
    } else if (params.stream().allMatch(p -> p instanceof Tensor)) {
      List<Tensor> tensors = new ArrayList<>();
      for (Object p : params) tensors.add((Tensor) p);
      addParamGroup(ParamGroup.of(tensors));
    } else {
      throw new IllegalArgumentException(name + ": params must be all tensors or all ParamGroups, got "
          + params.stream().map(p -> p == null ? "null" : p.getClass().getSimpleName()).distinct().toList());
    }
  }

  /**
   * The names of the state one parameter of a group with these options holds once stepped (e.g.
   * Adam's {@code step}, {@code exp_avg}, {@code exp_avg_sq}); {@code step} is a count, every other
   * entry a FLOAT32 tensor of the parameter's shape.
   */
  protected abstract Set<String> stateNames(O options);

  @Override
  public List<ParamGroup<O>> paramGroups() {
    return Collections.unmodifiableList(groups);
  }

  /** The options groups fall back on. */
  public O defaults() {
    return defaults;
  }

  @Override
  public void addParamGroup(ParamGroup<?> group) {
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ParamGroup<O> g : groups) seen.addAll(g.params());
    List<Tensor> params = group.params();
    for (int i = 0; i < params.size(); i++) {
      Tensor p = params.get(i);
      if (!p.isLeaf()) {
        throw new IllegalArgumentException(name + ": cannot optimise a non-leaf tensor (parameter " + i + ", shape "
            + p.shapeString() + ", made by " + p.gradFn().op() + ")");
      }
      if (!p.dtype().isFloatingPoint()) {
        throw new IllegalArgumentException(name + ": parameter " + i + " (shape " + p.shapeString() + ") is "
            + p.dtype() + "; only floating-point tensors can be optimised");
      }
      if (!seen.add(p)) {
        throw new IllegalArgumentException(name + ": parameter " + i + " of the new group (shape " + p.shapeString()
            + ") appears twice, in this group or in another one");
      }
    }
    groups.add(group.bind(name, groups.size(), defaults));
  }

  /**
   * Changes the default options (for the subclasses' fluent setters); groups that override an option
   * keep their value. Options that are not valid are an error naming this optimiser, and change nothing.
   */
  protected void updateDefaults(UnaryOperator<O> change) {
    O next = ParamGroup.checked(name, -1, () -> change.apply(defaults));
    List<O> options = new ArrayList<>();
    for (ParamGroup<O> g : groups) options.add(g.checkDefaults(next));
    defaults = next;
    for (int i = 0; i < groups.size(); i++) groups.get(i).setDefaults(next, options.get(i));
  }

  /**
   * The state of one parameter, created empty on first use. Its tensors follow the parameter to its
   * device (after {@code Module.to}, or a checkpoint loaded on the CPU); counts stay host values.
   */
  protected Map<String, Tensor> state(Tensor param) {
    Map<String, Tensor> st = state.computeIfAbsent(param, p -> new LinkedHashMap<>());
    for (var e : st.entrySet()) {
      Tensor t = e.getValue();
      if (t.dtype() == DType.FLOAT32 && !t.device().equals(param.device())) e.setValue(t.to(param.device()));
    }
    return st;
  }

  /** In-place increment of a 0-d INT64 step counter; returns the new count. */
  protected static long increment(Tensor step) {
    long next = StateTensors.toLong(step) + 1;
    step.copy_(StateTensors.ofLong(next));
    return next;
  }

  @Override
  public Map<String, Tensor> stateDict() {
    return OptimizerStateCodec.encode(schema, groups, state::get);
  }

  @Override
  public void loadStateDict(Map<String, Tensor> stateDict) {
    var loaded = OptimizerStateCodec.decode(name, schema, groups, this::stateNames, stateDict);
    for (int gi = 0; gi < groups.size(); gi++) {
      ParamGroup<O> g = groups.get(gi);
      g.load(loaded.options().get(gi));
      if (loaded.initialLrs().get(gi) != null) g.setInitialLr(loaded.initialLrs().get(gi));
    }
    List<Tensor> params = new ArrayList<>();
    for (ParamGroup<O> g : groups) params.addAll(g.params());
    state.clear();
    for (var e : loaded.state().entrySet()) {
      Map<String, Tensor> st = state(params.get(e.getKey()));
      Device device = params.get(e.getKey()).device();
      e.getValue().forEach((k, t) -> st.put(k, k.equals("step") ? StateTensors.ofLong(StateTensors.toLong(t))
          : t.device().equals(device) ? t.contiguousCopy() : t.to(device)));
    }
  }

  /** The groups and their options, as PyTorch prints an optimiser. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append(" (\n");
    for (int gi = 0; gi < groups.size(); gi++) {
      sb.append("Parameter Group ").append(gi).append('\n');
      for (String line : OptimizerStateCodec.describe(schema, groups.get(gi).options())) {
        sb.append("    ").append(line).append('\n');
      }
    }
    return sb.append(')').toString();
  }
}
