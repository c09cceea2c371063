package dev.shinso.optim;

import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Parameters that share hyper-parameters, as one dict of PyTorch's {@code param_groups}, holding a
 * typed options record {@code O} ({@link SGD.Options}, {@link Adam.Options}) once an optimiser has
 * taken it. The group keeps the overrides it was given, in order; its options are the optimiser's
 * defaults with those applied, so {@code new SGD(groups, 0.1).momentum(0.9)} reaches each group that
 * does not set momentum itself.
 *
 * <pre>{@code
 * new SGD(List.of(ParamGroup.of(backbone.parameters()).lr(0.01),
 *                 ParamGroup.of(head.parameters())), 0.1).momentum(0.9);
 * ParamGroup.<Adam.Options>of(embeddings).set(o -> o.withBetas(0.9, 0.98));
 * }</pre>
 *
 * A group made with {@link #of} may name its options type for {@link #set}; one that does not is
 * bound to the optimiser's type when taken. An override written for another optimiser's options is
 * an error when the group is taken.
 */
public final class ParamGroup<O extends OptimizerOptions<O>> {
  /** One override; {@code lr} is non-null for an lr alone, which a later lr replaces (a schedule sets one each step). */
  private record Override<O>(Double lr, UnaryOperator<O> edit) {}

  private final List<Tensor> params;
  private final List<Override<O>> overrides = new ArrayList<>();
  private String owner;
  private int index = -1;
  private O defaults;
  private O options;
  private Double initialLr;

  private ParamGroup(List<Tensor> params) {
    this.params = params;
  }

  public static <O extends OptimizerOptions<O>> ParamGroup<O> of(List<? extends Tensor> params) {
    if (params.isEmpty()) throw new IllegalArgumentException("ParamGroup: a group needs at least one parameter");
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i) == null) throw new IllegalArgumentException("ParamGroup: parameter " + i + " is null");
    }
    return new ParamGroup<>(List.copyOf(params));
  }

  public List<Tensor> params() {
    return params;
  }

  /**
   * Overrides options of this group (e.g. {@code o -> o.withBetas(0.9, 0.98)}); returns this. On a
   * group that belongs to an optimiser, options that are not valid are an error that changes nothing.
   */
  public ParamGroup<O> set(UnaryOperator<O> edit) {
    return override(new Override<>(null, edit));
  }

  public ParamGroup<O> lr(double lr) {
    nonNegative("lr", lr);
    return override(new Override<>(lr, o -> o.withLr(lr)));
  }

  public ParamGroup<O> weightDecay(double weightDecay) {
    nonNegative("weight_decay", weightDecay);
    return override(new Override<>(null, o -> o.withWeightDecay(weightDecay)));
  }

  /** SGD's momentum; a group taken by another optimiser rejects it. */
  public ParamGroup<O> momentum(double momentum) {
    nonNegative("momentum", momentum);
    return override(new Override<>(null, o -> o.withMomentum(momentum)));
  }

  private static void nonNegative(String option, double value) {
    if (!(value >= 0)) {
      throw new IllegalArgumentException("ParamGroup.set: invalid " + option + " " + value + " (must be >= 0)");
    }
  }

  private ParamGroup<O> override(Override<O> o) {
    List<Override<O>> before = List.copyOf(overrides);
    if (o.lr() != null) overrides.removeIf(v -> v.lr() != null);
    overrides.add(o);
    if (owner != null) {
      try {
        options = checked(owner, index, () -> withOverrides(defaults));
      } catch (RuntimeException e) {
        overrides.clear();
        overrides.addAll(before);
        throw e;
      }
    }
    return this;
  }

  /** This group's learning rate: its options' lr, or before it belongs to an optimiser the lr it was given. */
  public double lr() {
    if (owner != null) return options.lr();
    for (Override<O> o : overrides.reversed()) if (o.lr() != null) return o.lr();
    throw new IllegalStateException("ParamGroup: lr is not set here and the group belongs to no optimiser yet");
  }

  /**
   * Sets this group's learning rate (what schedules call). Unlike {@link #lr(double)} it takes any
   * finite value: PyTorch's schedules may go below 0 (OneCycleLR's linear anneal, one step past its end).
   */
  public void setLr(double lr) {
    if (!Double.isFinite(lr)) throw new IllegalArgumentException("ParamGroup.setLr: lr must be finite, got " + lr);
    override(new Override<>(lr, o -> o.withLr(lr)));
  }

  /** The lr a schedule started from (PyTorch's {@code initial_lr}), or null before any schedule was attached. */
  public Double initialLr() {
    return initialLr;
  }

  public void setInitialLr(double lr) {
    initialLr = lr;
  }

  /** The options in effect for this group: its optimiser's defaults with this group's overrides. */
  public O options() {
    if (owner == null) {
      throw new IllegalStateException("ParamGroup: options are not known before the group belongs to an optimiser");
    }
    return options;
  }

  /**
   * Called once, when an optimiser takes this group as its group {@code index}: from then on the
   * group's options are of the optimiser's type T. The overrides given so far are applied to its
   * defaults; one that does not fit (an option it lacks, a value out of range) is an error naming the
   * optimiser and the group, and leaves the group free.
   */
  <T extends OptimizerOptions<T>> ParamGroup<T> bind(String optimizer, int index, T optimizerDefaults) {
    if (owner != null) {
      throw new IllegalArgumentException(optimizer + ": this parameter group already belongs to " + owner);
    }
    // The unchecked conversion is the binding itself: until now no O was held, only overrides
    // written for O, which withOverrides applies to a T (one written for other options fails there).
    @SuppressWarnings("unchecked")
    ParamGroup<T> bound = (ParamGroup<T>) this;
    T opts = checked(optimizer, index, () -> bound.withOverrides(optimizerDefaults));
    bound.owner = optimizer;
    bound.index = index;
    bound.defaults = optimizerDefaults;
    bound.options = opts;
    return bound;
  }

  /** The options this group would have with these defaults; an error names the optimiser and the group. */
  O checkDefaults(O newDefaults) {
    return checked(owner, index, () -> withOverrides(newDefaults));
  }

  /** Sets the new defaults and the options computed from them by {@link #checkDefaults}. */
  void setDefaults(O newDefaults, O newOptions) {
    defaults = newDefaults;
    options = newOptions;
  }

  /** Replaces every override by the options loaded from a state dict (what PyTorch's load_state_dict does). */
  void load(O loaded) {
    overrides.clear();
    overrides.add(new Override<>(null, o -> loaded));
    options = loaded;
  }

  private O withOverrides(O base) {
    O o = base;
    for (Override<O> v : overrides) {
      try {
        o = v.edit().apply(o);
      } catch (ClassCastException e) {
        throw new IllegalArgumentException("a parameter group override was written for another optimiser's options ("
            + e.getMessage() + ")", e);
      }
    }
    return o;
  }

  /** make's value; its IllegalArgumentException comes back with the optimiser's name and the group. */
  static <T> T checked(String optimizer, int group, Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(optimizer + ": " + e.getMessage()
          + (group < 0 ? "" : " in parameter group " + group), e);
    }
  }
}
