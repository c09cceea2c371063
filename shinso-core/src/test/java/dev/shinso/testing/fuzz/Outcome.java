package dev.shinso.testing.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * What one read of a fuzzed file did: the value it returned or whatever it threw (Errors included,
 * so that an OutOfMemoryError fails the property instead of the run), and the heap it allocated.
 */
public record Outcome<T>(T result, Throwable thrown, long allocatedBytes) {
  /** Allocation is measured per thread; -1 where this JVM cannot measure it. */
  public static <T> Outcome<T> of(Callable<T> read) {
    long before = allocatedOnThisThread();
    T result = null;
    Throwable thrown = null;
    try {
      result = read.call();
    } catch (Throwable t) {
      thrown = t;
    }
    long after = allocatedOnThisThread();
    return new Outcome<>(result, thrown, before < 0 ? -1 : after - before);
  }

  public boolean succeeded() {
    return thrown == null;
  }

  /** A failure must be one of the documented types, with a message that names the file and says why. */
  @SafeVarargs
  public final Outcome<T> assertFailedCleanly(Path file, Class<? extends Throwable>... documented) {
    assertThat(thrown).as("what the read threw").isNotNull();
    if (Arrays.stream(documented).noneMatch(c -> c.isInstance(thrown))) {
      throw new AssertionError("undocumented " + thrown.getClass().getName() + " (documented: "
          + Arrays.toString(documented) + ")", thrown);
    }
    String message = thrown.getMessage();
    assertThat(message).as("the message of " + thrown).isNotBlank();
    // names the file once, and ends in a reason: not "...: " nor "...: null" from a decoder that gave none
    assertThat(message.split(java.util.regex.Pattern.quote(file.toString()), -1)).as("the file in " + message).hasSize(2);
    assertThat(message.strip()).as("the reason in " + message).doesNotEndWith(":").doesNotEndWith(": null");
    return this;
  }

  /** The read allocated at most bound bytes (skipped where allocation cannot be measured). */
  public Outcome<T> assertAllocatedAtMost(long bound, String why) {
    if (allocatedBytes >= 0 && allocatedBytes > bound) {
      throw new AssertionError("the read allocated " + allocatedBytes + " bytes, more than " + bound + " (" + why + ")",
          thrown);
    }
    return this;
  }

  private static long allocatedOnThisThread() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
        && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled()) {
      return bean.getCurrentThreadAllocatedBytes();
    }
    return -1;
  }
}
