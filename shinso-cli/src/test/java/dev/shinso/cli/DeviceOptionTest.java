package dev.shinso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.testing.RealData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --device on the commands: the off-heap test device (core's test jar registers it) stands in for a GPU. */
class DeviceOptionTest {
  @TempDir Path dir;

  @Test
  void evalOnAnotherDeviceGivesTheCpusNumbers() {
    Path last = TrainedMlp.get().out().resolve("last.safetensors");
    Cli.Run r = Cli.run("eval", "--checkpoint", last.toString(), "--data", RealData.fashionMnistDir().toString(),
        "--device", "offheap");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.lastLine()).endsWith("test_acc=" + TrainedMlp.get().testAcc());
  }

  /** Asked for a GPU it cannot use, a command stops at once with the reason: no training, no output folder. */
  @Test
  void aDeviceThatCannotBeUsedIsAOneLineErrorBeforeAnyWork() {
    Path out = dir.resolve("never");
    Cli.Run r = Cli.run("train", "--model", "mlp", "--device", "cuda", "--out", out.toString(), "--data",
        dir.resolve("no-data").toString(), "--no-download");
    assertThat(r.exitCode()).isEqualTo(2);
    // shinso-cuda is on the class path; this machine has no NVIDIA driver
    assertThat(r.err().strip()).isEqualTo("shinso train: --device cuda: "
        + "libcuda.so.1 not found (install the NVIDIA driver)");
    assertThat(out).doesNotExist();
    Cli.Run bad = Cli.run("lm", "sample", "--checkpoint", "x.safetensors", "--device", "tpu!");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("device: cannot parse 'tpu!'");
  }

  /** lm train and diffusion train, asked for a GPU this machine lacks, stop before their output folder too. */
  @Test
  void everyTrainingCommandRefusesAnUnusableGpuInOneLine() {
    Path lm = dir.resolve("lm"), ddpm = dir.resolve("ddpm");
    Cli.Run l = Cli.run("lm", "train", "--device", "cuda:0", "--out", lm.toString());
    Cli.Run d = Cli.run("diffusion", "train", "--device", "cuda", "--out", ddpm.toString(), "--data",
        dir.resolve("no-data").toString(), "--no-download");
    assertThat(l.exitCode()).isEqualTo(2);
    assertThat(l.err().strip()).isEqualTo("shinso lm train: --device cuda:0: "
        + "libcuda.so.1 not found (install the NVIDIA driver)");
    assertThat(d.exitCode()).isEqualTo(2);
    assertThat(d.err().strip()).isEqualTo("shinso diffusion train: --device cuda: "
        + "libcuda.so.1 not found (install the NVIDIA driver)");
    assertThat(lm).doesNotExist();
    assertThat(ddpm).doesNotExist();
  }

  @Test
  void devicesListsTheCpuAndSaysWhyThereIsNoGpu() {
    Cli.Run r = Cli.run("devices");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("cpu: ").contains("no CUDA devices: libcuda.so.1 not found (install the NVIDIA driver)")
        .contains("backends: cpu, cuda");
  }
}
