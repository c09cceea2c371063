package dev.shinso.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real Fashion-MNIST files for tests: {@code SHINSO_DATA} (directly or its fashion-mnist
 * subdirectory), else {@code ../shared/data/fashion-mnist} beside the repository (looked for from the
 * working directory upwards). Tests that need them are skipped, with the reason, when they are absent.
 */
public final class RealData {
  private static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
      "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

  private RealData() {}

  public static Path fashionMnistDir() {
    String env = System.getenv("SHINSO_DATA");
    if (env != null && !env.isBlank()) {
      for (Path p : List.of(Path.of(env), Path.of(env, "fashion-mnist"))) {
        if (hasAll(p)) return p;
      }
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve("shared").resolve("data").resolve("fashion-mnist");
      if (hasAll(p)) return p;
    }
    Assumptions.abort("the real Fashion-MNIST files (*-idx?-ubyte.gz) are not in $SHINSO_DATA or ../shared/data/"
        + "fashion-mnist beside the repository; skipping the test that reads them");
    return null;
  }

  private static boolean hasAll(Path dir) {
    return FILES.stream().allMatch(n -> Files.isRegularFile(dir.resolve(n + ".gz")));
  }
}
