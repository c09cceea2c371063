package dev.shinso.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The values part must read exactly as PyTorch 2.x prints the same tensor (default print options);
 * each expected string below is PyTorch's output for the tensor named in the comment, followed by
 * our shape/dtype suffix.
 */
class TensorFormatTest {
  private static final String F32 = ", dtype=float32)";

  private static Tensor of(float... v) {
    return Tensor.of(v);
  }

  @Test
  void wholeNumbers() {
    // torch.tensor([[1., 2.], [3., 4.]])
    assertThat(Tensor.of(new float[][] {{1, 2}, {3, 4}}).toString())
        .isEqualTo("tensor([[1., 2.],\n        [3., 4.]], shape=[2, 2]" + F32);
    // torch.tensor([0., 0.])
    assertThat(of(0, 0).toString()).isEqualTo("tensor([0., 0.], shape=[2]" + F32);
  }

  @Test
  void decimalsHaveFourPlacesAndAlign() {
    // torch.tensor([[0.1, -1.5], [12.25, 3.]])
    assertThat(Tensor.of(new float[][] {{0.1f, -1.5f}, {12.25f, 3f}}).toString())
        .isEqualTo("tensor([[ 0.1000, -1.5000],\n        [12.2500,  3.0000]], shape=[2, 2]" + F32);
    // torch.tensor([0.03125, 1.]): an exact tie rounds to even, as Python's format does
    assertThat(of(0.03125f, 1f).toString()).isEqualTo("tensor([0.0312, 1.0000], shape=[2]" + F32);
  }

  @Test
  void negativeNumbersAlign() {
    // torch.tensor([-1., 10., -100.])
    assertThat(of(-1, 10, -100).toString()).isEqualTo("tensor([  -1.,   10., -100.], shape=[3]" + F32);
    // torch.tensor([-1.5, 2.25])
    assertThat(of(-1.5f, 2.25f).toString()).isEqualTo("tensor([-1.5000,  2.2500], shape=[2]" + F32);
  }

  @Test
  void int64() {
    // torch.tensor([1, -20, 300])
    assertThat(Tensor.ofLongs(new long[] {1, -20, 300}).toString())
        .isEqualTo("tensor([  1, -20, 300], shape=[3], dtype=int64)");
    assertThat(Tensor.ofLongs(new long[] {Long.MIN_VALUE, 0}).toString())
        .isEqualTo("tensor([-9223372036854775808, " + " ".repeat(19) + "0], shape=[2], dtype=int64)");
  }

  @Test
  void zeroDimensional() {
    // torch.tensor(3.5), torch.tensor(2.), torch.tensor(7)
    assertThat(Tensor.zeros().add(3.5f).toString()).isEqualTo("tensor(3.5000, shape=[]" + F32);
    assertThat(Tensor.zeros().add(2f).toString()).isEqualTo("tensor(2., shape=[]" + F32);
    assertThat(Tensor.ofLongs(new long[] {7}).reshape().toString()).isEqualTo("tensor(7, shape=[], dtype=int64)");
  }

  @Test
  void empty() {
    // torch.zeros(0), torch.zeros(0, 3)
    assertThat(Tensor.zeros(0).toString()).isEqualTo("tensor([], shape=[0]" + F32);
    assertThat(Tensor.zeros(0, 3).toString()).isEqualTo("tensor([], shape=[0, 3]" + F32);
  }

  @Test
  void longRowsWrapAtEightyColumns() {
    // torch.arange(30.)
    assertThat(Tensor.arange(30f).toString()).isEqualTo(
        "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n"
            + "        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n"
            + "        28., 29.], shape=[30]" + F32);
  }

  @Test
  void summarisedVector() {
    // torch.arange(2000.): whole numbers over a range wider than 1000 print in scientific notation
    assertThat(Tensor.arange(2000f).toString()).isEqualTo(
        "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
            + "        1.9990e+03], shape=[2000]" + F32);
  }

  @Test
  void summarisedMatrix() {
    // torch.arange(1200.).reshape(40, 30) + 100
    assertThat(Tensor.arange(1200f).reshape(40, 30).add(100f).toString()).isEqualTo(
        "tensor([[ 100.,  101.,  102.,  ...,  127.,  128.,  129.],\n"
            + "        [ 130.,  131.,  132.,  ...,  157.,  158.,  159.],\n"
            + "        [ 160.,  161.,  162.,  ...,  187.,  188.,  189.],\n"
            + "        ...,\n"
            + "        [1210., 1211., 1212.,  ..., 1237., 1238., 1239.],\n"
            + "        [1240., 1241., 1242.,  ..., 1267., 1268., 1269.],\n"
            + "        [1270., 1271., 1272.,  ..., 1297., 1298., 1299.]], shape=[40, 30]" + F32);
  }

