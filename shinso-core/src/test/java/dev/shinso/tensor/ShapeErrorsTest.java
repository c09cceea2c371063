package dev.shinso.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every shape error names the op and every shape involved, and is thrown at the user's call. */
class ShapeErrorsTest {
  private static AbstractThrowableAssert<?, ? extends Throwable> fails(ThrowingCallable call, String op, String... shapes) {
    var a = assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(op + ":");
    for (String s : shapes) a.hasMessageContaining(s);
    return a;
  }

  @Test
  void matmulInnerDimensionMismatch() {
    Tensor a = Tensor.zeros(64, 784), b = Tensor.zeros(256, 10);
    assertThatThrownBy(() -> a.matmul(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matmul: [64, 784] @ [256, 10]: inner dimensions 784 and 256 differ");
    fails(() -> Tensor.zeros(3).matmul(Tensor.zeros(4)), "matmul", "[3]", "[4]");
    fails(() -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4)), "matmul", "[2, 3]", "[4]");
  }

  @Test
  void matmulBatchMismatch() {
    fails(() -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(5, 4, 6)), "matmul", "[2, 3, 4]", "[5, 4, 6]", "batch");
  }

  @Test
  void matmulOfScalarsAndInts() {
    fails(() -> Tensor.zeros().matmul(Tensor.zeros(3)), "matmul", "[]", "[3]");
    fails(() -> Tensor.ofLongs(new long[] {1, 2}).matmul(Tensor.zeros(2)), "matmul", "[2]", "int64");
  }

  @Test
  void broadcastingFailures() {
    Tensor a = Tensor.zeros(2, 3), b = Tensor.zeros(4);
    fails(() -> a.add(b), "add", "[2, 3]", "[4]");
    fails(() -> a.mul(b), "mul", "[2, 3]", "[4]");
    fails(() -> a.div(b), "div", "[2, 3]", "[4]");
    fails(() -> a.lt(b), "lt", "[2, 3]", "[4]");
    fails(() -> Tensor.where(Tensor.ones(2, 1), Tensor.zeros(3), Tensor.zeros(4)), "where", "[2, 1]", "[3]", "[4]");
    fails(() -> Tensor.where(Tensor.ones(5), Tensor.zeros(3), Tensor.zeros(3)), "where", "[5]", "[3]");
    fails(() -> a.maskedFill(Tensor.ones(2, 1, 3), 0f), "maskedFill", "[2, 3]", "[2, 1, 3]");
  }

  @Test
  void inPlaceBroadcastFailures() {
    Tensor a = Tensor.zeros(2, 3);
    fails(() -> a.add_(Tensor.ones(2, 2, 3)), "add_", "[2, 3]", "[2, 2, 3]");
    fails(() -> a.copy_(Tensor.ones(4)), "copy_", "[2, 3]", "[4]");
  }

  @Test
  void reshapeAndViewWithWrongNumel() {
    Tensor x = Tensor.zeros(2, 3);
    fails(() -> x.reshape(4, 2), "reshape", "[2, 3]", "[4, 2]");
    fails(() -> x.view(7), "view", "[2, 3]", "[7]");
    fails(() -> x.reshape(-1, 4), "reshape", "[2, 3]", "[-1, 4]");
    fails(() -> x.reshape(-1, -1), "reshape", "[-1, -1]");
  }

  @Test
  void viewOnNonViewableStrides() {
    Tensor x = Tensor.zeros(4, 5).t();
    fails(() -> x.view(20), "view", "[5, 4]", "[1, 5]", "[20]");
  }

  @Test
  void expandOfANonOneDim() {
    fails(() -> Tensor.zeros(2, 3).expand(4, 3), "expand", "[2, 3]", "[4, 3]");
    fails(() -> Tensor.zeros(2, 3).expand(3), "expand", "[2, 3]", "[3]");
  }

  @Test
  void permuteWithWrongDims() {
    Tensor x = Tensor.zeros(2, 3);
    fails(() -> x.permute(0), "permute", "[0]", "[2, 3]");
    fails(() -> x.permute(0, 0), "permute", "[0, 0]", "[2, 3]");
    fails(() -> x.permute(0, 2), "permute", "[2, 3]");
  }

  @Test
  void narrowAndSelectOutOfRange() {
    Tensor x = Tensor.zeros(2, 3);
    fails(() -> x.narrow(1, 2, 2), "narrow", "[2, 3]");
    fails(() -> x.narrow(0, -3, 1), "narrow", "[2, 3]");
    fails(() -> x.select(1, 3), "select", "[2, 3]");
    fails(() -> x.select(0, -3), "select", "[2, 3]");
  }

  @Test
  void dimOutOfRange() {
    Tensor x = Tensor.zeros(2, 3);
    fails(() -> x.sum(2), "sum", "[2, 3]", "2");
    fails(() -> x.sum(new int[] {0, 0}, false), "sum", "[0, 0]");
    fails(() -> x.mean(-3), "mean", "[2, 3]", "-3");
    fails(() -> x.softmax(2), "softmax", "[2, 3]", "2");
    fails(() -> x.logSoftmax(-3), "logSoftmax", "[2, 3]", "-3");
    fails(() -> x.unsqueeze(4), "unsqueeze", "[2, 3]", "4");
    fails(() -> x.transpose(0, 2), "transpose", "[2, 3]", "2");
    fails(() -> x.argmax(2, false), "argmax", "[2, 3]", "2");
  }

  @Test
  void catWithMismatchedShapes() {
    fails(() -> Tensor.cat(List.of(Tensor.zeros(2, 3), Tensor.zeros(2, 4)), 0), "cat", "[2, 3]", "[2, 4]");
    fails(() -> Tensor.cat(List.of(Tensor.zeros(2, 3), Tensor.zeros(3)), 0), "cat", "[2, 3]", "[3]");
    fails(() -> Tensor.cat(List.of(Tensor.zeros(2), Tensor.ofLongs(new long[] {1})), 0), "cat", "[2]", "[1]", "int64");
    fails(() -> Tensor.cat(List.of(), 0), "cat");
  }

  @Test
  void stackWithDifferentShapes() {
    fails(() -> Tensor.stack(List.of(Tensor.zeros(2, 3), Tensor.zeros(3, 2)), 0), "stack", "[2, 3]", "[3, 2]");
  }

  @Test
  void gatherAndScatterAddIndexShape() {
    Tensor x = Tensor.zeros(2, 3);
    fails(() -> x.gather(1, Tensor.ofLongs(new long[] {0, 1, 2}, 3, 1)), "gather", "[3, 1]", "[2, 3]");
    fails(() -> x.gather(1, Tensor.ofLongs(new long[] {0, 1}, 2)), "gather", "[2]", "[2, 3]");
    fails(() -> x.scatterAdd(1, Tensor.ofLongs(new long[] {0, 1, 2}, 3, 1), Tensor.ones(3, 1)),
        "scatterAdd", "[3, 1]", "[2, 3]");
    fails(() -> x.scatterAdd(1, Tensor.ofLongs(new long[] {0, 1}, 2, 1), Tensor.ones(1, 1)),
        "scatterAdd", "[2, 1]", "[1, 1]");
  }

  @Test
  void indexDtype() {
    Tensor x = Tensor.zeros(2, 3);
    fails(() -> x.gather(1, Tensor.zeros(2, 1)), "gather", "float32", "[2, 1]", "[2, 3]");
    fails(() -> x.scatterAdd(1, Tensor.zeros(2, 1), Tensor.ones(2, 1)), "scatterAdd", "float32", "[2, 1]", "[2, 3]");
    fails(() -> x.indexSelect(0, Tensor.of(new float[] {0, 1})), "indexSelect", "float32", "[2]", "[2, 3]");
    fails(() -> x.indexSelect(0, Tensor.ofLongs(new long[] {0, 1}, 1, 2)), "indexSelect", "[1, 2]");
  }

  @Test
  void outOfRangeIndexValues() {
    Tensor x = Tensor.zeros(2, 3);
    assertThatThrownBy(() -> x.indexSelect(0, Tensor.ofLongs(new long[] {0, 2})))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageStartingWith("indexSelect:").hasMessageContaining("index 2").hasMessageContaining("[2, 3]");
    assertThatThrownBy(() -> x.gather(1, Tensor.ofLongs(new long[] {0, 3}, 2, 1)))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageStartingWith("gather:").hasMessageContaining("index 3").hasMessageContaining("[2, 3]");
    assertThatThrownBy(() -> x.scatterAdd(0, Tensor.ofLongs(new long[] {-3}, 1, 1), Tensor.ones(1, 1)))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageStartingWith("scatterAdd:").hasMessageContaining("index -3").hasMessageContaining("[2, 3]");
    // negative indices within range count from the end
    assertThat(x.add(Tensor.arange(3)).indexSelect(1, Tensor.ofLongs(new long[] {-1})).toFloatArray())
        .containsExactly(2, 2);
  }

  @Test
  void ofWithTheWrongNumberOfValues() {
    fails(() -> Tensor.of(new float[] {1, 2, 3, 4, 5}, 2, 3), "of", "[2, 3]", "5");
    fails(() -> Tensor.ofLongs(new long[] {1, 2}, 3), "of", "[3]", "2");
    fails(() -> Tensor.of(new float[][] {{1, 2}, {3}}), "of", "row 1");
  }

  @Test
  void itemOnNonScalar() {
    assertThatThrownBy(() -> Tensor.zeros(2).item())
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("item:").hasMessageContaining("[2]");
    assertThatThrownBy(() -> Tensor.zeros(0).item())
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("item:").hasMessageContaining("[0]");
    assertThat(Tensor.full(7f, 1, 1).item()).isEqualTo(7f);
  }

  @Test
  void requiresGradOnInt64() {
    fails(() -> Tensor.ofLongs(new long[] {1, 2}, 2).requiresGrad(true), "requiresGrad", "int64", "[2]");
  }

  @Test
  void getWithWrongNumberOfIndices() {
    fails(() -> Tensor.zeros(2, 3).get(1), "get", "[2, 3]");
  }
}
