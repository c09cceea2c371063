package dev.shinso.cli;

import picocli.CommandLine.Command;

/** STUB — replaced by the real bench command. */
@Command(name = "bench", description = "Measure kernel speed.")
final class BenchCommand implements Runnable {
  @Override
  public void run() {}
}
