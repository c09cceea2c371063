package dev.shinso.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.backend.Backends;
import dev.shinso.tensor.Device;
import org.junit.jupiter.api.Test;

class DeviceTest {
  @Test
  void namesParseAsTorchDevicesDo() {
    assertThat(Device.parse("cpu")).isEqualTo(Device.CPU).hasToString("cpu");
    assertThat(Device.parse(" offheap ")).isEqualTo(new Device("offheap", 0)).hasToString("offheap:0");
    assertThat(Device.parse("offheap:0")).isEqualTo(new Device("offheap", 0));
    assertThatThrownBy(() -> Device.parse("cuda-0")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("device: cannot parse 'cuda-0' (expected cpu, cuda or cuda:N)");
    assertThatThrownBy(() -> new Device("cpu", -1)).hasMessageContaining("index must be >= 0");
  }

  /** Asking for a GPU without shinso-cuda is a one-line error, never a silent CPU. */
  @Test
  void aMissingBackendSaysWhichAndHowToGetIt() {
    assertThatThrownBy(Device::cuda).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no backend for device cuda:0 (backends found: cpu, offheap)")
        .hasMessageEndingWith("add shinso-cuda to the class path");
    assertThatThrownBy(() -> Device.parse("cuda:1")).hasMessageStartingWith("no backend for device cuda:1");
    assertThatThrownBy(() -> Device.parse("cpu:1")).hasMessage("no device cpu:1 (the CPU is device cpu:0)");
    assertThatThrownBy(() -> Device.parse("offheap:3")).hasMessage("no device offheap:3");
  }

  @Test
  void backendsAreFoundByServiceLoader() {
    assertThat(Backends.providers()).containsKeys("cpu", "offheap");
    assertThat(Backends.of(Device.CPU).device()).isEqualTo(Device.CPU);
    assertThat(Backends.of(Device.parse("offheap")).device()).hasToString("offheap:0");
  }
}
