package dev.shinso.optim;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The base of every optimiser, as torch.optim.Optimizer: parameter groups with their options, a
 * per-parameter state (PyTorch's {@code state[p]}, e.g. {@code momentum_buffer}), {@link #step()}
 * and {@link #zeroGrad()}. Parameters whose grad is null are skipped by step.
 *
 * <p>{@link #stateDict()} flattens everything into tensors under PyTorch-like keys, so that a
 * checkpoint is one safetensors file: {@code state.<i>.<name>} for each parameter's state (i counts
 * the parameters in order across groups; {@code step} is a 0-d INT64 count) and
 * {@code param_groups.<g>.<option>} for each group's options, its {@code params} (the indices i of
 * its parameters) and, once a schedule is attached, its {@code initial_lr}. Real-valued options are
 * stored exactly (see {@link StateTensors}).
 */
public abstract class Optimizer {
  private final String name = getClass().getSimpleName();
  private final Map<String, Object> defaults;
  private final List<ParamGroup> groups = new ArrayList<>();
  private final Map<Tensor, Map<String, Tensor>> state = new IdentityHashMap<>();

  /**
   * @param params the parameters (a list of tensors, e.g. {@code model.parameters()}) or a list of
   *     {@link ParamGroup}s
   * @param defaults every option with its default value, in PyTorch's order
   */
  protected Optimizer(List<?> params, Map<String, Object> defaults) {
    this.defaults = new LinkedHashMap<>(defaults);
    if (params.isEmpty()) throw new IllegalArgumentException(name + ": got an empty parameter list");
    if (params.stream().allMatch(p -> p instanceof ParamGroup)) {
      for (Object g : params) addParamGroup((ParamGroup) g);
    } else if (params.stream().allMatch(p -> p instanceof Tensor)) {
      List<Tensor> tensors = new ArrayList<>();
      for (Object p : params) tensors.add((Tensor) p);
      addParamGroup(ParamGroup.of(tensors));
    } else {
      throw new IllegalArgumentException(name + ": params must be all tensors or all ParamGroups, got "
          + params.stream().map(p -> p == null ? "null" : p.getClass().getSimpleName()).distinct().toList());
    }
  }

  /** One update of every parameter that has a gradient. */
  public abstract void step();

  /**
   * The names of the state one parameter of a group with these options holds once stepped (e.g.
   * Adam's {@code step}, {@code exp_avg}, {@code exp_avg_sq}); {@code step} is a count, every other
   * entry a FLOAT32 tensor of the parameter's shape.
   */
  protected abstract Set<String> stateNames(Map<String, Object> options);

  /** Forgets every parameter's gradient (PyTorch's zero_grad with set_to_none=True). */
  public void zeroGrad() {
    for (ParamGroup g : groups) for (Tensor p : g.params()) p.setGrad(null);
  }

  public List<ParamGroup> paramGroups() {
    return Collections.unmodifiableList(groups);
  }

  /** The options groups fall back on. */
  public Map<String, Object> defaults() {
    return Collections.unmodifiableMap(defaults);
  }

  public void addParamGroup(ParamGroup group) {
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ParamGroup g : groups) seen.addAll(g.params());
    List<Tensor> params = group.params();
    for (int i = 0; i < params.size(); i++) {
      Tensor p = params.get(i);
      if (!p.isLeaf()) {
        throw new IllegalArgumentException(name + ": cannot optimise a non-leaf tensor (parameter " + i + ", shape "
            + p.shapeString() + ", made by " + p.gradFn().op() + ")");
      }
      if (p.dtype() != DType.FLOAT32) {
        throw new IllegalArgumentException(name + ": parameter " + i + " (shape " + p.shapeString() + ") is "
            + p.dtype() + "; only float32 tensors can be optimised");
      }
      if (!seen.add(p)) {
        throw new IllegalArgumentException(name + ": parameter " + i + " of the new group (shape " + p.shapeString()
            + ") appears twice, in this group or in another one");
      }
    }
    group.bind(name, defaults);
    groups.add(group);
  }

  /** Sets a default option (for the subclasses' fluent setters); groups that override it keep their value. */
  protected void setDefault(String option, Object value) {
    Object old = defaults.get(option);
    if (old == null || old.getClass() != value.getClass()) {
      throw new IllegalStateException(name + ": no option " + option + " of type " + value.getClass().getSimpleName());
    }
    if (value instanceof Double d && !(d >= 0)) {
      throw new IllegalArgumentException(name + ": invalid " + option + " " + d + " (must be >= 0)");
    }
    defaults.put(option, value);
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

  /** The state and the groups' options as tensors (the state's tensors are shared, not copied). */
  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Map<String, Tensor> groupKeys = new LinkedHashMap<>();
    int index = 0;
    for (int gi = 0; gi < groups.size(); gi++) {
      ParamGroup g = groups.get(gi);
      long[] ids = new long[g.params().size()];
      for (int j = 0; j < ids.length; j++, index++) {
        ids[j] = index;
        Map<String, Tensor> st = state.get(g.params().get(j));
        if (st != null) for (var e : st.entrySet()) out.put("state." + index + "." + e.getKey(), e.getValue().detach());
      }
      String prefix = "param_groups." + gi + ".";
      g.options().forEach((k, v) -> groupKeys.put(prefix + k, encode(v)));
      if (g.initialLr() != null) groupKeys.put(prefix + "initial_lr", StateTensors.ofDouble(g.initialLr()));
      groupKeys.put(prefix + "params", StateTensors.ofLongs(ids));
    }
    out.putAll(groupKeys);
    return out;
  }

  /**
   * Restores a state written by {@link #stateDict()} of an optimiser of the same kind over parameters
   * of the same shapes in the same groups. Tensors are copied. A state that does not fit (missing,
   * unexpected or mis-shaped keys, groups of other sizes) changes nothing and is an error that lists
   * every problem.
   */
  public void loadStateDict(Map<String, Tensor> stateDict) {
    List<Tensor> params = new ArrayList<>();
    List<Integer> groupOf = new ArrayList<>();
    for (int gi = 0; gi < groups.size(); gi++) {
      for (Tensor p : groups.get(gi).params()) {
        params.add(p);
        groupOf.add(gi);
      }
    }
    List<String> problems = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    Map<Integer, Map<String, Tensor>> loadedState = new TreeMap<>();
    Map<Integer, Map<String, Tensor>> loadedGroups = new TreeMap<>();
    for (var e : stateDict.entrySet()) {
      String[] parts = e.getKey().split("\\.", 3);
      Integer i = parts.length == 3 ? parseIndex(parts[1]) : null;
      if (i != null && parts[0].equals("state") && i < params.size()) {
        loadedState.computeIfAbsent(i, k -> new LinkedHashMap<>()).put(parts[2], e.getValue());
      } else if (i != null && parts[0].equals("param_groups") && i < groups.size()) {
        loadedGroups.computeIfAbsent(i, k -> new LinkedHashMap<>()).put(parts[2], e.getValue());
      } else {
        unexpected.add(e.getKey());
      }
    }
    List<Map<String, Object>> options = new ArrayList<>();
    List<Double> initialLrs = new ArrayList<>();
    int first = 0;
    for (int gi = 0; gi < groups.size(); gi++) {
      int size = groups.get(gi).params().size();
      Map<String, Tensor> given = loadedGroups.getOrDefault(gi, Map.of());
      String prefix = "param_groups." + gi + ".";
      Map<String, Object> opts = new LinkedHashMap<>();
      for (var d : defaults.entrySet()) {
        Tensor t = given.get(d.getKey());
        if (t == null) problems.add("missing " + prefix + d.getKey());
        else {
          Object v = decode(prefix + d.getKey(), t, d.getValue(), problems);
          if (v != null) opts.put(d.getKey(), v);
        }
      }
      options.add(opts);
      Tensor initial = given.get("initial_lr");
      String why = initial == null ? null : StateTensors.checkDoubles(prefix + "initial_lr", initial, -1);
      if (why != null) problems.add(why);
      initialLrs.add(initial == null || why != null ? null : StateTensors.toDouble(initial));
      Tensor ids = given.get("params");
      if (ids == null) problems.add("missing " + prefix + "params");
      else {
        long[] expected = new long[size];
        for (int j = 0; j < size; j++) expected[j] = first + j;
        if (ids.dtype() != DType.INT64 || ids.dim() != 1 || !Arrays.equals(ids.toLongArray(), expected)) {
          problems.add(prefix + "params is " + describe(ids) + " but group " + gi + " holds the " + size
              + " parameters " + Arrays.toString(expected));
        }
      }
      for (String k : given.keySet()) {
        if (!defaults.containsKey(k) && !k.equals("params") && !k.equals("initial_lr")) unexpected.add(prefix + k);
      }
      first += size;
    }
    for (var e : loadedState.entrySet()) {
      int i = e.getKey();
      Tensor p = params.get(i);
      // The state a parameter holds depends on the options (Adam's amsgrad): the loaded ones where valid.
      Map<String, Object> opts = new LinkedHashMap<>(groups.get(groupOf.get(i)).options());
      opts.putAll(options.get(groupOf.get(i)));
      Set<String> names = stateNames(opts);
      for (var s : e.getValue().entrySet()) {
        String key = "state." + i + "." + s.getKey();
        Tensor t = s.getValue();
        if (!names.contains(s.getKey())) unexpected.add(key);
        else if (s.getKey().equals("step")) {
          String why = StateTensors.checkLong(key, t);
          if (why != null) problems.add(why);
        } else if (t.dtype() != DType.FLOAT32 || !t.shape().equals(p.shape())) {
          problems.add(key + " is " + describe(t) + " but parameter " + i + " is float32 " + p.shapeString());
        }
      }
      for (String n : names) if (!e.getValue().containsKey(n)) problems.add("missing state." + i + "." + n);
    }
    Collections.sort(unexpected);
    if (!unexpected.isEmpty()) problems.add("unexpected keys " + unexpected);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(name + ".loadStateDict: the state does not fit this optimiser ("
          + groups.size() + " groups, " + params.size() + " parameters): " + String.join("; ", problems));
    }
    for (int gi = 0; gi < groups.size(); gi++) {
      ParamGroup g = groups.get(gi);
      options.get(gi).forEach((k, v) -> {
        if (k.equals("lr")) g.setLr((Double) v);
        else g.set(k, v);
      });
      if (initialLrs.get(gi) != null) g.setInitialLr(initialLrs.get(gi));
    }
    state.clear();
    for (var e : loadedState.entrySet()) {
      Map<String, Tensor> st = state(params.get(e.getKey()));
      Device device = params.get(e.getKey()).device();
      e.getValue().forEach((k, t) -> st.put(k, k.equals("step") ? StateTensors.ofLong(StateTensors.toLong(t))
          : t.device().equals(device) ? t.contiguousCopy() : t.to(device)));
    }
  }

  private static Integer parseIndex(String s) {
    if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) return null;
    return Integer.parseInt(s);
  }

  private static String describe(Tensor t) {
    return t.dtype() + " " + t.shapeString();
  }

  private static Tensor encode(Object value) {
    return switch (value) {
      case Double d -> StateTensors.ofDouble(d);
      case Boolean b -> StateTensors.ofBoolean(b);
      case double[] a -> StateTensors.ofDoubles(a);
      default -> throw new IllegalStateException("optimiser option of unknown type " + value.getClass());
    };
  }

  /** The value of t as the type of like, or null after adding the reason to problems. */
  private static Object decode(String key, Tensor t, Object like, List<String> problems) {
    String why = switch (like) {
      case Double d -> StateTensors.checkDoubles(key, t, -1);
      case Boolean b -> StateTensors.checkBoolean(key, t);
      case double[] a -> StateTensors.checkDoubles(key, t, a.length);
      default -> "option " + key + " has an unknown type";
    };
    if (why == null) {
      Object v = switch (like) {
        case Double d -> StateTensors.toDouble(t);
        case Boolean b -> StateTensors.toBoolean(t);
        default -> StateTensors.toDoubles(t);
      };
      // A schedule may have left lr below 0 (see ParamGroup.setLr); other real options are never negative.
      if (!(v instanceof Double d) || d >= 0 || (key.endsWith(".lr") && Double.isFinite(d))) return v;
      why = key + " must be >= 0, got " + d;
    }
    problems.add(why);
    return null;
  }

  /** The groups and their options, as PyTorch prints an optimiser. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append(" (\n");
    for (int gi = 0; gi < groups.size(); gi++) {
      sb.append("Parameter Group ").append(gi).append('\n');
      groups.get(gi).options().forEach((k, v) ->
          sb.append("    ").append(k).append(": ").append(v instanceof double[] a ? Arrays.toString(a) : v).append('\n'));
    }
    return sb.append(')').toString();
  }
}
