package dev.shinso.optim;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An optimiser's state dict: its groups' options and its parameters' state as tensors under
 * PyTorch's flat keys, so that a checkpoint is one safetensors file. {@code state.<i>.<name>} holds
 * each parameter's state (i counts the parameters in order across groups; {@code step} is a 0-d
 * INT64 count, the rest FLOAT32 tensors of the parameter's shape) and
 * {@code param_groups.<g>.<option>} each group's options under PyTorch's names, then, once a schedule
 * is attached, its {@code initial_lr}, and its {@code params} (the indices i of its parameters).
 * Real options are stored exactly, flags as 0/1 (see {@link StateTensors}).
 *
 * <p>The {@link Schema}s below are the one place where the options records' components meet
 * PyTorch's option names; the algorithms ({@link SGD}, {@link Adam}) only read the records.
 */
final class OptimizerStateCodec {
  private OptimizerStateCodec() {}

  /**
   * One optimiser's options under PyTorch's names, in PyTorch's order: passes each component of a
   * record through {@link Fields} under its name and makes a record of what comes back, so that one
   * mapping serves writing, reading and printing.
   */
  @FunctionalInterface
  interface Schema<O> {
    O map(O options, Fields fields);
  }

  /** What a {@link Schema} passes each option through; each method returns the value to use. */
  interface Fields {
    double real(String name, double value);

    boolean flag(String name, boolean value);

    double[] reals(String name, double[] values);
  }

  static final Schema<SGD.Options> SGD_OPTIONS = (o, f) -> new SGD.Options(
      f.real("lr", o.lr()),
      f.real("momentum", o.momentum()),
      f.real("dampening", o.dampening()),
      f.real("weight_decay", o.weightDecay()),
      f.flag("nesterov", o.nesterov()));

  static final Schema<Adam.Options> ADAM_OPTIONS = (o, f) -> {
    double lr = f.real("lr", o.lr());
    double[] betas = f.reals("betas", new double[] {o.beta1(), o.beta2()});
    return new Adam.Options(lr, betas[0], betas[1],
        f.real("eps", o.eps()),
        f.real("weight_decay", o.weightDecay()),
        f.flag("amsgrad", o.amsgrad()));
  };

  /** The PyTorch names of these options, in order. */
  static List<String> names(OptimizerOptions<?> options) {
    Map<String, Object> values = switch (options) {
      case SGD.Options o -> values(SGD_OPTIONS, o);
      case Adam.Options o -> values(ADAM_OPTIONS, o);
    };
    return List.copyOf(values.keySet());
  }

  /** Each option's value (Double, Boolean or double[]) under its PyTorch name, in order; for printing and writing. */
  static <O> Map<String, Object> values(Schema<O> schema, O options) {
    Map<String, Object> out = new LinkedHashMap<>();
    schema.map(options, new Fields() {
      @Override
      public double real(String name, double value) {
        out.put(name, value);
        return value;
      }

      @Override
      public boolean flag(String name, boolean value) {
        out.put(name, value);
        return value;
      }

      @Override
      public double[] reals(String name, double[] values) {
        out.put(name, values.clone());
        return values;
      }
    });
    return out;
  }

  /** One line per option, as PyTorch prints a group: {@code lr: 0.1}. */
  static <O> List<String> describe(Schema<O> schema, O options) {
    List<String> lines = new ArrayList<>();
    values(schema, options).forEach((k, v) -> lines.add(k + ": " + (v instanceof double[] a ? Arrays.toString(a) : v)));
    return lines;
  }

