package dev.shinso.testing;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * How many bytes of heap a piece of code allocates on the calling thread, for tests that prove a
 * huge claim (a header's sizes, an image's dimensions) is refused before anything of its size is
 * allocated. Skips the test on a JVM that cannot measure it.
 */
public final class Allocations {
  private Allocations() {}

  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  /** The bytes the action allocated on this thread; what it throws is ignored (the caller checks it separately). */
  public static long bytesAllocatedBy(Action action) {
    if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean)
        || !bean.isThreadAllocatedMemorySupported() || !bean.isThreadAllocatedMemoryEnabled()) {
      Assumptions.abort("this JVM does not measure the memory a thread allocates");
      return -1;
    }
    long before = bean.getCurrentThreadAllocatedBytes();
    try {
      action.run();
    } catch (Exception ignored) {
      // the test asserts the exception itself
    }
    return bean.getCurrentThreadAllocatedBytes() - before;
  }
}
