package dev.shinso.cuda;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.shinso.cuda.driver.Gpu;
import dev.shinso.tensor.Shape;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Out-of-range indices found by the index kernels. A kernel cannot throw; it writes the launch's
 * sequence number and the bad index into a word on the device (the first report wins), and this
 * class reads it whenever the host waits for the device anyway (a host read, synchronize(), every
 * launch under SHINSO_CUDA_SYNC=1) and throws the CPU backend's IndexOutOfBoundsException, naming
 * the op, the index, the dim and the input's shape, as recorded when the kernel was queued.
 */
final class IndexErrors {
  /** Launches remembered between two checks; older ones lose their details, never their error. */
  private static final int REMEMBERED = 4096;

  private record Launch(String op, int dim, int size, int[] shape) {}

  private final Gpu gpu;
  private final long word;  // {sequence number, index}, zero when nothing was reported
  private long sequence;
  private final Map<Long, Launch> launches = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Launch> eldest) {
      return size() > REMEMBERED;
    }
  };

  IndexErrors(Gpu gpu, long word) {
    this.gpu = gpu;
    this.word = word;
    gpu.zero(word, 16);
  }

  /** The device pointer kernels report to. */
  long word() {
    return word;
  }

  /** A sequence number for a launch of {@code op} indexing dim {@code dim} (of size) of a tensor of shape. */
  synchronized long register(String op, int dim, int size, int[] shape) {
    long seq = ++sequence;
    launches.put(seq, new Launch(op, dim, size, shape.clone()));
    return seq;
  }

  /** After a wait for the device: throws for a reported index, and forgets the launches that finished. */
  synchronized void check() {
    if (launches.isEmpty()) return;  // no index kernel since the last check
    long seq, index;
    try (Arena a = Arena.ofConfined()) {
      MemorySegment host = a.allocate(16, 8);
      gpu.download(host, word, 16);
      seq = host.get(JAVA_LONG, 0);
      index = host.get(JAVA_LONG, 8);
    }
    Launch l = launches.get(seq);
    launches.clear();
    if (seq == 0) return;
    gpu.zero(word, 16);
    if (l == null) {
      throw new IndexOutOfBoundsException("an index kernel on " + gpu.name() + " met index " + index
          + ", out of range (its launch was too long ago to name)");
    }
    throw new IndexOutOfBoundsException(l.op + ": index " + index + " is out of range for dimension " + l.dim
        + " of size " + l.size + " (input shape " + Shape.format(l.shape) + ")");
  }
}
