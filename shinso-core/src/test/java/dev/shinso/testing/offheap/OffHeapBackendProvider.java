package dev.shinso.testing.offheap;

import dev.shinso.backend.Backend;
import dev.shinso.backend.BackendProvider;

/** Serves device {@code offheap} (index 0 only) to the tests. */
public final class OffHeapBackendProvider implements BackendProvider {
  private static final OffHeapBackend BACKEND = new OffHeapBackend();

  @Override
  public String type() {
    return "offheap";
  }

  @Override
  public Backend open(int index) {
    if (index != 0) throw new IllegalStateException("no device offheap:" + index);
    return BACKEND;
  }
}
