package dev.shinso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.testing.RealData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One `shinso train --model mlp --epochs 1` run, shared by the train, eval and predict tests (made on
 * first use, deleted when the JVM exits), so the suite trains once.
 */
final class TrainedMlp {
  private TrainedMlp() {}

  record Result(Path out, Cli.Run run) {
    /** The test accuracy the final line printed, as printed. */
    String testAcc() {
      String last = run.lastLine();
      return last.substring("test_acc=".length(), last.indexOf(' '));
    }
  }

  private static Result result;

  static synchronized Result get() {
    if (result == null) {
      Path data = RealData.fashionMnistDir();  // skips the test when the data are absent
      try {
        Path out = Files.createTempDirectory("shinso-train-mlp");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(out)));
        Cli.Run r = Cli.run("train", "--model", "mlp", "--epochs", "1", "--data", data.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        result = new Result(out, r);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return result;
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
