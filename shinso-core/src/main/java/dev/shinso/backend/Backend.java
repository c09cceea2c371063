package dev.shinso.backend;

import dev.shinso.backend.composite.AttentionComposite;
import dev.shinso.backend.composite.ConvolutionComposite;
import dev.shinso.backend.composite.NormComposite;
import dev.shinso.backend.composite.OptimizerComposite;
import dev.shinso.backend.composite.PoolingComposite;
import dev.shinso.backend.composite.RandomComposite;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;

/**
 * What a device provides: its {@link DeviceRuntime} and its kernels. Twelve kernels are primitives
 * that every backend writes (fill, unary, binary, binaryInPlace, where, reduce, argReduce, matmul,
 * indexSelect, gather, scatterAdd, random); the rest have composite defaults built on the
 * primitives (see {@code backend.composite}), which a backend overrides where a kernel of its own
 * is faster. With the runtime's eight methods a new backend starts from twenty.
 *
 * <p>Inputs are arbitrary strided views (broadcast dimensions have stride 0) on this backend's
 * device; outputs are new contiguous tensors unless the method writes into {@code dst}. Shapes and
 * devices are validated by the ops before they call here, so kernels assume valid arguments.
 */
public interface Backend extends DeviceRuntime {
  // ---- primitives ----

  void fill(Tensor dst, double value);

  Tensor unary(UnaryOp op, Tensor x, float p, float q);

  /** a and b are already expanded to the output shape. */
  Tensor binary(BinaryOp op, Tensor a, Tensor b);

  /** dst = dst op src, src expanded to dst's shape. */
  void binaryInPlace(BinaryOp op, Tensor dst, Tensor src);

  /** cond, a, b already expanded to the output shape; picks a where cond != 0. */
  Tensor where(Tensor cond, Tensor a, Tensor b);

  /** Reduces {@code dims} (sorted, distinct, non-negative); the result keeps them as size 1. */
  Tensor reduce(ReduceOp op, Tensor x, int[] dims);

  /** Index (INT64) of the max (or min) along dim; the result keeps dim as size 1. */
  Tensor argReduce(boolean max, Tensor x, int dim);

  /** a [..., m, k] · b [..., k, n] with equal (already broadcast) batch dims. */
  Tensor matmul(Tensor a, Tensor b);

  Tensor indexSelect(Tensor x, int dim, Tensor index);

  Tensor gather(Tensor x, int dim, Tensor index);

