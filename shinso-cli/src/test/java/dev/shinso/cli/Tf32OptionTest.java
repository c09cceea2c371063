package dev.shinso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.Shinso;
import dev.shinso.tensor.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** --tf32 on the training commands: it sets Shinso.allowTf32 for the run only, and the settings line says so. */
class Tf32OptionTest {
  @TempDir Path dir;

  @Test
  void theSwitchIsOnForTheScopeOnlyAndOffByDefault() {
    assertThat(Shinso.allowTf32()).isFalse();
    Tf32Option on = parse("--tf32"), off = parse();
    try (Tf32Option.Scope _ = on.apply()) {
      assertThat(Shinso.allowTf32()).isTrue();
      try (Tf32Option.Scope _ = off.apply()) {
        assertThat(Shinso.allowTf32()).isFalse();
      }
      assertThat(Shinso.allowTf32()).isTrue();
    }
    assertThat(Shinso.allowTf32()).isFalse();
    assertThat(on.note(Device.parse("offheap"))).isEqualTo(", TF32 allowed");
    assertThat(on.note(Device.CPU)).isEqualTo(" (--tf32 has no effect on the CPU)");
    assertThat(off.note(Device.parse("offheap"))).isEmpty();
  }

  @Test
  void everyTrainingCommandTakesIt() {
    for (String[] command : new String[][] {{"train"}, {"lm", "train"}, {"diffusion", "train"}}) {
      String[] help = java.util.Arrays.copyOf(command, command.length + 1);
      help[command.length] = "--help";
      Cli.Run r = Cli.run(help);
      assertThat(r.out()).as(String.join(" ", command)).contains("--tf32");
    }
  }

  @Test
  void lmTrainWithTf32OnAnotherDeviceSaysSoAndLeavesTheSwitchOff() throws Exception {
    Path corpus = dir.resolve("corpus.txt");
    Files.writeString(corpus, "the cat sat on the mat. ".repeat(200));
    Cli.Run r = Cli.run("lm", "train", "--corpus", corpus.toString(), "--layers", "1", "--heads", "2", "--dim", "8",
        "--context", "8", "--steps", "2", "--batch", "2", "--eval-every", "2", "--device", "offheap", "--tf32",
        "--out", dir.resolve("out").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("on offheap:0, TF32 allowed");
    assertThat(Shinso.allowTf32()).isFalse();
  }

  private static Tf32Option parse(String... args) {
    Holder h = new Holder();
    new CommandLine(h).parseArgs(args);
    return h.option;
  }

  @CommandLine.Command(name = "holder")
  static final class Holder {
    @CommandLine.Mixin Tf32Option option;
  }
}
