package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** BatchNorm1d and BatchNorm2d: train mode (batch statistics, running update) and eval mode, against PyTorch. */
class BatchNormTest {
  @TestFactory
  Stream<DynamicTest> matchesPyTorchInTrainAndEvalMode() {
    return ReferenceCases.tests("nn_batchnorm.json", c -> {
      int n = c.configInt("num_features");
      double eps = c.config("eps", 1e-5), momentum = c.config("momentum", 0.1);
      return switch (c.module()) {
        case "BatchNorm1d" -> new BatchNorm1d(n, eps, momentum, true, true);
        case "BatchNorm2d" -> new BatchNorm2d(n, eps, momentum, true, true);
        default -> throw new IllegalArgumentException("unknown module " + c.module());
      };
    });
  }

  @Test
  void trainModeGradientsOfInputWeightAndBias() {
    for (int[] shape : new int[][] {{6, 3}, {3, 2, 4}, {2, 3, 2, 3}, {2, 3, 5, 5}}) {  // 25 pixels: a vector and a tail
      int c = shape[1];
      GradChecks.assertGradientsMatch("batchNorm train " + java.util.Arrays.toString(shape),
          xs -> Functional.batchNorm(xs.get(0), null, null, xs.get(1), xs.get(2), true, 0.1, 1e-5),
          GradChecks.randn(21, 1.5f, shape), GradChecks.randn(22, 1, c).add(1f).contiguousCopy(), GradChecks.randn(23, 1, c));
    }
  }

  @Test
  void evalModeGradients() {
    Tensor mean = GradChecks.randn(31, 1, 3), var = Tensor.rand(new dev.shinso.tensor.Generator(32), 3).add(0.5f);
    GradChecks.assertGradientsMatch("batchNorm eval",
        xs -> Functional.batchNorm(xs.get(0), mean, var, xs.get(1), xs.get(2), false, 0.1, 1e-5),
        GradChecks.randn(33, 1, 4, 3, 2), GradChecks.randn(34, 1, 3), GradChecks.randn(35, 1, 3));
  }

  @Test
  void evalModeNeedsNoMomentum() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2), mean = Tensor.of(new float[] {1, 2}), var = Tensor.of(new float[] {4, 0.25f});
    Tensor y = Functional.batchNorm(x, mean, var, Tensor.of(new float[] {2, 1}), Tensor.of(new float[] {0, 1}), 0);
    assertThat(y.toFloatArray()).containsExactly(0f, 1f, 2f, 5f); // 2·(x−1)/2 and (x−2)/0.5 + 1
    assertThat(mean.toFloatArray()).containsExactly(1f, 2f);
    assertThatThrownBy(() -> Functional.batchNorm(x, null, var, null, null, 1e-5)).hasMessageContaining("running mean");
  }

  @Test
  void stateDictKeysAndBuffersAreLikePyTorch() {
    BatchNorm2d bn = new BatchNorm2d(4);
    assertThat(bn.stateDict().keySet()).containsExactly("weight", "bias", "running_mean", "running_var", "num_batches_tracked");
    assertThat(bn.namedParameters().keySet()).containsExactly("weight", "bias");
    assertThat(bn.weight().toFloatArray()).containsOnly(1f);
    assertThat(bn.bias().toFloatArray()).containsOnly(0f);
    assertThat(bn.runningMean().toFloatArray()).containsOnly(0f);
    assertThat(bn.runningVar().toFloatArray()).containsOnly(1f);
    Tensor tracked = bn.stateDict().get("num_batches_tracked");
    assertThat(tracked.dtype()).isEqualTo(DType.INT64);
    assertThat(tracked.dim()).isZero();
  }

  @Test
  void trainingUpdatesRunningStatisticsInPlaceAndEvalDoesNot() {
    BatchNorm1d bn = new BatchNorm1d(2);
    Tensor stateMean = bn.stateDict().get("running_mean");
    Tensor x = Tensor.of(new float[][] {{1, 10}, {3, 20}, {5, 30}});
    bn.forward(x);
    // batch means 3 and 20; unbiased variances 4 and 100.
    assertThat(bn.runningMean().toFloatArray()).containsExactly(0.3f, 2f);
    assertThat(bn.runningVar().toFloatArray()[0]).isCloseTo(0.9f + 0.4f, within(1e-6f));
    assertThat(bn.runningVar().toFloatArray()[1]).isCloseTo(0.9f + 10f, within(1e-5f));
    assertThat(stateMean.toFloatArray()).as("the state dict shares the buffer").containsExactly(0.3f, 2f);
    assertThat(bn.numBatchesTracked().itemLong()).isEqualTo(1);
    bn.forward(x);
    assertThat(bn.numBatchesTracked().itemLong()).isEqualTo(2);

    bn.eval();
    float[] before = bn.runningMean().toFloatArray();
    Tensor y = bn.forward(x);
    assertThat(bn.runningMean().toFloatArray()).containsExactly(before);
    assertThat(bn.numBatchesTracked().itemLong()).isEqualTo(2);
    // eval normalises with the running statistics: (x − rm)/√(rv + eps).
    float expected = (float) ((1 - before[0]) / Math.sqrt(bn.runningVar().toFloatArray()[0] + 1e-5));
    assertThat(y.get(0, 0)).isCloseTo(expected, within(1e-5f));
  }

  @Test
  void trainModeOutputHasZeroMeanAndUnitVariancePerChannel() {
    Tensor x = GradChecks.randn(41, 3, 8, 3, 5, 5).add(2f);
    Tensor y = new BatchNorm2d(3).forward(x);
    float[] mean = y.mean(new int[] {0, 2, 3}, false).toFloatArray();
    float[] var = y.var(new int[] {0, 2, 3}, 0, false).toFloatArray();
    for (int c = 0; c < 3; c++) {
      assertThat(mean[c]).isCloseTo(0f, within(1e-5f));
      assertThat(var[c]).isCloseTo(1f, within(1e-3f));
    }
  }

  @Test
  void withoutRunningStatisticsItAlwaysUsesTheBatch() {
    BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 0.1, false, false);
    assertThat(bn.stateDict()).isEmpty();
    Tensor x = Tensor.of(new float[][] {{1, 10}, {3, 20}});
    float[] train = bn.forward(x).toFloatArray();
    assertThat(bn.eval().forward(x).toFloatArray()).containsExactly(train);
  }

  @Test
  void badInputsAreClearErrors() {
    assertThatThrownBy(() -> new BatchNorm1d(3).forward(Tensor.zeros(4, 5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 5]").hasMessageContaining("3");
    assertThatThrownBy(() -> new BatchNorm2d(3).forward(Tensor.zeros(4, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BatchNorm2d").hasMessageContaining("[4, 3]");
    assertThatThrownBy(() -> new BatchNorm1d(3).forward(Tensor.zeros(1, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 1 value per channel");
    assertThatThrownBy(() -> new BatchNorm1d(3).forward(Tensor.zeros(2, 3, 4, 5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BatchNorm1d");
  }

  @Test
  void printsLikePyTorch() {
    assertThat(new BatchNorm1d(64)).hasToString("BatchNorm1d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)");
    assertThat(new BatchNorm2d(8, 1e-3, 0.01, false, true))
        .hasToString("BatchNorm2d(8, eps=0.001, momentum=0.01, affine=False, track_running_stats=True)");
  }
}
