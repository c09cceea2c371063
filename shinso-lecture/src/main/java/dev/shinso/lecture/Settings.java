package dev.shinso.lecture;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * How to run an experiment.
 *
 * @param quick a small size that runs in seconds (tests use it); false = the full size for the report
 * @param seed seeds {@code Shinso.manualSeed} and any generator, so a run repeats
 * @param dataDir where the Fashion-MNIST files are, or null to search the usual places
 * @param log progress messages (the CLI passes System.out; tests a sink)
 */
public record Settings(boolean quick, long seed, Path dataDir, PrintStream log) {
  public static Settings quick(Path dataDir) {
    return new Settings(true, 0, dataDir, new PrintStream(PrintStream.nullOutputStream()));
  }
}
