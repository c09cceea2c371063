package dev.shinso.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Merged dims address exactly the elements the views do, in row-major order, as the kernels' offsets() reads them. */
class LayoutTest {
  @Test
  void aContiguousTensorIsOneDim() {
    Tensor x = Tensor.zeros(Device.CPU, 2, 3, 4);
    Layout l = Layout.of("t", x.shapeArray(), x, x);
    assertThat(l.sizes()).containsExactly(24);
    assertThat(l.strides()[0]).containsExactly(1);
  }

  @Test
  void scalarsAndSizeOneDimsAreOneElement() {
    Tensor s = Tensor.zeros(Device.CPU);
    Layout l = Layout.of("t", new int[0], s);
    assertThat(l.sizes()).containsExactly(1);
    assertThat(l.numel()).isEqualTo(1);
    Tensor ones = Tensor.zeros(Device.CPU, 1, 1, 1);
    assertThat(Layout.of("t", ones.shapeArray(), ones).sizes()).containsExactly(1);
  }

  @Test
  void aTransposeKeepsTwoDimsAndABroadcastGetsStrideZero() {
    Tensor x = Tensor.zeros(Device.CPU, 3, 4).t();
    Tensor row = Tensor.zeros(Device.CPU, 1, 3).expand(4, 3);
    Layout l = Layout.of("t", new int[] {4, 3}, x, row);
    assertThat(l.sizes()).containsExactly(4, 3);
    assertThat(l.strides()[0]).containsExactly(1, 4);
    assertThat(l.strides()[1]).containsExactly(0, 1);
  }

  @Test
  void randomViewsAddressTheSameElements() {
    Random r = new Random(42);
    for (int trial = 0; trial < 300; trial++) {
      int rank = r.nextInt(6);
      int[] shape = new int[rank];
      for (int d = 0; d < rank; d++) shape[d] = 1 + r.nextInt(4);
      Tensor a = view(r, shape), b = view(r, shape);
      Layout l = Layout.of("t", shape, a, b);
      assertThat(l.numel()).isEqualTo(a.numel());
      int[] pos = new int[rank];
      for (int i = 0; i < a.numel(); i++) {
        assertThat(kernelOffset(l, 0, i)).isEqualTo(offset(a, pos));
        assertThat(kernelOffset(l, 1, i)).isEqualTo(offset(b, pos));
        increment(pos, shape);
      }
    }
  }

  @Test
  void moreThanEightUnmergeableDimsAreRefusedByName() {
    int[] shape = {2, 2, 2, 2, 2, 2, 2, 2, 2};
    int[] strides = {6561, 2187, 729, 243, 81, 27, 9, 3, 1};  // outer = 3 × inner, never 2 ×: no two dims merge
    assertThatThrownBy(() -> Layout.of("add", shape, new int[][] {strides}, new int[] {0}))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cuda add").hasMessageContaining("9 dims");
  }

  /** What offsets() in common.cuh computes for element i of operand o. */
  private static int kernelOffset(Layout l, int o, int i) {
    int off = l.offsets()[o];
    for (int k = l.sizes().length - 1; k >= 0; k--) {
      off += (i % l.sizes()[k]) * l.strides()[o][k];
      i /= l.sizes()[k];
    }
    return off;
  }

  /** A view of the given shape made by permuting, slicing or broadcasting a bigger tensor. */
  private static Tensor view(Random r, int[] shape) {
    int rank = shape.length;
    int[] perm = new int[rank];
    for (int d = 0; d < rank; d++) perm[d] = d;
    for (int d = rank - 1; d > 0; d--) {
      int j = r.nextInt(d + 1), t = perm[d];
      perm[d] = perm[j];
      perm[j] = t;
    }
    int[] base = new int[rank];
    for (int d = 0; d < rank; d++) base[perm[d]] = shape[d] + r.nextInt(2);
    Tensor t = Tensor.zeros(Device.CPU, base);
    for (int d = 0; d < rank; d++) t = t.narrow(perm[d], base[perm[d]] - shape[d], shape[d]);  // start 0 or 1
    t = t.permute(perm);
    if (rank > 0 && r.nextInt(3) == 0) {
      int d = r.nextInt(rank);
      t = t.narrow(d, 0, 1).expand(shape);
    }
    return t;
  }

  private static int offset(Tensor t, int[] pos) {
    int off = t.offset();
    for (int d = 0; d < pos.length; d++) off += pos[d] * t.stride(d);
    return off;
  }

  private static void increment(int[] pos, int[] shape) {
    for (int d = shape.length - 1; d >= 0; d--) {
      if (++pos[d] < shape[d]) return;
      pos[d] = 0;
    }
  }
}
