package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** MSELoss, CrossEntropyLoss, NLLLoss and BCEWithLogitsLoss with every reduction. */
class LossTest {
  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return ReferenceCases.tests("nn_losses.json", c -> switch (c.module()) {
      case "MSELoss" -> new MSELoss(c.reduction());
      case "CrossEntropyLoss" -> new CrossEntropyLoss(c.reduction(), (long) c.config("ignore_index", -100),
          c.config("label_smoothing", 0));
      case "NLLLoss" -> new NLLLoss(c.reduction(), (long) c.config("ignore_index", -100));
      case "BCEWithLogitsLoss" -> new BCEWithLogitsLoss(c.reduction());
      default -> throw new IllegalArgumentException("unknown loss " + c.module());
    });
  }

  private static final Tensor CLASSES = Tensor.ofLongs(new long[] {2, 0, 1, 1, 3});

  @Test
  void crossEntropyGradients() {
    for (Reduction r : Reduction.values()) {
      GradChecks.assertGradientsMatch("crossEntropy " + r,
          xs -> new CrossEntropyLoss(r).forward(xs.get(0), CLASSES), GradChecks.randn(61, 2, 5, 4));
      GradChecks.assertGradientsMatch("crossEntropy smoothing 0.2 " + r,
          xs -> new CrossEntropyLoss(r, 0.2).forward(xs.get(0), CLASSES), GradChecks.randn(62, 2, 5, 4));
    }
    GradChecks.assertGradientsMatch("crossEntropy ignoreIndex 1, smoothing 0.1",
        xs -> new CrossEntropyLoss(Reduction.MEAN, 1, 0.1).forward(xs.get(0), CLASSES), GradChecks.randn(63, 2, 5, 4));
    Tensor spatial = Tensor.ofLongs(new long[] {0, 2, 1, 1, 2, 0, 0, 1}, 2, 2, 2);
    GradChecks.assertGradientsMatch("crossEntropy [N, C, H, W]",
        xs -> new CrossEntropyLoss().forward(xs.get(0), spatial), GradChecks.randn(64, 1, 2, 3, 2, 2));
  }

  @Test
  void nllGradients() {
    for (Reduction r : Reduction.values()) {
      GradChecks.assertGradientsMatch("nll " + r, xs -> new NLLLoss(r).forward(xs.get(0), CLASSES),
          GradChecks.randn(65, 1, 5, 4));
    }
  }

  @Test
  void mseGradientsForInputAndTarget() {
    for (Reduction r : Reduction.values()) {
      GradChecks.assertGradientsMatch("mse " + r, xs -> new MSELoss(r).forward(xs.get(0), xs.get(1)),
          GradChecks.randn(66, 1, 3, 4), GradChecks.randn(67, 1, 3, 4));
    }
  }

  @Test
  void bceWithLogitsGradientsForInputAndTarget() {
    Tensor target = Tensor.rand(new Generator(68), 3, 4);
    for (Reduction r : Reduction.values()) {
      GradChecks.assertGradientsMatch("bceWithLogits " + r, xs -> new BCEWithLogitsLoss(r).forward(xs.get(0), xs.get(1)),
          GradChecks.randn(69, 3, 3, 4), target.contiguousCopy());
    }
  }

  @Test
  void bceWithLogitsIsStableForLargeLogitsAndExactAtZero() {
    Tensor x = Tensor.of(new float[] {-200f, 0f, 200f}).requiresGrad(true);
    Tensor y = Tensor.of(new float[] {1f, 1f, 0f});
    Tensor loss = new BCEWithLogitsLoss(Reduction.NONE).forward(x, y);
    assertThat(loss.toFloatArray()).containsExactly(200f, (float) Math.log(2), 200f);
    loss.sum().backward();
    // σ(x) − y: −1 at −200 with y = 1, −0.5 at 0, +1 at 200 with y = 0.
    assertThat(x.grad().toFloatArray()).containsExactly(-1f, -0.5f, 1f);
  }

  @Test
  void crossEntropyOfUniformLogitsIsLogC() {
    Tensor loss = new CrossEntropyLoss().forward(Tensor.zeros(4, 10), Tensor.ofLongs(new long[] {0, 3, 9, 5}));
    assertThat(loss.dim()).isZero();
    assertThat(loss.item()).isCloseTo((float) Math.log(10), within(1e-6f));
  }

  @Test
  void badTargetsNameTheLossAndShapes() {
    Tensor logits = Tensor.zeros(4, 10);
    assertThatThrownBy(() -> new CrossEntropyLoss().forward(logits, Tensor.zeros(4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CrossEntropyLoss").hasMessageContaining("int64").hasMessageContaining("[4, 10]");
    assertThatThrownBy(() -> new CrossEntropyLoss().forward(logits, Tensor.ofLongs(new long[] {1, 2, 3})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CrossEntropyLoss").hasMessageContaining("[3]").hasMessageContaining("[4, 10]");
    // Classes out of range: the host check names them for a target on the CPU; on a device the kernel rejects them.
    Tensor cpuLogits = Tensor.zeros(Device.CPU, 4, 10);
    assertThatThrownBy(() -> new CrossEntropyLoss().forward(cpuLogits, Tensor.ofLongs(Device.CPU, new long[] {1, 2, 10, 0})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CrossEntropyLoss").hasMessageContaining("class 10").hasMessageContaining("[0, 10)");
    assertThatThrownBy(() -> new NLLLoss().forward(cpuLogits, Tensor.ofLongs(Device.CPU, new long[] {1, -1, 0, 0})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NLLLoss").hasMessageContaining("class -1");
    assertThatThrownBy(() -> new MSELoss().forward(Tensor.zeros(3, 2), Tensor.zeros(2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MSELoss").hasMessageContaining("[2, 3]").hasMessageContaining("[3, 2]");
    assertThatThrownBy(() -> new BCEWithLogitsLoss().forward(Tensor.zeros(3), Tensor.ofLongs(new long[] {0, 1, 1})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BCEWithLogitsLoss").hasMessageContaining("float32");
    assertThatThrownBy(() -> new CrossEntropyLoss(Reduction.MEAN, 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labelSmoothing");
  }

  @Test
  void printLikePyTorch() {
    assertThat(new CrossEntropyLoss()).hasToString("CrossEntropyLoss()");
    assertThat(new MSELoss()).hasToString("MSELoss()");
    assertThat(new NLLLoss()).hasToString("NLLLoss()");
    assertThat(new BCEWithLogitsLoss()).hasToString("BCEWithLogitsLoss()");
  }

  @Test
  void crossEntropyWithLabelSmoothingNeedsNoIgnoreIndex() {
    // p = (3/4, 1/4): 0.8·(−ln 3/4) + 0.2·(−ln 3/4 − ln 1/4)/2
    Tensor logits = Tensor.of(new float[] {(float) Math.log(3), 0}, 1, 2), target = Tensor.ofLongs(new long[] {0}, 1);
    double expected = 0.8 * -Math.log(0.75) + 0.2 * (-Math.log(0.75) - Math.log(0.25)) / 2;
    assertThat((double) Functional.crossEntropy(logits, target, 0.2).item()).isCloseTo(expected, within(1e-6));
    assertThatThrownBy(() -> Functional.crossEntropy(logits, target, 1.5)).hasMessageContaining("labelSmoothing");
  }
}
