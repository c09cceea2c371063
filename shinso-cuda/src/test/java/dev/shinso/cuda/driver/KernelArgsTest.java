package dev.shinso.cuda.driver;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.cuda.driver.Kernel.Param;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class KernelArgsTest {
  @Test
  void eachValueAtItsAlignmentWithAPointerToIt() {
    KernelArgs a = new KernelArgs().i32(7).i64(-3).f32(1.5f).f64(0.25).ptr(0xdead_beef_0000L).dims(new int[] {2, 3})
        .i32(9).view(5, new int[] {3, 1});
    assertThat(a.kinds()).containsExactly(Param.I32, Param.I64, Param.F32, Param.F64, Param.PTR, Param.DIMS,
        Param.I32, Param.VIEW);
    long base = a.pointers().getAtIndex(ADDRESS, 0).address();
    long[] expectedOffsets = {0, 8, 16, 24, 32, 40, 76, 80};
    for (int i = 0; i < expectedOffsets.length; i++) {
      assertThat(a.pointers().getAtIndex(ADDRESS, i).address() - base).as("argument %d", i)
          .isEqualTo(expectedOffsets[i]);
    }
    assertThat(a.value(0).get(JAVA_INT, 0)).isEqualTo(7);
    assertThat(a.value(1).get(JAVA_LONG, 0)).isEqualTo(-3);
    assertThat(a.value(2).get(JAVA_FLOAT, 0)).isEqualTo(1.5f);
    assertThat(a.value(3).get(JAVA_DOUBLE, 0)).isEqualTo(0.25);
    assertThat(a.value(4).get(JAVA_LONG, 0)).isEqualTo(0xdead_beef_0000L);
    assertThat(ints(a.value(5))).containsExactly(2, 2, 3, 0, 0, 0, 0, 0, 0);
    assertThat(a.value(6).get(JAVA_INT, 0)).isEqualTo(9);
    assertThat(ints(a.value(7))).containsExactly(5, 3, 1, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void clearingStartsOverWithZeroedStructs() {
    KernelArgs a = new KernelArgs().dims(new int[] {1, 2, 3, 4, 5, 6, 7, 8});
    a.clear().dims(new int[] {9});
    assertThat(a.kinds()).containsExactly(Param.DIMS);
    assertThat(ints(a.value(0))).containsExactly(1, 9, 0, 0, 0, 0, 0, 0, 0);
    assertThat(KernelArgs.start()).isSameAs(KernelArgs.start());
    assertThat(KernelArgs.start().kinds()).isEmpty();
  }

  @Test
  void ranksBeyondTheKernelsLimitAreRefused() {
    assertThatThrownBy(() -> new KernelArgs().dims(new int[9])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rank 9");
    assertThatThrownBy(() -> new KernelArgs().view(0, new int[0])).hasMessageContaining("rank 0");
  }

  private static int[] ints(MemorySegment s) {
    return s.toArray(JAVA_INT);
  }
}
