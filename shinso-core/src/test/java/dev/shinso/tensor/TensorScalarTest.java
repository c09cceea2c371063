package dev.shinso.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.autograd.NoGrad;
import org.junit.jupiter.api.Test;

/** Scalars are 0-d, as torch.tensor(1.0): ops between a 0-d tensor and a scalar stay 0-d. */
class TensorScalarTest {
  @Test
  void scalarsAreZeroDimensional() {
    assertThat(Tensor.scalar(2f).dim()).isZero();
    assertThat(Tensor.scalar(2f).item()).isEqualTo(2f);
    assertThat(Tensor.scalarLong(7).dim()).isZero();
    assertThat(Tensor.scalarLong(7).dtype()).isEqualTo(DType.INT64);
  }

  @Test
  void zeroDimensionalResultsStayZeroDimensionalUnderScalarArithmetic() {
    Tensor loss = Tensor.of(new float[] {1, 2, 3}).sum();
    assertThat(loss.div(3f).dim()).isZero();
    assertThat(loss.mul(2f).add(1f).dim()).isZero();
    assertThat(Tensor.ones(2, 3).add(Tensor.scalar(1f)).shapeArray()).containsExactly(2, 3);
  }

  @Test
  void aZeroDimensionalCounterCanBeIncrementedInPlace() {
    Tensor counter = Tensor.scalarLong(0);
    try (NoGrad g = NoGrad.enter()) {
      counter.add_(Tensor.scalarLong(1));
      counter.add_(Tensor.scalarLong(1));
    }
    assertThat(counter.itemLong()).isEqualTo(2);
  }

  /** clone() is a copy in the graph (torch.clone), not add(0): −0.0 stays −0.0 and the node says clone. */
  @Test
  void cloneCopiesExactlyAndKeepsTheGradientFlowing() {
    Tensor x = Tensor.of(new float[] {-0f, 1.5f}).requiresGrad(true);
    Tensor c = x.clone();
    assertThat(Float.floatToRawIntBits(c.toFloatArray()[0])).isEqualTo(Float.floatToRawIntBits(-0f));
    assertThat(c.storage()).isNotSameAs(x.storage());
    assertThat(c.gradFn().op()).isEqualTo("clone");
    c.mul(3f).sum().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(3, 3);
  }
}
