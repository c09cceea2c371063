package dev.shinso.cli;

import dev.shinso.Shinso;
import dev.shinso.tensor.Device;
import picocli.CommandLine.Option;

/** {@code --tf32}: the training commands' switch for {@link Shinso#allowTf32(boolean)}, for the run only. */
public final class Tf32Option {
  @Option(names = "--tf32", description = "let GPU matmuls and convolutions use TF32 tensor cores (faster, 10-bit "
      + "mantissa; off by default, as in PyTorch; no effect on the CPU)")
  boolean tf32;

  /** Sets the switch as asked; closing puts back what it was (commands also run in-process, e.g. from tests). */
  public Scope apply() {
    boolean before = Shinso.allowTf32();
    Shinso.allowTf32(tf32);
    return () -> Shinso.allowTf32(before);
  }

  /** What the command's settings line adds: nothing when off, and a plain word when it cannot apply. */
  public String note(Device device) {
    if (!tf32) return "";
    return device.isCpu() ? " (--tf32 has no effect on the CPU)" : ", TF32 allowed";
  }

  /** A scope that cannot fail to close. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
