package dev.shinso.cuda.driver;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find nvcc, as scripts/compile-kernels.sh does: $NVCC, the PATH, /usr/local/cuda/bin. */
public final class Nvcc {
  private Nvcc() {}

  /** The nvcc executable, or null. */
  public static Path find() {
    String env = System.getenv("NVCC");
    if (env != null && !env.isBlank()) return Path.of(env);
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir, "nvcc");
      if (Files.isExecutable(p)) return p;
    }
    Path local = Path.of("/usr/local/cuda/bin/nvcc");
    return Files.isExecutable(local) ? local : null;
  }
}
