package dev.shinso.distributed;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * data[at, at + n) += the n little-endian floats at byte offset from in segment, read in place:
 * no copy to a heap array first. Each element is one IEEE addition, vector or scalar alike, so the
 * result does not depend on the vector width.
 */
final class Accumulate {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final ValueLayout.OfFloat LE_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private Accumulate() {}

  static void add(MemorySegment segment, long offset, float[] data, int at, int n) {
    int i = 0;
    for (int upper = F.loopBound(n); i < upper; i += F.length()) {
      FloatVector.fromMemorySegment(F, segment, offset + (long) i * Float.BYTES, ByteOrder.LITTLE_ENDIAN)
          .add(FloatVector.fromArray(F, data, at + i)).intoArray(data, at + i);
    }
    for (; i < n; i++) data[at + i] += segment.get(LE_FLOAT, offset + (long) i * Float.BYTES);
  }
}
