package dev.shinso.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.autograd.NoGrad;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Chains of views over strided tensors, checked at every step against the same view of a
 * contiguous copy and against a reference written on plain row-major arrays. The base holds
 * 0, 1, 2, ... so every element names the base element it came from, which also gives the
 * expected gradient of the base.
 */
class ViewPropertyTest {
  private static final int MAX_NUMEL = 4096;

  /** A row-major array with its shape: the reference the views are checked against. */
  record Ref(int[] shape, float[] data) {
    int numel() {
      return data.length;
    }

    /** out[idx] = this[toIn(idx)] for every multi-index of outShape. */
    Ref map(int[] outShape, UnaryOperator<int[]> toIn) {
      float[] out = new float[numelOf(outShape)];
      int[] idx = new int[outShape.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = data[flat(toIn.apply(idx.clone()), shape)];
        for (int d = outShape.length - 1; d >= 0; d--) {
          if (++idx[d] < outShape[d]) break;
          idx[d] = 0;
        }
      }
      return new Ref(outShape, out);
    }
  }

  static int numelOf(int[] shape) {
    int n = 1;
    for (int s : shape) n *= s;
    return n;
  }

  static int flat(int[] idx, int[] shape) {
    int f = 0;
    for (int d = 0; d < shape.length; d++) f = f * shape[d] + idx[d];
    return f;
  }

  /** One step of a chain: an op code and three random parameters, interpreted against the current shape. */
  record Step(int op, int p1, int p2, int p3) {}

