package dev.shinso.cuda.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What of the GPU script can be checked without a GPU: its bash parses, its arguments are handled
 * before any work, it stops at once without the bundle, and the PyTorch side compiles. The GPU
 * machine's time is too short to find a typo there.
 */
class GpuCheckScriptTest {
  private static final Path SCRIPTS = Path.of("scripts");  // tests run in shinso-cuda/

  @TempDir Path dir;

  record Run(int code, String out) {}

  @Test
  void theScriptParses() throws Exception {
    assertThat(run("bash", "-n", SCRIPTS.resolve("gpu-check.sh").toString()).code()).isZero();
    assertThat(run("bash", "-n", SCRIPTS.resolve("prepare-gpu-bundle.sh").toString()).code()).isZero();
  }

  @Test
  void helpAndBadArgumentsAnswerBeforeAnyWork() throws Exception {
    Run help = script("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).startsWith("usage: bash shinso-cuda/scripts/gpu-check.sh").contains("cnn-epoch:512")
        .contains("resnet-epoch:128").contains("unet-step:128");
    Run bad = script("--fast");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.out()).startsWith("gpu-check: unknown argument '--fast'");
    assertThat(script("--budget", "5").out()).contains("--budget needs a whole number of seconds, at least 60");
    assertThat(script("--budget").code()).isEqualTo(2);
    assertThat(script("--benches").out()).contains("--benches needs a list");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void withoutTheBundleItStopsAtOnceSayingWhatToRun() throws Exception {
    Run r = script("--no-suite");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out().strip()).isEqualTo("gpu-check: no " + dir.resolve("no-bundle/jre.tar.xz")
        + ": run shinso-cuda/scripts/prepare-gpu-bundle.sh first and carry .gpu-bundle");
  }

  @Test
  void thePytorchSideCompiles() throws Exception {
    Assumptions.assumeTrue(run("python3", "--version").code() == 0, "python3 not installed here");
    for (String f : List.of("torch_bench.py", "torch_models.py")) {
      Path copy = Files.copy(SCRIPTS.resolve(f), dir.resolve(f));  // py_compile writes __pycache__ beside it
      Run r = run("python3", "-m", "py_compile", copy.toString());
      assertThat(r.code()).as(f + ": " + r.out()).isZero();
    }
  }

  private Run script(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", SCRIPTS.resolve("gpu-check.sh").toString()));
    cmd.addAll(List.of(args));
    return run(cmd.toArray(String[]::new));
  }

  private Run run(String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("GPU_CHECK_BUNDLE", dir.resolve("no-bundle").toString());
    pb.environment().put("OUT", dir.resolve("out").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", cmd)).isTrue();
    return new Run(p.exitValue(), out);
  }
}
