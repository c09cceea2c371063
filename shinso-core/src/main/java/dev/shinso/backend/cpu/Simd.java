package dev.shinso.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The vector species the CPU kernels use, and the switch to scalar code. */
final class Simd {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  static final int LANES = F.length();
  /** -Dshinso.simd=false forces the scalar paths (also taken where vectors are narrower than 256 bits). */
  static final boolean ENABLED = !"false".equals(System.getProperty("shinso.simd")) && F.vectorBitSize() >= 256;

  private Simd() {}

  /** End of the vectorisable prefix of [start, end). */
  static int vectorEnd(int start, int end) {
    return ENABLED ? start + (end - start) / LANES * LANES : start;
  }
}
