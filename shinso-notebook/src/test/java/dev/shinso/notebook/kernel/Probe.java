package dev.shinso.notebook.kernel;

/** A counter that a cell running in JShell bumps and a test reads while the cell runs. */
public final class Probe {
  public static volatile long spins;

  private Probe() {}
}
