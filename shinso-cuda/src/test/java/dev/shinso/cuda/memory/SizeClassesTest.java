package dev.shinso.cuda.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizeClassesTest {
  @Test
  void smallSizesRoundUpTo512Bytes() {
    assertThat(SizeClasses.round(0)).isEqualTo(512);
    assertThat(SizeClasses.round(1)).isEqualTo(512);
    assertThat(SizeClasses.round(512)).isEqualTo(512);
    assertThat(SizeClasses.round(513)).isEqualTo(1024);
    assertThat(SizeClasses.round((1 << 20) - 1)).isEqualTo(1 << 20);
  }

  @Test
  void largeSizesRoundToFourStepsPerPowerOfTwo() {
    long mib = 1 << 20;
    assertThat(SizeClasses.round(mib)).isEqualTo(mib);
    assertThat(SizeClasses.round(mib + 1)).isEqualTo(mib + mib / 4);
    assertThat(SizeClasses.round(3 * mib)).isEqualTo(3 * mib);
    assertThat(SizeClasses.round(3 * mib + 1)).isEqualTo(3 * mib + mib / 2);
    assertThat(SizeClasses.round(4L << 30)).isEqualTo(4L << 30);
  }

  @Test
  void neverSmallerAndWastesAtMostAQuarter() {
    for (long bytes = 1; bytes < (1L << 34); bytes = bytes * 3 / 2 + 7) {
      long r = SizeClasses.round(bytes);
      assertThat(r).isGreaterThanOrEqualTo(bytes);
      if (bytes >= SizeClasses.LARGE) assertThat(r - bytes).isLessThanOrEqualTo(bytes / 4);
      assertThat(SizeClasses.round(r)).as("a rounded size is its own class").isEqualTo(r);
    }
  }

  @Test
  void negativeSizesAreABug() {
    assertThatThrownBy(() -> SizeClasses.round(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