  /** The state dict of these groups; stateOf gives a parameter's state, or null (its tensors are shared, not copied). */
  static <O extends OptimizerOptions<O>> Map<String, Tensor> encode(Schema<O> schema, List<ParamGroup<O>> groups,
      Function<Tensor, Map<String, Tensor>> stateOf) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Map<String, Tensor> groupKeys = new LinkedHashMap<>();
    int index = 0;
    for (int gi = 0; gi < groups.size(); gi++) {
      ParamGroup<O> g = groups.get(gi);
      long[] ids = new long[g.params().size()];
      for (int j = 0; j < ids.length; j++, index++) {
        ids[j] = index;
        Map<String, Tensor> st = stateOf.apply(g.params().get(j));
        if (st != null) for (var e : st.entrySet()) out.put("state." + index + "." + e.getKey(), e.getValue().detach());
      }
      String prefix = "param_groups." + gi + ".";
      values(schema, g.options()).forEach((k, v) -> groupKeys.put(prefix + k, switch (v) {
        case Double d -> StateTensors.ofDouble(d);
        case Boolean b -> StateTensors.ofBoolean(b);
        case double[] a -> StateTensors.ofDoubles(a);
        default -> throw new IllegalStateException("optimiser option of unknown type " + v.getClass());
      }));
      if (g.initialLr() != null) groupKeys.put(prefix + "initial_lr", StateTensors.ofDouble(g.initialLr()));
      groupKeys.put(prefix + "params", StateTensors.ofLongs(ids));
    }
    out.putAll(groupKeys);
    return out;
  }

  /**
   * What a state dict holds for these groups: each group's options and initial lr (null where none
   * was saved) and each parameter's state by index (tensors as given, not copied).
   */
  record Decoded<O>(List<O> options, List<Double> initialLrs, Map<Integer, Map<String, Tensor>> state) {}

  /**
   * Reads a state dict written by {@link #encode} for groups like these (same sizes, parameters of
   * the same shapes). One that does not fit (missing, unexpected or mis-shaped keys, groups of other
   * sizes, invalid options) is an error that lists every problem.
   *
   * @param stateNames the state names a parameter of a group with these options holds once stepped
   */
  static <O extends OptimizerOptions<O>> Decoded<O> decode(String optimizer, Schema<O> schema,
      List<ParamGroup<O>> groups, Function<O, Set<String>> stateNames, Map<String, Tensor> stateDict) {
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
    List<O> options = new ArrayList<>();
    List<Double> initialLrs = new ArrayList<>();
    int first = 0;
    for (int gi = 0; gi < groups.size(); gi++) {
      int size = groups.get(gi).params().size();
      Map<String, Tensor> given = loadedGroups.getOrDefault(gi, Map.of());
      String prefix = "param_groups." + gi + ".";
      // Options that are missing or invalid keep the group's value, so that the state's names below
      // follow the loaded options where they are valid (Adam's amsgrad decides max_exp_avg_sq).
      Reader reader = new Reader(given, prefix, problems);
      O current = groups.get(gi).options();
      O opts = current;
      try {
        opts = schema.map(current, reader);
      } catch (IllegalArgumentException e) {
        problems.add("param_groups." + gi + ": " + e.getMessage());
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
        if (!reader.read.contains(k) && !k.equals("params") && !k.equals("initial_lr")) unexpected.add(prefix + k);
      }
      first += size;
    }
    for (var e : loadedState.entrySet()) {
      int i = e.getKey();
      Tensor p = params.get(i);
      Set<String> names = stateNames.apply(options.get(groupOf.get(i)));
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
      throw new IllegalArgumentException(optimizer + ".loadStateDict: the state does not fit this optimiser ("
          + groups.size() + " groups, " + params.size() + " parameters): " + String.join("; ", problems));
    }
    return new Decoded<>(options, initialLrs, loadedState);
  }

  /** Reads each option from a group's tensors; one missing or invalid adds a problem and keeps the given value. */
  private static final class Reader implements Fields {
    private final Map<String, Tensor> given;
    private final String prefix;
    private final List<String> problems;
    private final Set<String> read = new LinkedHashSet<>();

    Reader(Map<String, Tensor> given, String prefix, List<String> problems) {
      this.given = given;
      this.prefix = prefix;
      this.problems = problems;
    }

    private Tensor get(String name) {
      read.add(name);
      Tensor t = given.get(name);
      if (t == null) problems.add("missing " + prefix + name);
      return t;
    }

    @Override
    public double real(String name, double value) {
      Tensor t = get(name);
      if (t == null) return value;
      String key = prefix + name;
      String why = StateTensors.checkDoubles(key, t, -1);
      if (why == null) {
        double d = StateTensors.toDouble(t);
        // A schedule may have left lr below 0 (see ParamGroup.setLr); other real options are never negative.
        if (d >= 0 || (name.equals("lr") && Double.isFinite(d))) return d;
        why = key + " must be >= 0, got " + d;
      }
      problems.add(why);
      return value;
    }

    @Override
    public boolean flag(String name, boolean value) {
      Tensor t = get(name);
      if (t == null) return value;
      String why = StateTensors.checkBoolean(prefix + name, t);
      if (why == null) return StateTensors.toBoolean(t);
      problems.add(why);
      return value;
    }

    @Override
    public double[] reals(String name, double[] values) {
      Tensor t = get(name);
      if (t == null) return values;
      String why = StateTensors.checkDoubles(prefix + name, t, values.length);
      if (why == null) return StateTensors.toDoubles(t);
      problems.add(why);
      return values;
    }
  }

  private static Integer parseIndex(String s) {
    if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) return null;
    return Integer.parseInt(s);
  }

  private static String describe(Tensor t) {
    return t.dtype() + " " + t.shapeString();
  }
}
