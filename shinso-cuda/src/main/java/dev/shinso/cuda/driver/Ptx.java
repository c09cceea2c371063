package dev.shinso.cuda.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The kernels' PTX, compiled from src/main/cuda by the build (scripts/compile-kernels.sh) into the
 * jar as dev/shinso/cuda/kernels/MODULE.ptx, with the nvcc version in nvcc.txt. A build without
 * nvcc has none, and the backend says so.
 */
public final class Ptx {
  /** The .cu files of src/main/cuda, one PTX module each. */
  public static final List<String> MODULES = List.of("elementwise", "reduce", "index", "random", "pool", "norm", "conv");
  public static final String NOT_COMPILED = "the CUDA kernels were not compiled (no nvcc when shinso-cuda was "
      + "built): rebuild it with the CUDA toolkit's nvcc on the PATH";
  private static final String DIR = "/dev/shinso/cuda/kernels/";

  private Ptx() {}

  /** Whether every module's PTX is in the jar. */
  public static boolean compiled() {
    return MODULES.stream().allMatch(m -> Ptx.class.getResource(DIR + m + ".ptx") != null);
  }

  /** The PTX text of a module; an IllegalStateException ({@link #NOT_COMPILED}) when it is missing. */
  public static String source(String module) {
    String text = read(module + ".ptx");
    if (text == null) throw new IllegalStateException(NOT_COMPILED);
    return text;
  }

  /** The nvcc release that compiled the PTX, e.g. "13.0", or "unknown". */
  public static String compilerVersion() {
    String v = read("nvcc.txt");
    return v == null ? "unknown" : v.strip();
  }

  private static String read(String name) {
    try (InputStream in = Ptx.class.getResourceAsStream(DIR + name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + DIR + name, e);
    }
  }
}
