package dev.shinso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks of {@code lm train --spark} and {@code diffusion train --spark}, made on the driver before
 * Spark is looked for: these tests run without shinso-spark on the class path, so options that pass
 * every check end at "needs shinso-spark".
 */
class SparkTrainOptionsTest {
  @TempDir Path dir;

  @Test
  void lmTrainRefusesAGpuAndABatchThatDoesNotSplitAmongTheWorkers() {
    Cli.Run cuda = lm("--device", "cuda");
    assertThat(cuda.exitCode()).isEqualTo(2);
    assertThat(cuda.err()).contains("--device does not go with --spark").contains("got cuda");
    Cli.Run odd = lm("--workers", "3", "--batch", "32");
    assertThat(odd.exitCode()).isEqualTo(2);
    assertThat(odd.err()).contains("--batch must split evenly among --workers 3").contains("got 32");
    assertThat(lm("--workers", "0").err()).contains("--workers must be at least 1, got 0");
    assertThat(lm("--attempts", "0").err()).contains("--attempts must be at least 1, got 0");
  }

  @Test
  void lmTrainWithGoodOptionsGoesToSparkAndLeavesTheFolderUntouched() throws Exception {
    Cli.Run r = lm("--workers", "4", "--batch", "32");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--spark needs shinso-spark");
    assertThat(r.out()).contains("(8 per replica)").contains("on Spark local[2]: 4 replicas of 1 thread(s)");
    assertThat(Files.exists(dir.resolve("lm").resolve("last.safetensors"))).isFalse();
  }

  @Test
  void diffusionTrainRefusesWhatASparkRunCannotDo() {
    Cli.Run noData = Cli.run("diffusion", "train", "--spark", "local[2]", "--out", dir.resolve("d").toString());
    assertThat(noData.exitCode()).isEqualTo(2);
    assertThat(noData.err()).contains("--spark needs --data");
    assertThat(diffusion("--device", "cuda").err()).contains("leave --device cuda out");
    assertThat(diffusion("--resume", dir.resolve("x.safetensors").toString()).err())
        .contains("--resume does not go with --spark");
    assertThat(diffusion("--max-minutes", "1").err()).contains("--max-minutes does not go with --spark");
    assertThat(diffusion("--workers", "0").err()).contains("--workers, --checkpoint-every and --attempts must be at least 1");
    Cli.Run small = diffusion("--batch", "4", "--workers", "8");
    assertThat(small.exitCode()).isEqualTo(2);
    assertThat(small.err()).contains("--batch 4 over 60000 images leaves a global batch of 4, fewer than --workers 8");
    assertThat(diffusion("--limit", "130", "--batch", "64", "--workers", "4").err())
        .contains("--batch 64 over 130 images leaves a global batch of 2, fewer than --workers 4");
    Cli.Run good = diffusion("--limit", "128", "--batch", "64", "--workers", "4");
    assertThat(good.err()).contains("--spark needs shinso-spark");
    assertThat(good.out()).contains("on Spark local[2]: 4 replicas of 1 thread(s)");
  }

  private Cli.Run lm(String... more) {
    String[] base = {"lm", "train", "--spark", "local[2]", "--out", dir.resolve("lm").toString()};
    return Cli.run(concat(base, more));
  }

  private Cli.Run diffusion(String... more) {
    String[] base = {"diffusion", "train", "--spark", "local[2]", "--data", dir.resolve("data").toString(), "--out",
        dir.resolve("diffusion").toString(), "--preview", "0"};
    return Cli.run(concat(base, more));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
