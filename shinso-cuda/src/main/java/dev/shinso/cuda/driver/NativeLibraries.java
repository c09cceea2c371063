package dev.shinso.cuda.driver;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the NVIDIA libraries shinso-cuda binds: the driver by its name alone (the loader's own
 * search: the driver installs it system-wide, and the toolkit's stubs/libcuda.so must never be
 * taken), cuBLAS by name and then under the CUDA toolkits' library folders.
 */
public final class NativeLibraries {
  private NativeLibraries() {}

  /** libcuda.so.1 from the dynamic loader's search path, or empty. */
  public static Optional<SymbolLookup> driver() {
    return load("libcuda.so.1");
  }

  /**
   * libcublas (.so.13, then .so.12) by name, then under $CUDA_HOME, $CUDA_PATH and /usr/local/cuda*:
   * the library and the libcublasLt beside it (loaded first, so libcublas finds it even where the
   * folder is not on the loader's path).
   */
  public static Optional<SymbolLookup> cublas() {
    for (String version : List.of("13", "12")) {
      Optional<SymbolLookup> byName = load("libcublas.so." + version);
      if (byName.isPresent()) return byName;
    }
    for (Path dir : cudaLibraryDirs()) {
      for (String version : List.of("13", "12")) {
        Path lib = dir.resolve("libcublas.so." + version);
        if (!Files.exists(lib)) continue;
        load(dir.resolve("libcublasLt.so." + version).toString());
        Optional<SymbolLookup> found = load(lib.toString());
        if (found.isPresent()) return found;
      }
    }
    return Optional.empty();
  }

  /** Where cuBLAS is looked for after the loader's path, in order (for the messages too). */
  public static List<Path> cudaLibraryDirs() {
    List<Path> roots = new ArrayList<>();
    for (String env : List.of("CUDA_HOME", "CUDA_PATH")) {
      String v = System.getenv(env);
      if (v != null && !v.isBlank()) roots.add(Path.of(v));
    }
    roots.add(Path.of("/usr/local/cuda"));
    try (Stream<Path> local = Files.list(Path.of("/usr/local"))) {
      local.filter(p -> p.getFileName().toString().startsWith("cuda-")).sorted(java.util.Comparator.reverseOrder())
          .forEach(roots::add);
    } catch (java.io.IOException | SecurityException e) {
      // no /usr/local: only the roots named so far
    }
    List<Path> dirs = new ArrayList<>();
    for (Path root : roots) {
      dirs.add(root.resolve("targets/x86_64-linux/lib"));
      dirs.add(root.resolve("lib64"));
    }
    return dirs;
  }

  private static Optional<SymbolLookup> load(String nameOrPath) {
    try {
      return Optional.of(SymbolLookup.libraryLookup(nameOrPath, Arena.global()));
    } catch (IllegalArgumentException e) {  // what libraryLookup throws when dlopen fails
      return Optional.empty();
    }
  }
}
