package dev.shinso.autograd;

/**
 * A scope in which ops record no graph: {@code try (var g = NoGrad.enter()) { ... }}. Scopes nest;
 * the setting is per thread.
 */
public final class NoGrad implements AutoCloseable {
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
  private boolean closed;

  private NoGrad() {
    DEPTH.get()[0]++;
  }

  public static NoGrad enter() {
    return new NoGrad();
  }

  /** True when ops should record the graph (no NoGrad scope is open on this thread). */
  public static boolean isGradEnabled() {
    return DEPTH.get()[0] == 0;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      DEPTH.get()[0]--;
    }
  }
}
