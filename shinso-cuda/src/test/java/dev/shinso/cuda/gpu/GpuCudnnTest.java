package dev.shinso.cuda.gpu;

import static dev.shinso.cuda.GpuAvailable.assumeGpu;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.cuda.driver.Cudnn;
import org.junit.jupiter.api.Test;

/**
 * On the GPU machine cuDNN 9 is a package of its Python (GPU.md): the run-time lookup must find and
 * load it there without help. Skipped without a GPU.
 */
class GpuCudnnTest {
  @Test
  void cudnn9IsFoundAndLoadsOnTheGpuMachine() {
    assumeGpu();
    assertThat(Cudnn.unavailableReason()).as("cuDNN lookup").isNull();
    Cudnn c = Cudnn.get().orElseThrow();
    assertThat(c.version()).startsWith("9.");
    System.out.println(c);
  }
}
