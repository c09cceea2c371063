package dev.shinso.cli.lm;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The range checks of the {@code lm} commands' numeric options, made before any work starts: a
 * value out of range is a usage error (exit code 2, with the usage help) that names the option and
 * the value given.
 */
final class LmOptionChecks {
  private final CommandSpec spec;

  LmOptionChecks(CommandSpec spec) {
    this.spec = spec;
  }

  /** value ≥ min; meaning (may be empty) says what the smallest values do. */
  LmOptionChecks atLeast(String option, long value, long min, String meaning) {
    if (value < min) fail(option, String.valueOf(value), "must be at least " + min + meaning);
    return this;
  }

  /** A finite value > 0. */
  LmOptionChecks positive(String option, double value) {
    if (!(value > 0) || Double.isInfinite(value)) fail(option, String.valueOf(value), "must be a finite number > 0");
    return this;
  }

  /** A finite value ≥ 0; meaning (may be empty) says what 0 does. */
  LmOptionChecks nonNegative(String option, double value, String meaning) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      fail(option, String.valueOf(value), "must be a finite number >= 0" + meaning);
    }
    return this;
  }

  void fail(String option, String value, String requirement) {
    throw new ParameterException(spec.commandLine(), option + " " + requirement + ", got " + value);
  }
}
