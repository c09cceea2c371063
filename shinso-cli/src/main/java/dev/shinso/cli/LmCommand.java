package dev.shinso.cli;

import dev.shinso.cli.lm.LmSampleCommand;
import dev.shinso.cli.lm.LmTrainCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code shinso lm}: a character-level transformer language model (train, sample). */
@Command(name = "lm", mixinStandardHelpOptions = true,
    description = "A character-level transformer language model: 'train' on a text, 'sample' from a checkpoint.",
    subcommands = {LmTrainCommand.class, LmSampleCommand.class})
final class LmCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
