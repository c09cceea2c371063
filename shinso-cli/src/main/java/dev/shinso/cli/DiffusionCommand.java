package dev.shinso.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code shinso diffusion}: train a DDPM image generator, sample from it, and judge its samples with a classifier. */
@Command(name = "diffusion", mixinStandardHelpOptions = true,
    description = {"Image generation with a denoising diffusion model (DDPM): a U-Net learns to remove a little noise "
        + "from an image; applied again and again, it makes an image out of noise."},
    subcommands = {DiffusionTrainCommand.class, DiffusionSampleCommand.class, DiffusionEvaluateCommand.class})
final class DiffusionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
