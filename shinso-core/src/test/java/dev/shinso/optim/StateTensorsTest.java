package dev.shinso.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

class StateTensorsTest {
  @Test
  void doublesRoundTripExactlyThroughInt64() {
    for (double d : new double[] {0.1, 1e-3 * 0.7071067811865476, Math.PI, 0.0, Double.MIN_VALUE}) {
      Tensor t = StateTensors.ofDouble(d);
      assertThat(t.dtype()).isEqualTo(DType.INT64);
      assertThat(t.shapeArray()).isEmpty();
      assertThat(StateTensors.toDouble(t)).isEqualTo(d);
    }
    assertThat(StateTensors.toDoubles(StateTensors.ofDoubles(new double[] {0.9, 0.999}))).containsExactly(0.9, 0.999);
  }

  @Test
  void checksNameTheKeyAndTheShape() {
    assertThat(StateTensors.checkLong("state.0.step", StateTensors.ofLong(7))).isNull();
    assertThat(StateTensors.checkLong("state.0.step", Tensor.zeros(2)))
        .isEqualTo("state.0.step must be a 0-d tensor, got shape [2]");
    assertThat(StateTensors.checkLong("state.0.step", Tensor.of(new float[] {1.5f}).reshape()))
        .isEqualTo("state.0.step must hold an integer, got 1.5");
    assertThat(StateTensors.checkBoolean("flag", StateTensors.ofLong(2))).isEqualTo("flag must hold 0 or 1, got 2");
    assertThat(StateTensors.checkDoubles("betas", StateTensors.ofDoubles(new double[3]), 2))
        .isEqualTo("betas must have shape [2], got [3]");
  }
}