  /** A copy of self with src added at the positions index names along dim. */
  Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src);

  /**
   * Fills the contiguous {@code dst}: UNIFORM [p, q), NORMAL (mean p, std q), BERNOULLI (probability
   * p), INTEGER [p, q). Every backend fills by this mapping, so a seed draws the same numbers on
   * every device, whatever the thread count.
   *
   * <p>A fill of n elements takes its counters from {@code generator.reserve(k)} (start offset o,
   * key = the generator's seed); counter value c means {@code Philox.block(seed, c, …)}, whose four
   * words w0..w3 are read as unsigned. Element i uses:
   * <ul>
   *   <li>UNIFORM, BERNOULLI (k = ⌈n/4⌉): counter o + i/4, word i%4, u = (w >>> 8)·2⁻²⁴ in [0, 1)
   *       ({@code RandomBits.uniform}); UNIFORM stores (float) (p + (q − p)·u) computed in double,
   *       BERNOULLI stores {@code u < p ? 1 : 0}.
   *   <li>NORMAL (k = ⌈n/2⌉): counter o + i/2; u1 = ((w0 | w1≪32) >>> 11 + 1)·2⁻⁵³ in (0, 1],
   *       u2 = ((w2 | w3≪32) >>> 11)·2⁻⁵³, r = √(−2 ln u1), θ = 2π·u2; z = r·cos θ for even i and
   *       r·sin θ for odd i ({@code RandomBits.normalPair}); stores (float) (p + q·z). All in double
   *       with one rounding to float at the end, so a device computing in double matches but for
   *       the rare value that lies on a float rounding boundary.
   *   <li>INTEGER (k = ⌈n/2⌉; float or int64 {@code dst}): counter o + i/2, the 64-bit word
   *       w0 | w1≪32 for even i and w2 | w3≪32 for odd i; stores p + remainderUnsigned(word, q − p).
   *       This is PyTorch's modulo method: the values' probabilities differ by at most 2⁻⁶⁴, a
   *       relative bias below span/2⁶⁴ (span = q − p, read as unsigned).
   * </ul>
   */
  void random(RandomKind kind, Tensor dst, double p, double q, Generator generator);

  // ---- composites: defaults from the primitives ----

  /**
   * Bernoulli draws with per-element probabilities: the BERNOULLI mapping of {@link #random}, element
   * i (in row-major order) being 1 when {@code u_i < p_i}.
   */
  default Tensor bernoulli(Tensor probabilities, Generator generator) {
    return RandomComposite.bernoulli(this, probabilities, generator);
  }

  // ---- convolution and pooling on [N, C, H, W] float32 ----

  /** x [N, C, H, W] convolved with weight [O, C/groups, kH, kW], plus bias [O] unless null: [N, O, oH, oW]. */
  default Tensor conv2d(Tensor x, Tensor weight, Tensor bias, Conv2dParams p) {
    return ConvolutionComposite.conv2d(this, x, weight, bias, p);
  }

  /**
   * max(conv2d(x, weight, bias), 0), the activation of a Conv2d followed by a ReLU, without the
   * convolution's output as a tensor of its own. By default the two kernels one after the other.
   */
  default Tensor conv2dRelu(Tensor x, Tensor weight, Tensor bias, Conv2dParams p) {
    return unary(UnaryOp.RELU, conv2d(x, weight, bias, p), 0, 0);
  }

  /** Gradient of conv2d with respect to its input (of shape inputShape), given the output's gradient. */
  default Tensor conv2dBackwardInput(Tensor gradOutput, Tensor weight, int[] inputShape, Conv2dParams p) {
    return ConvolutionComposite.backwardInput(this, gradOutput, weight, inputShape, p);
  }

  /** Gradient of conv2d with respect to its weight (of shape weightShape), given the output's gradient and the input x. */
  default Tensor conv2dBackwardWeight(Tensor gradOutput, Tensor x, int[] weightShape, Conv2dParams p) {
    return ConvolutionComposite.backwardWeight(this, gradOutput, x, weightShape, p);
  }

  /**
   * Max pooling of x [N, C, H, W]: the output and, per output element, the flat index h·W + w of
   * the chosen element within its input plane (INT64, as PyTorch's). The first maximum of a window
   * wins; NaN beats every number.
   */
  default MaxPool2dResult maxPool2dWithIndices(Tensor x, Pool2dParams p) {
    return PoolingComposite.maxPool2d(this, x, p);
  }

  /** The output of {@link #maxPool2dWithIndices} alone, for inference: no indices are written or kept. */
  default Tensor maxPool2d(Tensor x, Pool2dParams p) {
    return maxPool2dWithIndices(x, p).output();
  }

  /** Gradient of max pooling: gradOutput scattered (summed) to the saved indices of each plane. */
  default Tensor maxPool2dBackward(Tensor gradOutput, Tensor indices, int[] inputShape) {
    return PoolingComposite.maxPool2dBackward(this, gradOutput, indices, inputShape);
  }

  /** Average pooling; countIncludePad divides by the window size including the zero padding (PyTorch's default). */
  default Tensor avgPool2d(Tensor x, Pool2dParams p, boolean countIncludePad) {
    return PoolingComposite.avgPool2d(this, x, p, countIncludePad);
  }

  default Tensor avgPool2dBackward(Tensor gradOutput, int[] inputShape, Pool2dParams p, boolean countIncludePad) {
    return PoolingComposite.avgPool2dBackward(this, gradOutput, inputShape, p, countIncludePad);
  }

  /** Adaptive average pooling to [N, C, outH, outW]: window i spans [floor(i·H/outH), ceil((i+1)·H/outH)). */
  default Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
    return PoolingComposite.adaptiveAvgPool2d(this, x, outH, outW);
  }

  default Tensor adaptiveAvgPool2dBackward(Tensor gradOutput, int[] inputShape) {
    return PoolingComposite.adaptiveAvgPool2dBackward(this, gradOutput, inputShape);
  }

  record MaxPool2dResult(Tensor output, Tensor indices) {}

  /**
   * Batch normalisation with the batch's statistics, over x [N, C, *]: per channel the mean and the
   * biased variance over N and *, and y = (x − mean)/√(var + eps)·weight + bias (weight and bias [C],
   * either may be null).
   */
  default BatchNormResult batchNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
    return NormComposite.batchNorm(this, x, weight, bias, eps);
  }

  /** The gradients of {@link #batchNorm} from its mean and variance: {dx, dweight, dbias}. */
  default Tensor[] batchNormBackward(Tensor gradOutput, Tensor x, Tensor weight, Tensor mean, Tensor var, double eps) {
    return NormComposite.batchNormBackward(this, gradOutput, x, weight, mean, var, eps);
  }

  record BatchNormResult(Tensor output, Tensor mean, Tensor var) {}

  enum RandomKind { UNIFORM, NORMAL, BERNOULLI, INTEGER }

  /**
   * One Adam step, in place, over contiguous float32 tensors of one shape: param, its grad, the two
   * moment estimates and, under amsgrad, their running maximum (else null). See {@link OptimizerStep.Adam}.
   */
  default void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq,
      OptimizerStep.Adam s) {
    OptimizerComposite.adam(this, param, grad, expAvg, expAvgSq, maxExpAvgSq, s);
  }

  /**
   * One SGD step, in place, over contiguous float32 tensors of one shape; momentumBuffer is null
   * without momentum. See {@link OptimizerStep.Sgd}.
   */
  default void sgdStep(Tensor param, Tensor grad, Tensor momentumBuffer, OptimizerStep.Sgd s) {
    OptimizerComposite.sgd(this, param, grad, momentumBuffer, s);
  }

  /**
   * Scaled dot-product attention over q [N, L, d], k [N, S, d], v [N, S, dv] (contiguous):
   * P = softmax(q·kᵀ/√d) row by row (with causal, key j > query i is masked out), output P·v
   * [N, L, dv]. P [N, L, S] is returned for {@link #attentionBackward}.
   */
  default AttentionResult attention(Tensor q, Tensor k, Tensor v, boolean causal) {
    return AttentionComposite.forward(this, q, k, v, causal);
  }

  /** {dq, dk, dv} of {@link #attention} from the output's gradient, the output and P. */
  default Tensor[] attentionBackward(Tensor gradOutput, Tensor q, Tensor k, Tensor v, Tensor output, Tensor probs) {
    return AttentionComposite.backward(this, gradOutput, q, k, v, output, probs);
  }

  record AttentionResult(Tensor output, Tensor probs) {}
}
