package dev.shinso.cuda.driver;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * cuDNN 9, where the machine has it ({@link CudnnLookup}); never downloaded. cuDNN 9 is a small
 * libcudnn.so.9 that opens its engine libraries beside it at run time, so those are loaded first by
 * full path: a pip package's folder is on no loader path. Loading checks that the library really is
 * version 9 (cudnnGetVersion), since a file can be named for one version and be another.
 */
public final class Cudnn {
  /** Loaded before libcudnn.so.9, where present, so that its own dlopen finds them by name. */
  private static final List<String> PARTS = List.of("libcudnn_graph.so.9", "libcudnn_engines_precompiled.so.9",
      "libcudnn_engines_runtime_compiled.so.9", "libcudnn_heuristic.so.9", "libcudnn_ops.so.9", "libcudnn_cnn.so.9",
      "libcudnn_adv.so.9");
  private static final Once<Cudnn> INSTANCE = new Once<>(() -> load(CudnnLookup.system().find()));

  private final Path library;
  private final long version;
  private final SymbolLookup lookup;

  private Cudnn(Path library, long version, SymbolLookup lookup) {
    this.library = library;
    this.version = version;
    this.lookup = lookup;
  }

  /** The library's symbols, for the bindings (CudnnConvolutions). */
  SymbolLookup lookup() {
    return lookup;
  }

  /** cuDNN, loaded once, or empty where {@link #unavailableReason()} says why. */
  public static Optional<Cudnn> get() {
    try {
      return Optional.of(INSTANCE.get());
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
  }

  /** Why cuDNN cannot be used here, or null when it can. */
  public static String unavailableReason() {
    try {
      INSTANCE.get();
      return null;
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
  }

  /** Loads what the lookup found; an IllegalStateException with the reason when it cannot be used. */
  static Cudnn load(CudnnLookup.Result found) {
    Path lib = found.library().orElseThrow(() -> new IllegalStateException(found.reason()));
    if (!isElf(lib)) throw new IllegalStateException(lib + " is not a shared library (no ELF header)");
    SymbolLookup lookup;
    for (String part : PARTS) {  // best effort: one that cannot load is one cuDNN then does without
      Path p = lib.resolveSibling(part);
      try {
        if (Files.isRegularFile(p) && isElf(p)) SymbolLookup.libraryLookup(p, Arena.global());
      } catch (IllegalArgumentException e) {
        // cuDNN reports a missing engine when it needs it
      }
    }
    try {
      lookup = SymbolLookup.libraryLookup(lib, Arena.global());
    } catch (IllegalArgumentException e) {  // dlopen failed: a broken file, or a missing dependency
      throw new IllegalStateException(lib + " does not load: " + e.getMessage());
    }
    MethodHandle getVersion = Native.bind(lookup, "cuDNN", "cudnnGetVersion", FunctionDescriptor.of(JAVA_LONG));
    long version;
    try {
      version = (long) getVersion.invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException(lib + ": cudnnGetVersion failed: " + t);
    }
    checkVersion(lib, version);
    return new Cudnn(lib, version, lookup);
  }

  /** Checked before dlopen, whose failure on a non-library the JVM reports with a misleading stack-guard warning. */
  private static boolean isElf(Path file) {
    try (var in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      return head.length == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** cudnnGetVersion is major·10000 + minor·100 + patch since cuDNN 9. */
  static void checkVersion(Path lib, long version) {
    if (version / 10000 != 9) {
      throw new IllegalStateException(lib + " is cuDNN " + versionString(version) + ", not 9: shinso binds cuDNN 9's API");
    }
  }

  static String versionString(long version) {
    return version >= 10000 ? version / 10000 + "." + version / 100 % 100 + "." + version % 100
        : version / 1000 + "." + version / 100 % 10 + "." + version % 100;  // cuDNN 8 and before: major·1000
  }

  public Path library() {
    return library;
  }

  /** "9.10.2" */
  public String version() {
    return versionString(version);
  }

  @Override
  public String toString() {
    return "cuDNN " + version() + " (" + library + ")";
  }
}
