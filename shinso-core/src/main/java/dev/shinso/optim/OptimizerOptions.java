package dev.shinso.optim;

/**
 * The hyper-parameters of one optimiser as a record ({@link SGD.Options}, {@link Adam.Options}):
 * each parameter group holds one, and {@code step()} reads its components. Every optimiser has an
 * lr and a weight decay; the rest is its own. The records' components are named in Java's casing;
 * PyTorch's names for them, and their encoding in a state dict, are in {@link OptimizerStateCodec}.
 *
 * <p>A record checks its values when it is made, with messages that name the option (an optimiser
 * adds its own name and the group). Its lr need only be finite: a schedule may take a group's lr
 * below 0 (see {@link ParamGroup#setLr}); an lr a user gives is checked to be {@code >= 0} where it
 * is given (the optimiser's constructor, {@link ParamGroup#lr(double)}).
 */
public sealed interface OptimizerOptions<O extends OptimizerOptions<O>> permits SGD.Options, Adam.Options {
  double lr();

  O withLr(double lr);

  double weightDecay();

  O withWeightDecay(double weightDecay);

  /** SGD's momentum (what {@link ParamGroup#momentum(double)} sets); optimisers without momentum reject it. */
  default O withMomentum(double momentum) {
    throw new IllegalArgumentException("unknown option momentum; options are " + OptimizerStateCodec.names(this));
  }

  /** Throws unless lr is finite. */
  static void checkLr(double lr) {
    if (!Double.isFinite(lr)) throw new IllegalArgumentException("invalid lr " + lr + " (must be finite)");
  }

  /** Throws unless value is {@code >= 0} (and not NaN); option is PyTorch's name, for the message. */
  static void checkNonNegative(String option, double value) {
    if (!(value >= 0)) throw new IllegalArgumentException("invalid " + option + " " + value + " (must be >= 0)");
  }
}
