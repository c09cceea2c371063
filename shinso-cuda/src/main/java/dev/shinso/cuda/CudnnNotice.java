package dev.shinso.cuda;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Says once per process, in one line on stderr, that convolutions run without cuDNN and why: never
 * a silent slow path, and never a line per device or per call.
 */
final class CudnnNotice {
  private static final AtomicBoolean SAID = new AtomicBoolean();

  private CudnnNotice() {}

  /** Called when a CUDA device opens. */
  static void sayIfMissing(dev.shinso.cuda.driver.Gpu gpu) {
    sayIfMissing(gpu::convolutionsMissing, System.err::println, SAID);
  }

  /** Says {@link #line} to sink unless said already or cuDNN is there (reason null); true when it spoke. */
  static boolean sayIfMissing(Supplier<String> reason, Consumer<String> sink, AtomicBoolean said) {
    if (said.get()) return false;
    String why = reason.get();
    if (why == null || !said.compareAndSet(false, true)) return false;
    sink.accept(line(why));
    return true;
  }

  static String line(String reason) {
    return "shinso-cuda: warning: no cuDNN (" + reason + "); convolutions run on shinso's own CUDA kernels, more slowly";
  }
}
