package dev.shinso.notebook;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds Jupyter and runs its commands (or Python scripts with its interpreter) against a data directory. */
final class JupyterTool {
  record Result(int exitCode, String output) {}

  private JupyterTool() {}

  /** The jupyter command on the PATH, or null. */
  static Path find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "jupyter");
      if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
    }
    return null;
  }

  /**
   * The Python that runs jupyter (its #! line), which has jupyter_client: "python3" on the PATH may be
   * another one (a pyenv shim, say) without it.
   */
  static List<String> python(Path jupyter) throws IOException {
    String first = Files.readAllLines(jupyter, StandardCharsets.UTF_8).stream().findFirst().orElse("");
    if (!first.startsWith("#!")) return List.of("python3");
    return new ArrayList<>(Arrays.asList(first.substring(2).strip().split("\\s+")));
  }

  /** Runs a command with JUPYTER_DATA_DIR set, output and errors together, killed after timeoutSeconds. */
  static Result run(List<String> command, Path dataDir, int timeoutSeconds) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("JUPYTER_DATA_DIR", dataDir.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    // Read on another thread so that a full pipe cannot block the process we wait for.
    var output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(output unreadable: " + e + ")";
      }
    });
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
    }
    return new Result(p.exitValue(), output.join());
  }
}
