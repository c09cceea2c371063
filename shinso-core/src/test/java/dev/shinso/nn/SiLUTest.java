package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SiLUTest {
  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return DiffusionLayerCases.tests("SiLU", c -> new SiLU());
  }

  @Test
  void gradientAndPrinting() {
    GradChecks.assertGradientsMatch("silu", xs -> Functional.silu(xs.get(0)), GradChecks.randn(64, 3, 3, 5));
    assertThat(new SiLU()).hasToString("SiLU()");
  }
}
