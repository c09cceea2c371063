package dev.shinso.distributed;

import java.util.Objects;

/** A group of one: every collective leaves the data as it is. */
final class SoloGroup implements ProcessGroup {
  @Override
  public int rank() {
    return 0;
  }

  @Override
  public int size() {
    return 1;
  }

  @Override
  public void allReduceSum(float[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
  }

  @Override
  public void broadcast(float[] data, int offset, int length, int root) {
    Objects.checkFromIndexSize(offset, length, data.length);
    if (root != 0) throw new IllegalArgumentException("broadcast: root " + root + " is not a rank of a group of 1");
  }

  @Override
  public long[] allGather(long value) {
    return new long[] {value};
  }

  @Override
  public void barrier() {}

  @Override
  public void close() {}
}
