package dev.shinso.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimdTest {
  @Test
  void falseInAnyCaseSwitchesEveryKernelToScalarCode() {
    for (String off : new String[] {"false", "FALSE", "False", " false "}) assertThat(Simd.enabled(off, 8)).as(off).isFalse();
    for (String on : new String[] {null, "", "true", "TRUE"}) assertThat(Simd.enabled(on, 8)).as(on).isTrue();
  }

  @Test
  void vectorsOfFewerThanFourFloatsTakeTheScalarPath() {
    assertThat(Simd.enabled(null, 2)).isFalse();
    assertThat(Simd.enabled(null, 4)).isTrue();
  }

  @Test
  void gemmAndTheOtherKernelsShareOneSwitch() {
    assertThat(Gemm.SIMD).isEqualTo(Simd.ENABLED);
  }
}
