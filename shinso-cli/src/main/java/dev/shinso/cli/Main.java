package dev.shinso.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code shinso} command. */
@Command(name = "shinso", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "shinso (深層): deep learning in Java.",
    subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, LectureCommand.class, BenchCommand.class,
        DevicesCommand.class,
        LmCommand.class, DiffusionCommand.class, NotebookCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  static {
    System.setProperty("java.awt.headless", "true");  // plots are drawn to files, never to a screen
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with shinso's error handling: bad input prints one clear line, not a stack trace. */
  static CommandLine commandLine() {
    return commandLine(CommandLine.defaultFactory());
  }

  /** The same with a factory for the commands (tests substitute parts, e.g. the lecture's catalog). */
  static CommandLine commandLine(CommandLine.IFactory factory) {
    return new CommandLine(new Main(), factory).setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof java.io.IOException) {
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        return 2;
      }
      throw e;
    });
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
