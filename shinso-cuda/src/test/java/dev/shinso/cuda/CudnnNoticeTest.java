package dev.shinso.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Without cuDNN the backend says so once, in one line; with it, nothing. */
class CudnnNoticeTest {
  @Test
  void saysTheReasonOnceInOneLine() {
    List<String> lines = new ArrayList<>();
    AtomicBoolean said = new AtomicBoolean();
    for (int i = 0; i < 3; i++) CudnnNotice.sayIfMissing(() -> "libcudnn.so.9 not found in 9 folders", lines::add, said);
    assertThat(lines).containsExactly("shinso-cuda: warning: no cuDNN (libcudnn.so.9 not found in 9 folders); "
        + "convolutions run on shinso's own CUDA kernels, more slowly");
    assertThat(lines.getFirst()).doesNotContain("\n");
  }

  @Test
  void saysNothingWhereCudnnIsThere() {
    List<String> lines = new ArrayList<>();
    assertThat(CudnnNotice.sayIfMissing(() -> null, lines::add, new AtomicBoolean())).isFalse();
    assertThat(lines).isEmpty();
  }
}
