package dev.shinso.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The vector species the CPU kernels use, and the switch to scalar code. */
final class Simd {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  static final int LANES = F.length();
  /**
   * Whether every kernel (GEMM included) takes its vector path: yes unless -Dshinso.simd=false (in
   * any case) or vectors hold fewer than 4 floats, below which a vector loop gains nothing.
   */
  static final boolean ENABLED = enabled(System.getProperty("shinso.simd"), LANES);

  private Simd() {}

  static boolean enabled(String property, int lanes) {
    return !"false".equalsIgnoreCase(property == null ? null : property.strip()) && lanes >= 4;
  }

  /** End of the vectorisable prefix of [start, end). */
  static int vectorEnd(int start, int end) {
    return ENABLED ? start + (end - start) / LANES * LANES : start;
  }
}
