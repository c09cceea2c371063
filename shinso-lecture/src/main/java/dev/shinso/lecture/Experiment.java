package dev.shinso.lecture;

/**
 * One claim of the lecture "Fundamentals of Deep Learning", made runnable: it computes the numbers
 * that show the claim, as tables, named metrics (which its test asserts) and figures (which the CLI
 * draws as PNG and writes as CSV). Experiments depend only on shinso-core.
 */
public interface Experiment {
  /** The command-line name, e.g. {@code perceptron}. */
  String name();

  /** The claim in one sentence, as the lecture states it. */
  String claim();

  /** Runs at the settings' size ({@code quick}: seconds, for tests; else the full size for the report). */
  Report run(Settings settings) throws Exception;
}
