package dev.shinso.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.Shinso;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ops run where their inputs live and refuse a mix, naming the op and every device (CPU default device here). */
class MixedDevicesTest {
  static final Device OFFHEAP = Device.parse("offheap");

  @Test
  void factoriesTakeADeviceAndLikesFollowTheirInput() {
    assertThat(Shinso.defaultDevice()).isIn(Device.CPU, OFFHEAP);  // the CPU, or offheap in the off-heap run
    Tensor x = Tensor.of(OFFHEAP, new float[] {1, 2, 3, 4}, 2, 2);
    assertThat(x.device()).isEqualTo(OFFHEAP);
    assertThat(Tensor.zerosLike(x).device()).isEqualTo(OFFHEAP);
    assertThat(Tensor.onesLike(x).toFloatArray()).containsExactly(1, 1, 1, 1);
    assertThat(Tensor.fullLike(x, 7).toFloatArray()).containsExactly(7, 7, 7, 7);
    assertThat(Tensor.empty(OFFHEAP, DType.INT64, 3).toLongArray()).containsExactly(0, 0, 0);
    assertThat(Tensor.randn(OFFHEAP, null, 5).device()).isEqualTo(OFFHEAP);
    assertThat(Tensor.arange(OFFHEAP, 0, 3, 1).toFloatArray()).containsExactly(0, 1, 2);
    assertThat(Tensor.eye(OFFHEAP, 2).toFloatArray()).containsExactly(1, 0, 0, 1);
    assertThat(Tensor.scalar(OFFHEAP, 2f).dim()).isZero();
  }

  @Test
  void aMixIsAnErrorNamingOpShapesAndDevices() {
    Tensor cpu = Tensor.zeros(Device.CPU, 2, 3), off = Tensor.zeros(OFFHEAP, 2, 3);
    assertThatThrownBy(() -> cpu.add(off)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("add: expected all tensors on one device, got [2, 3] on cpu, [2, 3] on offheap:0");
    assertThatThrownBy(() -> cpu.matmul(off.t())).hasMessageStartingWith("matmul: expected all tensors on one device");
    assertThatThrownBy(() -> Tensor.cat(List.of(cpu, off), 0)).hasMessageStartingWith("cat: expected all tensors");
    assertThatThrownBy(() -> off.indexSelect(0, Tensor.ofLongs(Device.CPU, new long[] {0, 1})))
        .hasMessageStartingWith("indexSelect: expected all tensors on one device");
    assertThatThrownBy(() -> Tensor.where(cpu.gt(0), off, off)).hasMessageStartingWith("where: expected all tensors");
    assertThatThrownBy(() -> off.add_(cpu)).hasMessageStartingWith("add_: expected all tensors");
  }

  /** As in PyTorch, a 0-d CPU tensor is a scalar any device takes, and its gradient goes back to the CPU. */
  @Test
  void zeroDimensionalCpuScalarsMix() {
    Tensor x = Tensor.of(OFFHEAP, new float[] {1, 2, 3}).requiresGrad(true);
    Tensor s = Tensor.scalar(Device.CPU, 2f).requiresGrad(true);
    Tensor y = x.mul(s);
    assertThat(y.device()).isEqualTo(OFFHEAP);
    assertThat(y.toFloatArray()).containsExactly(2, 4, 6);
    y.sum().backward();
    assertThat(s.grad().device()).isEqualTo(Device.CPU);
    assertThat(s.grad().item()).isEqualTo(6f);
    assertThat(x.grad().device()).isEqualTo(OFFHEAP);
    assertThat(x.grad().toFloatArray()).containsExactly(2, 2, 2);
    assertThat(Tensor.of(OFFHEAP, new float[] {1, 2}).add_(Tensor.scalar(Device.CPU, 1f)).toFloatArray())
        .containsExactly(2, 3);
  }

  @Test
  void toMovesDataAndTheGradientComesBack() {
    Tensor a = Tensor.of(Device.CPU, new float[] {1, -2, 3}).requiresGrad(true);
    Tensor b = a.to(OFFHEAP);
    assertThat(b.device()).isEqualTo(OFFHEAP);
    assertThat(b.to(OFFHEAP)).isSameAs(b);
    b.mul(b).sum().backward();
    assertThat(a.grad().device()).isEqualTo(Device.CPU);
    assertThat(a.grad().toFloatArray()).containsExactly(2, -4, 6);
    Tensor longs = Tensor.ofLongs(Device.CPU, new long[] {5, 7}).to(OFFHEAP);
    assertThat(longs.dtype()).isEqualTo(DType.INT64);
    assertThat(longs.toLongArray()).containsExactly(5, 7);
    // copy_ takes a source from any device
    Tensor dst = Tensor.zeros(OFFHEAP, 3);
    dst.copy_(Tensor.of(Device.CPU, new float[] {4, 5, 6}));
    assertThat(dst.toFloatArray()).containsExactly(4, 5, 6);
  }
}
