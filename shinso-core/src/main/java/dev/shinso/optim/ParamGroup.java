package dev.shinso.optim;

import dev.shinso.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters that share hyper-parameters, as one dict of PyTorch's {@code param_groups}. A group
 * holds its parameters and the options it overrides; every other option comes from the defaults of
 * the optimiser it belongs to, so {@code new SGD(groups, 0.1).momentum(0.9)} reaches each group that
 * does not set momentum itself. Option names are PyTorch's ({@code lr}, {@code weight_decay},
 * {@code betas}, …); values are {@code Double}, {@code Boolean} or {@code double[]}.
 *
 * <pre>{@code
 * new SGD(List.of(ParamGroup.of(backbone.parameters()).lr(0.01),
 *                 ParamGroup.of(head.parameters())), 0.1).momentum(0.9);
 * }</pre>
 */
public final class ParamGroup {
  private final List<Tensor> params;
  private final Map<String, Object> overrides = new LinkedHashMap<>();
  private Map<String, Object> defaults;
  private String owner;
  private Double initialLr;

  private ParamGroup(List<Tensor> params) {
    this.params = params;
  }

  public static ParamGroup of(List<? extends Tensor> params) {
    if (params.isEmpty()) throw new IllegalArgumentException("ParamGroup: a group needs at least one parameter");
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i) == null) throw new IllegalArgumentException("ParamGroup: parameter " + i + " is null");
    }
    return new ParamGroup(List.copyOf(params));
  }

  public List<Tensor> params() {
    return params;
  }

  /** Overrides one option for this group (PyTorch's name, e.g. {@code "weight_decay"}); returns this. */
  public ParamGroup set(String option, Object value) {
    Object v = switch (value) {
      case Double d -> d;
      case Number n -> n.doubleValue();
      case Boolean b -> b;
      case double[] a -> a.clone();
      case null, default -> throw new IllegalArgumentException("ParamGroup.set: option " + option
          + " must be a number, a boolean or a double[], got " + (value == null ? "null" : value.getClass().getSimpleName()));
    };
    if (defaults != null) checkFits(owner, option, v, defaults);
    if (v instanceof Double d && !(d >= 0)) {
      throw new IllegalArgumentException("ParamGroup.set: invalid " + option + " " + d + " (must be >= 0)");
    }
    overrides.put(option, v);
    return this;
  }

  public ParamGroup lr(double lr) {
    return set("lr", lr);
  }

  public ParamGroup weightDecay(double weightDecay) {
    return set("weight_decay", weightDecay);
  }

  public ParamGroup momentum(double momentum) {
    return set("momentum", momentum);
  }

  public double lr() {
    return getDouble("lr");
  }

  /**
   * Sets this group's learning rate (what schedules call). Unlike {@link #lr(double)} it takes any
   * finite value: PyTorch's schedules may go below 0 (OneCycleLR's linear anneal, one step past its end).
   */
  public void setLr(double lr) {
    if (!Double.isFinite(lr)) throw new IllegalArgumentException("ParamGroup.setLr: lr must be finite, got " + lr);
    if (defaults != null) checkFits(owner, "lr", lr, defaults);
    overrides.put("lr", lr);
  }

  /** The lr a schedule started from (PyTorch's {@code initial_lr}), or null before any schedule was attached. */
  public Double initialLr() {
    return initialLr;
  }

  public void setInitialLr(double lr) {
    initialLr = lr;
  }

  public double getDouble(String option) {
    return (Double) get(option, Double.class);
  }

  public boolean getBoolean(String option) {
    return (Boolean) get(option, Boolean.class);
  }

  public double[] getDoubles(String option) {
    return ((double[]) get(option, double[].class)).clone();
  }

  /** Every option's value in effect for this group, in the optimiser's order. */
  public Map<String, Object> options() {
    requireBound("options");
    Map<String, Object> all = new LinkedHashMap<>();
    for (String k : defaults.keySet()) all.put(k, get(k, Object.class));
    return all;
  }

  private Object get(String option, Class<?> type) {
    Object v = overrides.get(option);
    if (v == null) {
      requireBound(option);
      v = defaults.get(option);
      if (v == null) throw new IllegalArgumentException(owner + " has no option " + option + "; it has " + defaults.keySet());
    }
    if (!type.isInstance(v)) {
      throw new IllegalStateException("ParamGroup: option " + option + " is a " + v.getClass().getSimpleName() + ", not a "
          + type.getSimpleName());
    }
    return v;
  }

  private void requireBound(String what) {
    if (defaults == null) {
      throw new IllegalStateException("ParamGroup: " + what + " is not set here and the group belongs to no optimiser yet");
    }
  }

  /** Called once, when an optimiser takes this group: every override must be one of its options, of its type. */
  void bind(String optimizer, Map<String, Object> optimizerDefaults) {
    if (defaults != null) {
      throw new IllegalArgumentException(optimizer + ": this parameter group already belongs to " + owner);
    }
    overrides.forEach((k, v) -> checkFits(optimizer, k, v, optimizerDefaults));
    owner = optimizer;
    defaults = optimizerDefaults;
  }

  private static void checkFits(String who, String option, Object value, Map<String, Object> optimizerDefaults) {
    Object d = optimizerDefaults.get(option);
    if (d == null) {
      throw new IllegalArgumentException(who + ": unknown option " + option + " in a parameter group; options are "
          + optimizerDefaults.keySet());
    }
    if (d.getClass() != value.getClass()) {
      throw new IllegalArgumentException(who + ": option " + option + " must be a " + d.getClass().getSimpleName()
          + ", got a " + value.getClass().getSimpleName());
    }
    if (d instanceof double[] a && ((double[]) value).length != a.length) {
      throw new IllegalArgumentException(who + ": option " + option + " takes " + a.length + " values, got "
          + ((double[]) value).length);
    }
  }
}