  @Provide
  Arbitrary<List<Integer>> shapes() {
    return Arbitraries.integers().between(1, 5).list().ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<Step>> chains() {
    Arbitrary<Integer> p = Arbitraries.integers().between(0, 9999);
    return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 8), p, p, p).as(Step::new)
        .list().ofMinSize(1).ofMaxSize(6);
  }

  /** A view op applied both to a Tensor and to the reference, or null when it does not apply to this shape. */
  interface ViewOp {
    Tensor apply(Tensor t);

    Ref apply(Ref r);

    String describe();
  }

  static ViewOp interpret(Step s, int[] shape) {
    int rank = shape.length;
    switch (s.op()) {
      case 0 -> { // permute
        if (rank == 0) return null;
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) perm[i] = i;
        Random rnd = new Random(s.p1());
        for (int i = rank - 1; i > 0; i--) {
          int j = rnd.nextInt(i + 1);
          int tmp = perm[i];
          perm[i] = perm[j];
          perm[j] = tmp;
        }
        int[] outShape = new int[rank];
        for (int i = 0; i < rank; i++) outShape[i] = shape[perm[i]];
        return op("permute" + Arrays.toString(perm), t -> t.permute(perm), r -> r.map(outShape, idx -> {
          int[] in = new int[rank];
          for (int i = 0; i < rank; i++) in[perm[i]] = idx[i];
          return in;
        }));
      }
      case 1 -> { // transpose, sometimes with negative dims
        if (rank == 0) return null;
        int d0 = s.p1() % rank, d1 = s.p2() % rank;
        int a0 = s.p3() % 2 == 0 ? d0 - rank : d0;
        int[] outShape = shape.clone();
        outShape[d0] = shape[d1];
        outShape[d1] = shape[d0];
        return op("transpose(" + a0 + ", " + d1 + ")", t -> t.transpose(a0, d1), r -> r.map(outShape, idx -> {
          int[] in = idx.clone();
          in[d0] = idx[d1];
          in[d1] = idx[d0];
          return in;
        }));
      }
      case 2 -> { // narrow
        if (rank == 0) return null;
        int d = s.p1() % rank, size = shape[d];
        int start = s.p2() % (size + 1), length = s.p3() % (size - start + 1);
        int[] outShape = shape.clone();
        outShape[d] = length;
        return op("narrow(" + d + ", " + start + ", " + length + ")", t -> t.narrow(d, start, length),
            r -> r.map(outShape, idx -> {
              idx[d] += start;
              return idx;
            }));
      }
      case 3 -> { // slice with a step
        if (rank == 0) return null;
        int d = s.p1() % rank, size = shape[d];
        int start = s.p2() % (size + 1), end = start + s.p3() % (size - start + 1);
        int step = 1 + (s.p1() / 7) % 3;
        int[] outShape = shape.clone();
        outShape[d] = (end - start + step - 1) / step;
        return op("slice(" + d + ", " + start + ", " + end + ", " + step + ")", t -> t.slice(d, start, end, step),
            r -> r.map(outShape, idx -> {
              idx[d] = start + idx[d] * step;
              return idx;
            }));
      }
      case 4 -> { // select, sometimes with a negative index
        if (rank == 0) return null;
        int d = s.p1() % rank, size = shape[d];
        if (size == 0) return null;
        int index = s.p2() % size;
        int arg = s.p3() % 2 == 0 ? index - size : index;
        int[] outShape = new int[rank - 1];
        for (int i = 0, j = 0; i < rank; i++) if (i != d) outShape[j++] = shape[i];
        return op("select(" + d + ", " + arg + ")", t -> t.select(d, arg), r -> r.map(outShape, idx -> {
          int[] in = new int[rank];
          for (int i = 0, j = 0; i < rank; i++) in[i] = i == d ? index : idx[j++];
          return in;
        }));
      }
      case 5 -> { // unsqueeze
        if (rank >= 6) return null;
        int d = s.p1() % (rank + 1);
        int[] outShape = new int[rank + 1];
        for (int i = 0, j = 0; i <= rank; i++) outShape[i] = i == d ? 1 : shape[j++];
        return op("unsqueeze(" + d + ")", t -> t.unsqueeze(d), r -> r.map(outShape, idx -> {
          int[] in = new int[rank];
          for (int i = 0, j = 0; i <= rank; i++) if (i != d) in[j++] = idx[i];
          return in;
        }));
      }
      case 6 -> { // expand size-1 dims, maybe with a new leading dim
        Random rnd = new Random(s.p1());
        int lead = rank < 5 && s.p2() % 2 == 0 ? 1 : 0;
        int[] outShape = new int[rank + lead];
        if (lead == 1) outShape[0] = 1 + rnd.nextInt(3);
        for (int i = 0; i < rank; i++) outShape[i + lead] = shape[i] == 1 ? 1 + rnd.nextInt(3) : shape[i];
        if (numelOf(outShape) > MAX_NUMEL) return null;
        return op("expand" + Arrays.toString(outShape), t -> t.expand(outShape), r -> r.map(outShape, idx -> {
          int[] in = new int[rank];
          for (int i = 0; i < rank; i++) in[i] = shape[i] == 1 ? 0 : idx[i + lead];
          return in;
        }));
      }
      case 7, 8 -> { // reshape: flatten, merge two adjacent dims, or split one; sometimes with -1
        int[] outShape;
        int kind = s.p1() % 3;
        if (kind == 0 || rank == 0) {
          outShape = new int[] {numelOf(shape)};
        } else if (kind == 1 && rank >= 2) {
          int d = s.p2() % (rank - 1);
          outShape = new int[rank - 1];
          for (int i = 0, j = 0; i < rank; i++) {
            if (i == d + 1) continue;
            outShape[j++] = i == d ? shape[d] * shape[d + 1] : shape[i];
          }
        } else {
          if (rank >= 6) return null;
          int d = s.p2() % rank, size = shape[d];
          int f = 1;
          for (int c = 2; c <= size; c++) if (size % c == 0) { f = c; break; }
          outShape = new int[rank + 1];
          for (int i = 0, j = 0; i < rank; i++) {
            if (i == d) {
              outShape[j++] = f;
              outShape[j++] = f == 0 ? 0 : size / f;
            } else {
              outShape[j++] = shape[i];
            }
          }
          if (size == 0) outShape[d + 1] = 0;
        }
        int[] arg = outShape.clone();
        if (s.p3() % 2 == 0 && arg.length > 0 && numelOf(outShape) > 0) arg[s.p3() % arg.length] = -1;
        int[] target = outShape;
        return op("reshape" + Arrays.toString(arg), t -> t.reshape(arg), r -> new Ref(target, r.data()));
      }
      default -> throw new AssertionError(s);
    }
  }

  private static ViewOp op(String name, java.util.function.Function<Tensor, Tensor> onTensor, UnaryOperator<Ref> onRef) {
    return new ViewOp() {
      public Tensor apply(Tensor t) {
        return onTensor.apply(t);
      }

      public Ref apply(Ref r) {
        return onRef.apply(r);
      }

      public String describe() {
        return name;
      }
    };
  }

  private static Tensor base(int[] shape) {
    return Tensor.arange((float) numelOf(shape)).reshape(shape);
  }

  @Property(tries = 200)
  void viewChainsMatchContiguousCopiesAndReference(@ForAll("shapes") List<Integer> shapeList,
      @ForAll("chains") List<Step> chain, @ForAll long gradSeed) {
    int[] shape = shapeList.stream().mapToInt(Integer::intValue).toArray();
    Tensor base = base(shape).requiresGrad(true);
    Ref ref = new Ref(shape, base.toFloatArray());
    Tensor v = base;
    boolean sharesBase = true;
    List<String> applied = new ArrayList<>();
    for (Step step : chain) {
      ViewOp op = interpret(step, v.shapeArray());
      if (op == null) continue;
      applied.add(op.describe());
      String where = "after " + applied + " from " + Arrays.toString(shape);

      Tensor copy = v.contiguous();
      Tensor fromCopy = op.apply(copy);
      Tensor next = op.apply(v);
      ref = op.apply(ref);

      if (op.describe().startsWith("reshape")) {
        boolean viewable;
        try {
          Tensor viewed = v.view(next.shapeArray());
          viewable = true;
          assertThat(viewed.storage()).as(where).isSameAs(v.storage());
          assertThat(viewed.toFloatArray()).as(where).containsExactly(ref.data());
        } catch (IllegalArgumentException e) {
          viewable = false;
          assertThat(e).hasMessageContaining("view");
        }
        if (viewable) {
          assertThat(next.storage()).as("reshape of a viewable tensor is a view " + where).isSameAs(v.storage());
        } else {
          assertThat(next.storage()).as("reshape of a non-viewable tensor copies " + where).isNotSameAs(v.storage());
          sharesBase = false;
        }
      } else if (sharesBase) {
        assertThat(next.storage()).as("views share storage " + where).isSameAs(base.storage());
      }

      assertThat(next.shapeArray()).as(where).containsExactly(ref.shape());
      assertThat(fromCopy.shapeArray()).as(where).containsExactly(ref.shape());
      assertThat(next.numel()).as(where).isEqualTo(ref.numel());
      assertThat(next.toFloatArray()).as(where).containsExactly(ref.data());
      assertThat(fromCopy.toFloatArray()).as(where).containsExactly(ref.data());
      assertThat(next.contiguous().toFloatArray()).as(where).containsExactly(ref.data());
      v = next;
    }

    // Gradient of the base: each element of v came from base element (int) value, so dL/dbase[j] = Σ g[i] over those i.
    if (v == base) return;
    Tensor g = Tensor.randn(new Generator(gradSeed), v.shapeArray());
    v.backward(g);
    double[] expected = new double[base.numel()];
    float[] gv = g.toFloatArray();
    for (int i = 0; i < gv.length; i++) expected[(int) ref.data()[i]] += gv[i];
    float[] actual = base.grad().toFloatArray();
    for (int j = 0; j < expected.length; j++) {
      assertThat((double) actual[j]).as("grad %d after %s from %s", j, applied, Arrays.toString(shape))
          .isCloseTo(expected[j], org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(expected[j]))));
    }
  }

  @Test
  void reshapeOfNonViewableTensorCopiesWhileViewThrows() {
    Tensor x = Tensor.arange(6).reshape(2, 3).t(); // [3, 2] with strides [1, 3]
    assertThat(x.isContiguous()).isFalse();
    Tensor r = x.reshape(6);
    assertThat(r.toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
    assertThat(r.storage()).isNotSameAs(x.storage());
    assertThatThrownBy(() -> x.view(6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("view")
        .hasMessageContaining("[3, 2]")
        .hasMessageContaining("[6]");
    // A split of the unit-stride dim is still a view.
    Tensor y = Tensor.arange(12).reshape(3, 4).t(); // [4, 3] strides [1, 4]
    Tensor split = y.view(2, 2, 3);
    assertThat(split.storage()).isSameAs(y.storage());
    assertThat(split.toFloatArray()).containsExactly(y.contiguous().toFloatArray());
  }

  @Test
  void writingThroughANarrowViewChangesTheBase() {
    Tensor base = Tensor.zeros(3, 4).requiresGrad(true);
    Tensor window = base.narrow(1, 1, 2);
    assertThat(window.storage()).isSameAs(base.storage());
    try (NoGrad g = NoGrad.enter()) {
      window.copy_(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
    }
    assertThat(base.toFloatArray()).containsExactly(0, 1, 2, 0, 0, 3, 4, 0, 0, 5, 6, 0);
    // and through a strided slice with broadcasting of the source
    Tensor col = base.slice(1, 0, 4, 3); // columns 0 and 3
    try (NoGrad g = NoGrad.enter()) {
      col.copy_(Tensor.of(new float[] {-1, -2}));
    }
    assertThat(base.toFloatArray()).containsExactly(-1, 1, 2, -2, -1, 3, 4, -2, -1, 5, 6, -2);
  }

  @Test
  void expandedViewsHaveZeroStrides() {
    Tensor x = Tensor.of(new float[] {1, 2, 3}, 3, 1);
    Tensor e = x.expand(2, 3, 4);
    assertThat(e.stridesArray()).containsExactly(0, 1, 0);
    assertThat(e.storage()).isSameAs(x.storage());
    assertThat(e.expand(-1, -1, 4).shapeArray()).containsExactly(2, 3, 4);
  }
}
