package dev.shinso.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shinso.optim.Adam;
import dev.shinso.optim.Optimizer;
import dev.shinso.optim.SGD;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** module.to(DType.FLOAT64), as PyTorch's module.double(): parameters and float buffers convert, counters stay int64. */
class ModuleDTypeTest {
  private static Sequential net(long seed, boolean batchNorm) {
    dev.shinso.Shinso.manualSeed(seed);
    return batchNorm
        ? new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2), new ReLU(), new Flatten(), new Linear(8, 3))
        : new Sequential(new Conv2d(1, 2, 3), new ReLU(), new Flatten(), new Linear(8, 3));
  }

  @Test
  void convertsParametersAndFloatBuffersInPlace() {
    Sequential s = net(1, true);
    Tensor weight = s.parameters().get(0);
    float[] before = weight.toFloatArray();
    s.to(DType.FLOAT64);
    assertThat(s.parameters().get(0)).as("the same parameter object, as optimisers hold it").isSameAs(weight);
    for (Tensor p : s.parameters()) assertThat(p.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(s.stateDict().get("1.running_var").dtype()).isEqualTo(DType.FLOAT64);
    assertThat(s.stateDict().get("1.num_batches_tracked").dtype()).isEqualTo(DType.INT64);
    double[] after = weight.toDoubleArray();
    for (int i = 0; i < before.length; i++) assertThat(after[i]).isEqualTo(before[i]);
    assertThatThrownBy(() -> s.to(DType.INT64)).hasMessageContaining("floating point");
  }

  /**
   * Three steps in float64 follow the same steps in float32 to float precision, for SGD with
   * momentum and Adam. Adam's net has no batch norm: the conv bias before one has a gradient that
   * is zero but for rounding, and Adam scales that noise up to a full step of either sign.
   */
  @Test
  void trainsInFloat64LikeInFloat32() {
    check(true, ps -> new SGD(ps, 0.1).momentum(0.9).weightDecay(1e-3));
    check(false, ps -> new Adam(ps, 0.01));
  }

  private static void check(boolean batchNorm, Function<java.util.List<Parameter>, Optimizer> make) {
    Sequential a = net(2, batchNorm), b = net(2, batchNorm);
    b.to(DType.FLOAT64);
    Optimizer oa = make.apply(a.parameters()), ob = make.apply(b.parameters());
    Tensor x = Tensor.randn(new Generator(3), 4, 1, 4, 4);
    Tensor y = Tensor.ofLongs(new long[] {0, 2, 1, 2});
    for (int step = 0; step < 3; step++) {
      oa.zeroGrad();
      ob.zeroGrad();
      Functional.crossEntropy(a.forward(x), y).backward();
      Tensor loss = Functional.crossEntropy(b.forward(x.toDouble()), y);
      assertThat(loss.dtype()).isEqualTo(DType.FLOAT64);
      loss.backward();
      oa.step();
      ob.step();
    }
    for (int i = 0; i < a.parameters().size(); i++) {
      float[] pa = a.parameters().get(i).toFloatArray();
      double[] pb = b.parameters().get(i).toDoubleArray();
      for (int k = 0; k < pa.length; k++) assertThat(pb[k]).isCloseTo(pa[k], within(1e-4));
    }
  }
}
