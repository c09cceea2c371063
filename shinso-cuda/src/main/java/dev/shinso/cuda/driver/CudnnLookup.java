package dev.shinso.cuda.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where libcudnn.so.9 may lie, found without running anything and never downloaded: a folder named
 * by $SHINSO_CUDNN_DIR, the loader's $LD_LIBRARY_PATH, cuDNN's pip package inside every Python the
 * machine has (site-packages/nvidia/cudnn/lib: how PyTorch gets it), the CUDA toolkits and the
 * system's library folders. Pure file-system logic, so that the tests check it with fake folders.
 */
public final class CudnnLookup {
  /** The major version shinso binds: its C API (cudnnBackend*, cudnnGetVersion) as in cuDNN 9. */
  public static final String LIBRARY = "libcudnn.so.9";
  private static final List<String> PYTHON_ROOTS = List.of("/usr/lib", "/usr/local/lib", "/opt/conda/lib");

  /** What the search found: the library, or empty with a one-line reason naming where it looked. */
  public record Result(Optional<Path> library, String reason) {
    static Result found(Path lib) {
      return new Result(Optional.of(lib), "found " + lib);
    }
  }

  private final Map<String, String> env;
  private final Path root;

  /** @param root prefixed to the system folders (the tests' fake file system; "/" for real) */
  public CudnnLookup(Map<String, String> env, Path root) {
    this.env = env;
    this.root = root;
  }

  public static CudnnLookup system() {
    return new CudnnLookup(System.getenv(), Path.of("/"));
  }

  /** The folders searched, in order, without duplicates (those that do not exist included). */
  public List<Path> folders() {
    Set<Path> dirs = new LinkedHashSet<>();
    String named = env.get("SHINSO_CUDNN_DIR");
    if (named != null && !named.isBlank()) dirs.add(Path.of(named.strip()));
    String ld = env.get("LD_LIBRARY_PATH");
    if (ld != null) {
      for (String d : ld.split(":")) if (!d.isBlank()) dirs.add(Path.of(d));
    }
    for (Path sitePackages : sitePackages()) dirs.add(sitePackages.resolve("nvidia/cudnn/lib"));
    for (String cuda : List.of("CUDA_HOME", "CUDA_PATH")) {
      String v = env.get(cuda);
      if (v != null && !v.isBlank()) {
        dirs.add(Path.of(v).resolve("lib64"));
        dirs.add(Path.of(v).resolve("targets/x86_64-linux/lib"));
      }
    }
    for (String d : List.of("usr/local/cuda/lib64", "usr/local/cuda/targets/x86_64-linux/lib", "usr/lib/x86_64-linux-gnu",
        "usr/lib64", "usr/local/lib", "usr/lib")) {
      dirs.add(root.resolve(d));
    }
    return new ArrayList<>(dirs);
  }

  /** The first folder holding {@link #LIBRARY}, or why none does (with any other cuDNN version seen). */
  public Result find() {
    List<Path> folders = folders();
    List<String> otherVersions = new ArrayList<>();
    for (Path dir : folders) {
      Path lib = dir.resolve(LIBRARY);
      if (Files.isRegularFile(lib)) return Result.found(lib);
      otherVersions.addAll(otherCudnn(dir));
    }
    String reason = LIBRARY + " not found in " + folders.size() + " folders (SHINSO_CUDNN_DIR, LD_LIBRARY_PATH, "
        + "Python's site-packages/nvidia/cudnn/lib, the CUDA toolkit, the system's lib folders)";
    if (!otherVersions.isEmpty()) reason += "; found only " + String.join(", ", otherVersions) + ", which shinso does not bind";
    return new Result(Optional.empty(), reason);
  }

  /** Every site-packages or dist-packages folder of a Python under the usual prefixes and the active environments. */
  List<Path> sitePackages() {
    List<Path> prefixes = new ArrayList<>();
    for (String e : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
      String v = env.get(e);
      if (v != null && !v.isBlank()) prefixes.add(Path.of(v).resolve("lib"));
    }
    String home = env.get("HOME");
    if (home != null && !home.isBlank()) prefixes.add(Path.of(home).resolve(".local/lib"));
    for (String r : PYTHON_ROOTS) prefixes.add(root.resolve(r.substring(1)));
    List<Path> out = new ArrayList<>();
    for (Path prefix : prefixes) {
      for (Path python : list(prefix)) {
        if (!python.getFileName().toString().startsWith("python3")) continue;
        for (String kind : List.of("site-packages", "dist-packages")) {
          if (Files.isDirectory(python.resolve(kind))) out.add(python.resolve(kind));
        }
      }
    }
    return out;
  }

  /** libcudnn.so.N for N other than 9 in dir, as "path" strings. */
  private static List<String> otherCudnn(Path dir) {
    List<String> found = new ArrayList<>();
    for (Path p : list(dir)) {
      String n = p.getFileName().toString();
      if (n.startsWith("libcudnn.so.") && !n.equals(LIBRARY) && !n.startsWith(LIBRARY + ".")) found.add(p.toString());
    }
    return found;
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException | SecurityException e) {
      return List.of();  // an unreadable folder holds nothing we can load
    }
  }
}
