package dev.shinso.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shinso.cuda.driver.Driver;
import dev.shinso.cuda.driver.NativeLibraries;
import dev.shinso.tensor.Device;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On a machine without the NVIDIA driver (this one, CI): asking for cuda is one line saying so, never the CPU. */
class NoDriverTest {
  @BeforeEach
  void onlyWithoutDriver() {
    assumeTrue(NativeLibraries.driver().isEmpty(), "the NVIDIA driver is installed here");
  }

  @Test
  void deviceParseFailsWithTheReason() {
    assertThatThrownBy(() -> Device.parse("cuda")).isInstanceOf(IllegalStateException.class)
        .hasMessage("libcuda.so.1 not found (install the NVIDIA driver)");
    assertThatThrownBy(() -> Device.parse("cuda:1")).hasMessage(Driver.NOT_FOUND);
    assertThatThrownBy(Device::cuda).hasMessage(Driver.NOT_FOUND);
  }

  @Test
  void theProviderFailsWithTheSameLine() {
    assertThatThrownBy(() -> new CudaBackendProvider().open(0)).isInstanceOf(IllegalStateException.class)
        .hasMessage(Driver.NOT_FOUND);
  }

  @Test
  void devicesListTheReasonInsteadOfDevices() {
    CudaDevices.Listing l = CudaDevices.list();
    assertThat(l.devices()).isEmpty();
    assertThat(l.problem()).isEqualTo(Driver.NOT_FOUND);
    assertThat(l).hasToString("no CUDA devices: " + Driver.NOT_FOUND);
  }

  @Test
  void gpuTestsSayWhyTheyAreSkipped() {
    assertThat(GpuAvailable.present()).isFalse();
    assertThatThrownBy(GpuAvailable::assumeGpu)
        .hasMessageContaining("GPU test skipped: no CUDA driver (libcuda.so.1 not found)");
  }
}
