package dev.shinso.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TensorDatasetTest {
  /** 5 samples of shape [2, 3] holding 0..29, labels 10..14. */
  private static TensorDataset fiveSamples() {
    return new TensorDataset(Tensor.arange(30).reshape(5, 2, 3), Tensor.ofLongs(new long[] {10, 11, 12, 13, 14}));
  }

  @Test
  void getReturnsTheRowsOfBothTensors() {
    Sample s = fiveSamples().get(3);
    assertThat(s.input().shapeArray()).containsExactly(2, 3);
    assertThat(s.input().toFloatArray()).containsExactly(18, 19, 20, 21, 22, 23);
    assertThat(s.target().dim()).isZero();
    assertThat(s.target().itemLong()).isEqualTo(13);
  }

  @Test
  void getBatchGathersRowsInTheGivenOrder() {
    Batch b = fiveSamples().getBatch(new int[] {4, 0, 4});
    assertThat(b.size()).isEqualTo(3);
    assertThat(b.inputs().shapeArray()).containsExactly(3, 2, 3);
    assertThat(b.inputs().toFloatArray()).containsExactly(24, 25, 26, 27, 28, 29, 0, 1, 2, 3, 4, 5, 24, 25, 26, 27, 28, 29);
    assertThat(b.targets().dtype()).isEqualTo(DType.INT64);
    assertThat(b.targets().toLongArray()).containsExactly(14, 10, 14);
  }

  @Test
  void fastBatchEqualsTheDefaultThatStacksSamples() {
    TensorDataset fast = fiveSamples();
    Dataset slow = new Dataset() { // only get(): uses Dataset's default getBatch
      public int size() {
        return fast.size();
      }

      public Sample get(int index) {
        return fast.get(index);
      }
    };
    int[] idx = {2, 1, 4};
    Batch a = fast.getBatch(idx), b = slow.getBatch(idx);
    assertThat(b.inputs().shapeArray()).containsExactly(a.inputs().shapeArray());
    assertThat(b.inputs().toFloatArray()).containsExactly(a.inputs().toFloatArray());
    assertThat(b.targets().toLongArray()).containsExactly(a.targets().toLongArray());
  }

  @Test
  void batchDoesNotRecordAGraphEvenForTensorsThatRequireGrad() {
    TensorDataset d = new TensorDataset(Tensor.ones(4, 2).requiresGrad(true), Tensor.zeros(4));
    assertThat(d.getBatch(new int[] {1, 2}).inputs().requiresGrad()).isFalse();
  }

  /** Inputs on a device and labels on the CPU (or the reverse): each is indexed where it lives. */
  @Test
  void inputsAndTargetsMayLiveOnDifferentDevices() {
    dev.shinso.tensor.Device offheap = dev.shinso.tensor.Device.parse("offheap");
    TensorDataset d = new TensorDataset(Tensor.arange(dev.shinso.tensor.Device.CPU, 0f, 10f, 1f).reshape(5, 2).to(offheap),
        Tensor.ofLongs(dev.shinso.tensor.Device.CPU, new long[] {0, 1, 2, 3, 4}));
    Batch b = d.getBatch(new int[] {3, 1});
    assertThat(b.inputs().device()).isEqualTo(offheap);
    assertThat(b.inputs().toFloatArray()).containsExactly(6, 7, 2, 3);
    assertThat(b.targets().device()).isEqualTo(dev.shinso.tensor.Device.CPU);
    assertThat(b.targets().toLongArray()).containsExactly(3, 1);
  }

  @Test
  void errorsNameTheShapesAndIndices() {
    assertThatThrownBy(() -> new TensorDataset(Tensor.zeros(5, 2), Tensor.zeros(4)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[5, 2]").hasMessageContaining("[4]");
    assertThatThrownBy(() -> fiveSamples().get(5)).hasMessageContaining("index 5").hasMessageContaining("5 samples");
    assertThatThrownBy(() -> fiveSamples().getBatch(new int[] {0, -1})).hasMessageContaining("index -1");
    assertThatThrownBy(() -> fiveSamples().getBatch(new int[0])).isInstanceOf(IllegalArgumentException.class);
  }
}
