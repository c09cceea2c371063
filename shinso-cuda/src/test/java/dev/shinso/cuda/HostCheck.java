package dev.shinso.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shinso.cuda.driver.Nvcc;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A kernel header's code compiled by nvcc for the host (src/test/cuda/NAME.cu) and run here, so that
 * the tests check a kernel's arithmetic without a GPU. Floats cross as their bits in hexadecimal.
 */
final class HostCheck {
  private final Path program;

  private HostCheck(Path program) {
    this.program = program;
  }

  /** Compiles src/test/cuda/NAME.cu; skips the calling test where there is no nvcc. */
  static HostCheck compile(String name) throws IOException, InterruptedException {
    Path nvcc = Nvcc.find();
    assumeTrue(nvcc != null, "no nvcc on this machine to compile " + name + ".cu for the host");
    Path program = Files.createDirectories(Path.of("target/host-check")).resolve(name);
    run(List.of(nvcc.toString(), "-std=c++17", "-Werror", "all-warnings", "-o", program.toString(),
        "src/test/cuda/" + name + ".cu"), "");
    return new HostCheck(program);
  }

  /** The program's output lines for these arguments and standard input. */
  List<String> run(String stdin, Object... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(program.toString()));
    for (Object a : args) cmd.add(a.toString());
    return run(cmd, stdin);
  }

  static String bits(Tensor... tensors) {
    StringBuilder sb = new StringBuilder();
    for (Tensor t : tensors) for (String s : bitList(t)) sb.append(s).append('\n');
    return sb.toString();
  }

  static List<String> bitList(Tensor t) {
    List<String> out = new ArrayList<>();
    for (float f : t.toFloatArray()) out.add(String.format("%08x", Float.floatToIntBits(f)));
    return out;
  }

  /** Lines of float bits back to floats. */
  static float[] floats(List<String> lines) {
    float[] f = new float[lines.size()];
    for (int i = 0; i < f.length; i++) f[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(lines.get(i), 16));
    return f;
  }

  private static List<String> run(List<String> command, String stdin) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s:%n%s", command, all).isZero();
    List<String> lines = new ArrayList<>();
    for (String line : all.split("\n")) if (!line.isBlank()) lines.add(line.strip());
    return lines;
  }
}
