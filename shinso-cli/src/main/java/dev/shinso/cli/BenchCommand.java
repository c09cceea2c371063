package dev.shinso.cli;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shinso bench}: kernel throughput measurements. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure kernel speed.",
    subcommands = {BenchCommand.Matmul.class, CommandLine.HelpCommand.class})
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code shinso bench matmul}: square sgemm GFLOPS, one line per size and thread count. */
  @Command(name = "matmul", mixinStandardHelpOptions = true,
      description = {
          "Square float32 matmul (C = A·B, n×n, 2n³ flops) through the CPU gemm kernel.",
          "Each case warms up by work (at least 3e10 flops, so the JIT has compiled the kernel),"
              + " then times --reps repetitions of about 4e9 flops each and prints the MEDIAN.",
          "Output, one line per case: matmul n=<n> threads=<t> gflops=<median>"})
  static final class Matmul implements Runnable {
    @Option(names = "--sizes", split = ",", defaultValue = "256,512,1024,2048",
        description = "Matrix sizes n (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--threads", split = ",", defaultValue = "1,2",
        description = "Thread counts of the intra-op pool (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--reps", defaultValue = "7",
        description = "Timed repetitions per case; the median is reported (default: ${DEFAULT-VALUE}).")
    int reps;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      for (int n : sizes) {
        for (int t : threads) {
          if (n < 1 || t < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "sizes and threads must be >= 1, got n=" + n + " threads=" + t);
          }
        }
      }
      for (int n : sizes) {
        for (int t : threads) {
          double g = MatmulThroughput.measure(n, t, reps);
          System.out.println(String.format(Locale.ROOT, "matmul n=%d threads=%d gflops=%.1f", n, t, g));
          System.out.flush();
        }
      }
    }
  }
}
