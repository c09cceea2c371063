package dev.shinso.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shinso.backend.Backend.RandomKind;
import dev.shinso.backend.cpu.CpuBackend;
import dev.shinso.cuda.driver.Nvcc;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The random kernels' code (philox.cuh), compiled by nvcc for the host and run here, against the
 * CPU backend's fills: Random123's known answers, then fills of each kind bit for bit. What this
 * cannot check is the device's own double log/sin/cos, which NORMAL uses (GpuRandomTest does, on a GPU).
 */
class RandomHostCheckTest {
  private static Path program;

  @BeforeAll
  static void compile() throws IOException, InterruptedException {
    Path nvcc = Nvcc.find();
    assumeTrue(nvcc != null, "no nvcc on this machine to compile philox.cuh for the host");
    Path dir = Files.createDirectories(Path.of("target/host-check"));
    program = dir.resolve("random_host_check");
    run(List.of(nvcc.toString(), "-std=c++17", "-o", program.toString(), "src/test/cuda/random_host_check.cu"));
  }

  @Test
  void philoxMatchesRandom123KnownAnswers() throws Exception {
    assertThat(run(List.of(program.toString(), "kat", "0", "0", "0", "0", "0", "0")))
        .containsExactly("6627e8d5", "e169c58d", "bc57ac4c", "9b00dbd8");
    assertThat(run(List.of(program.toString(), "kat", "ffffffff", "ffffffff", "ffffffff", "ffffffff", "ffffffff",
        "ffffffff"))).containsExactly("408f276d", "41c83b0e", "a20bc7c6", "6d5451fd");
    assertThat(run(List.of(program.toString(), "kat", "243f6a88", "85a308d3", "13198a2e", "03707344", "a4093822",
        "299f31d0"))).containsExactly("d16cfe09", "94fdcceb", "5001e420", "24126ea1");
  }

  @Test
  void floatFillsAreTheCpusBitForBit() throws Exception {
    long seed = 0x5EEDL * 0x9E3779B97F4A7C15L;
    check(RandomKind.UNIFORM, seed, 0, 1001, 0, 1);
    check(RandomKind.UNIFORM, seed, 77, 999, -3.5, 2.25);
    check(RandomKind.BERNOULLI, seed, 5, 1003, 0.3, 0);
    check(RandomKind.NORMAL, seed, 0, 5001, 0, 1);
    check(RandomKind.NORMAL, -1L, 1L << 33, 101, 1.5, 0.02);
    check(RandomKind.INTEGER, seed, 3, 1001, -5, 17);
    check(RandomKind.INTEGER, 42, 0, 11, 0, 1L << 40);
  }

  @Test
  void int64FillsAreTheCpus() throws Exception {
    long seed = 123456789L;
    // Bounds within 2^53: Backend.random takes them as doubles, which hold such longs exactly.
    for (long[] range : new long[][] {{0, 10}, {-1000, 1000}, {-(1L << 52), 1L << 52}}) {
      List<String> out = run(List.of(program.toString(), "longs", Long.toUnsignedString(seed), "9", "101",
          Long.toString(range[0]), Long.toString(range[1])));
      assertThat(out).hasSize(101);
      long[] cpu = cpuFill(RandomKind.INTEGER, DType.INT64, seed, 9, 101, range[0], range[1]).toLongArray();
      for (int i = 0; i < out.size(); i++) {
        long expected = cpu[i];
        assertThat(Long.parseUnsignedLong(out.get(i), 16)).as("element %d of [%d, %d)", i, range[0], range[1])
            .isEqualTo(expected);
      }
    }
  }

  private static void check(RandomKind kind, long seed, long offset, int n, double p, double q) throws Exception {
    List<String> out = run(List.of(program.toString(), "floats", Integer.toString(kind.ordinal()),
        Long.toUnsignedString(seed), Long.toUnsignedString(offset), Integer.toString(n), Double.toString(p),
        Double.toString(q)));
    assertThat(out).hasSize(n);
    float[] cpu = cpuFill(kind, DType.FLOAT32, seed, offset, n, p, q).toFloatArray();
    for (int i = 0; i < n; i++) {
      float expected = cpu[i];
      assertThat(Integer.parseUnsignedInt(out.get(i), 16)).as("%s element %d: %s", kind, i, expected)
          .isEqualTo(Float.floatToRawIntBits(expected));
    }
  }

  /** The CPU backend's fill of n elements from counter {@code offset} of {@code seed}'s stream. */
  private static Tensor cpuFill(RandomKind kind, DType dtype, long seed, long offset, int n, double p, double q) {
    Generator g = new Generator(seed);
    g.reserve(offset);
    Tensor t = Tensor.empty(Device.CPU, dtype, n);
    CpuBackend.INSTANCE.random(kind, t, p, q, g);
    return t;
  }

  private static List<String> run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s:%n%s", command, all).isZero();
    for (String line : all.split("\n")) if (!line.isBlank()) lines.add(line.strip());
    return lines;
  }
}
