package dev.shinso.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.backend.Backends;
import org.junit.jupiter.api.Test;

class CudaBackendProviderTest {
  @Test
  void foundByServiceLoader() {
    assertThat(Backends.providers()).containsKey("cuda");
    assertThat(Backends.providers().get("cuda")).isInstanceOf(CudaBackendProvider.class);
    assertThat(Backends.providers()).containsKey("cpu");
  }
}
