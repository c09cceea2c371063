package dev.shinso.notebook.install;

import com.google.gson.GsonBuilder;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernelspec Jupyter starts the kernel from: {@code kernel.json} with the java command, its
 * options and class path, and {@code interrupt_mode: message} (Jupyter's default, SIGINT, would end
 * the JVM; the kernel stops the running cell on an interrupt message instead).
 *
 * @param java the java executable of a JDK 25
 * @param classPath absolute entries: shinso's jars and their dependencies, the kernel's among them
 */
public record KernelSpec(Path java, List<Path> classPath) {
  public static final String NAME = "shinso";
  public static final String DISPLAY_NAME = "shinso (Java 25)";
  static final String MAIN_CLASS = "dev.shinso.notebook.kernel.Kernel";
  /** As ./shinso runs the CLI: the Vector API, the CUDA backend's native calls, and a headless JVM. */
  static final List<String> JVM_OPTIONS = List.of("--add-modules=jdk.incubator.vector",
      "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC", "-Djava.awt.headless=true");

  public KernelSpec {
    classPath = classPath.stream().map(p -> p.toAbsolutePath().normalize()).toList();
  }

  /** The spec that starts the kernel with this JVM's java and class path (the CLI's, when it installs). */
  public static KernelSpec ofThisJvm() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<Path> cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(s -> !s.isBlank()).map(Path::of).toList();
    return new KernelSpec(java, cp);
  }

  /** Jupyter's argv: the command, with {connection_file} where Jupyter puts the connection file. */
  public List<String> argv() {
    List<String> argv = new ArrayList<>();
    argv.add(java.toString());
    argv.addAll(JVM_OPTIONS);
    argv.add("-cp");
    argv.add(String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()));
    argv.add(MAIN_CLASS);
    argv.add("{connection_file}");
    return argv;
  }

  /** The text of kernel.json. */
  public String json() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("argv", argv());
    spec.put("display_name", DISPLAY_NAME);
    spec.put("language", "java");
    spec.put("interrupt_mode", "message");
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n";
  }
}
