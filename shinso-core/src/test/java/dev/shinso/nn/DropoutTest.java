package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shinso.Shinso;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class DropoutTest {
  @TestFactory
  Stream<DynamicTest> evalIsTheIdentityAsInPyTorch() {
    return ReferenceCases.tests("nn_dropout.json", c -> new Dropout(c.config("p", 0.5)));
  }

  @Test
  void trainingDropsAboutPAndScalesTheRestByInverseKeep() {
    Shinso.manualSeed(1);
    int n = 200_000;
    Tensor x = Tensor.full(2f, n);
    float[] y = new Dropout(0.3).forward(x).toFloatArray();
    int zeros = 0;
    for (float v : y) {
      if (v == 0) zeros++;
      else assertThat(v).isCloseTo(2f / 0.7f, within(1e-6f));
    }
    // Binomial std of the fraction is √(0.3·0.7/n) ≈ 0.001; allow 5 of them.
    assertThat(zeros / (double) n).isCloseTo(0.3, within(0.005));
  }

  @Test
  void manualSeedRepeatsTheMask() {
    Tensor x = Tensor.ones(1000);
    Dropout d = new Dropout(0.5);
    Shinso.manualSeed(42);
    float[] a = d.forward(x).toFloatArray();
    Shinso.manualSeed(42);
    float[] b = d.forward(x).toFloatArray();
    float[] c = d.forward(x).toFloatArray();
    assertThat(b).containsExactly(a);
    assertThat(c).isNotEqualTo(a);
  }

  @Test
  void evalAndPZeroAreIdentityAndPOneIsZero() {
    Tensor x = GradChecks.randn(3, 1, 4, 5);
    assertThat(new Dropout(0.9).eval().forward(x).toFloatArray()).containsExactly(x.toFloatArray());
    assertThat(new Dropout(0).forward(x).toFloatArray()).containsExactly(x.toFloatArray());
    assertThat(new Dropout(1).forward(x).abs().max().item()).isZero();
  }

  @Test
  void gradientIsTheScaledMask() {
    // A fresh generator with the same seed per call gives the same mask, so finite differences are meaningful.
    GradChecks.assertGradientsMatch("dropout", xs -> Functional.dropout(xs.get(0), 0.4, true, new Generator(7)),
        GradChecks.randn(4, 1, 6, 5));
  }

  @Test
  void rejectsProbabilitiesOutsideZeroOne() {
    assertThatThrownBy(() -> new Dropout(1.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    assertThatThrownBy(() -> new Dropout(-0.1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void printsLikePyTorch() {
    assertThat(new Dropout(0.5)).hasToString("Dropout(p=0.5, inplace=False)");
    assertThat(new Dropout(0.25)).hasToString("Dropout(p=0.25, inplace=False)");
  }
}
