package dev.shinso.notebook.kernel;

/** What a cell running in JShell calls from a test: a counter the test reads, and a loop outside cell code. */
public final class Probe {
  public static volatile long spins;

  private Probe() {}

  /**
   * Runs step until it throws: a long library call, whose loop JShell does not weave stop checks
   * into, as a Trainer epoch that reports to a Progress.
   */
  public static void spinWith(Runnable step) {
    while (true) {
      spins++;
      step.run();
    }
  }
}