  @Test
  void summarisedThreeDimensional() {
    // torch.arange(1040.).reshape(8, 1, 130) + 10
    assertThat(Tensor.arange(1040f).reshape(8, 1, 130).add(10f).toString()).isEqualTo(
        "tensor([[[  10.,   11.,   12.,  ...,  137.,  138.,  139.]],\n\n"
            + "        [[ 140.,  141.,  142.,  ...,  267.,  268.,  269.]],\n\n"
            + "        [[ 270.,  271.,  272.,  ...,  397.,  398.,  399.]],\n\n"
            + "        ...,\n\n"
            + "        [[ 660.,  661.,  662.,  ...,  787.,  788.,  789.]],\n\n"
            + "        [[ 790.,  791.,  792.,  ...,  917.,  918.,  919.]],\n\n"
            + "        [[ 920.,  921.,  922.,  ..., 1047., 1048., 1049.]]], shape=[8, 1, 130]" + F32);
  }

  @Test
  void threeDimensionalSeparatesBlocksWithABlankLine() {
    // torch.arange(8.).reshape(2, 2, 2)
    assertThat(Tensor.arange(8f).reshape(2, 2, 2).toString()).isEqualTo(
        "tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]], shape=[2, 2, 2]" + F32);
  }

  @Test
  void scientificNotation() {
    // torch.tensor([1e-5, 1.])
    assertThat(of(1e-5f, 1f).toString()).isEqualTo("tensor([1.0000e-05, 1.0000e+00], shape=[2]" + F32);
    // torch.tensor([-1e-5, 2.5])
    assertThat(of(-1e-5f, 2.5f).toString()).isEqualTo("tensor([-1.0000e-05,  2.5000e+00], shape=[2]" + F32);
    // torch.tensor([1e10, 1.])
    assertThat(of(1e10f, 1f).toString()).isEqualTo("tensor([1.0000e+10, 1.0000e+00], shape=[2]" + F32);
    // torch.tensor([1., 2000.])
    assertThat(of(1f, 2000f).toString()).isEqualTo("tensor([1.0000e+00, 2.0000e+03], shape=[2]" + F32);
    // torch.tensor([1e8, 1e6]): 1e8 itself is not above the limit
    assertThat(of(1e8f, 1e6f).toString()).isEqualTo("tensor([100000000.,   1000000.], shape=[2]" + F32);
    // torch.tensor([0., 1e-5, 1.])
    assertThat(of(0f, 1e-5f, 1f).toString())
        .isEqualTo("tensor([0.0000e+00, 1.0000e-05, 1.0000e+00], shape=[3]" + F32);
  }

  @Test
  void nonFiniteValues() {
    // torch.tensor([1., nan]), torch.tensor([1.5, inf]), torch.tensor([-inf, 0.])
    assertThat(of(1f, Float.NaN).toString()).isEqualTo("tensor([1., nan], shape=[2]" + F32);
    assertThat(of(1.5f, Float.POSITIVE_INFINITY).toString()).isEqualTo("tensor([1.5000,    inf], shape=[2]" + F32);
    assertThat(of(Float.NEGATIVE_INFINITY, 0f).toString()).isEqualTo("tensor([-inf, 0.], shape=[2]" + F32);
  }

  @Test
  void autogradState() {
    Tensor x = of(1, 2).requiresGrad(true);
    assertThat(x.toString()).isEqualTo("tensor([1., 2.], shape=[2], dtype=float32, requires_grad=true)");
    assertThat(x.mul(2f).toString()).isEqualTo("tensor([2., 4.], shape=[2], dtype=float32, grad_fn=<mulBackward>)");
  }

  @Test
  void stridedViewsPrintTheirOwnElements() {
    Tensor t = Tensor.arange(6f).reshape(2, 3).t();
    assertThat(t.toString()).isEqualTo("tensor([[0., 3.],\n        [1., 4.],\n        [2., 5.]], shape=[3, 2]" + F32);
  }
}
