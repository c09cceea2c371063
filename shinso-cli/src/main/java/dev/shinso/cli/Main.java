package dev.shinso.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code shinso} command. */
@Command(name = "shinso", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "shinso (深層): deep learning in Java.",
    subcommands = {BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
