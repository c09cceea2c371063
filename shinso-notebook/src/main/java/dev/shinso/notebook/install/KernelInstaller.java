package dev.shinso.notebook.install;

import dev.shinso.io.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Installs the kernelspec for the user: {@code kernel.json} in {@code kernels/shinso} under Jupyter's
 * data directory, as {@code jupyter kernelspec install --user} would (Debian's Jupyter packages have
 * no {@code jupyter kernelspec} command). The directory is what {@code jupyter --data-dir} says, so
 * {@code JUPYTER_DATA_DIR} chooses another one (CI installs into a temporary one).
 */
public final class KernelInstaller {
  private KernelInstaller() {}

  /**
   * Writes the spec and returns its folder.
   *
   * @param path the PATH to find {@code jupyter} on
   * @throws IllegalStateException when Jupyter is absent or does not answer, saying how to get it
   */
  public static Path install(KernelSpec spec, String path) throws IOException {
    Path jupyter = find("jupyter", path).orElseThrow(() -> new IllegalStateException(
        "Jupyter is not installed: no 'jupyter' command on the PATH. Install it (Debian: apt-get install "
            + "jupyter-nbconvert python3-nbclient python3-ipykernel, and jupyter-notebook for the browser; or pip "
            + "install notebook), then run this again."));
    Path dir = dataDir(jupyter).resolve("kernels").resolve(KernelSpec.NAME);
    Files.createDirectories(dir);
    byte[] json = spec.json().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(dir.resolve("kernel.json"), out -> out.write(json));
    return dir;
  }

  /** An executable of that name on the PATH. */
  static Optional<Path> find(String command, String path) {
    if (path == null) return Optional.empty();
    for (String d : path.split(File.pathSeparator)) {
      if (d.isEmpty()) continue;
      Path p = Path.of(d, command);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  /** What {@code jupyter --data-dir} prints (it honours JUPYTER_DATA_DIR). */
  private static Path dataDir(Path jupyter) throws IOException {
    Process p = new ProcessBuilder(jupyter.toString(), "--data-dir").redirectErrorStream(true).start();
    String out;
    try {
      p.getOutputStream().close();
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(jupyter + " --data-dir did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + jupyter + " for its data directory", e);
    }
    if (p.exitValue() != 0 || out.isEmpty() || out.contains("\n")) {
      throw new IllegalStateException(jupyter + " --data-dir failed (exit " + p.exitValue() + "): " + out);
    }
    return Path.of(out);
  }
}
