package dev.shinso.backend;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Storage;
import dev.shinso.tensor.Tensor;

/**
 * The kernels a device must provide. Inputs are arbitrary strided views (broadcast dimensions have
 * stride 0); outputs are new contiguous tensors unless the method writes into {@code dst}. Shapes
 * are validated by the ops before they call here, so kernels assume valid arguments.
 */
public interface Backend {
  Device device();

  /** Zero-filled storage. */
  Storage allocate(DType dtype, int numel);

  Storage wrap(float[] data);

  Storage wrap(long[] data);

  /** The elements of {@code x} in row-major order. */
  float[] toFloatArray(Tensor x);

  long[] toLongArray(Tensor x);

  /** Writes {@code src} (broadcast to dst's shape) into the view {@code dst}, converting dtype. */
  void copyInto(Tensor dst, Tensor src);

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
   *       BERNOULLI stores u < p ? 1 : 0.
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

  /**
   * Bernoulli draws with per-element probabilities: the BERNOULLI mapping of {@link #random}, element
   * i (in row-major order) being 1 when u_i < p_i.
   */
  Tensor bernoulli(Tensor probabilities, Generator generator);

  // ---- convolution and pooling on [N, C, H, W] float32 ----

  /** x [N, C, H, W] convolved with weight [O, C/groups, kH, kW], plus bias [O] unless null: [N, O, oH, oW]. */
  Tensor conv2d(Tensor x, Tensor weight, Tensor bias, Conv2dParams p);

  /**
   * max(conv2d(x, weight, bias), 0), the activation of a Conv2d followed by a ReLU, without the
   * convolution's output as a tensor of its own. By default the two kernels one after the other.
   */
  default Tensor conv2dRelu(Tensor x, Tensor weight, Tensor bias, Conv2dParams p) {
    return unary(UnaryOp.RELU, conv2d(x, weight, bias, p), 0, 0);
  }

  /** Gradient of conv2d with respect to its input (of shape inputShape), given the output's gradient. */
  Tensor conv2dBackwardInput(Tensor gradOutput, Tensor weight, int[] inputShape, Conv2dParams p);

  /** Gradient of conv2d with respect to its weight (of shape weightShape), given the output's gradient and the input x. */
  Tensor conv2dBackwardWeight(Tensor gradOutput, Tensor x, int[] weightShape, Conv2dParams p);

  /**
   * Max pooling of x [N, C, H, W]: the output and, per output element, the flat index h·W + w of
   * the chosen element within its input plane (INT64, as PyTorch's). The first maximum of a window
   * wins; NaN beats every number.
   */
  MaxPool2dResult maxPool2dWithIndices(Tensor x, Pool2dParams p);

  /** The output of {@link #maxPool2dWithIndices} alone, for inference: no indices are written or kept. */
  Tensor maxPool2d(Tensor x, Pool2dParams p);

  /** Gradient of max pooling: gradOutput scattered (summed) to the saved indices of each plane. */
  Tensor maxPool2dBackward(Tensor gradOutput, Tensor indices, int[] inputShape);

  /** Average pooling; countIncludePad divides by the window size including the zero padding (PyTorch's default). */
  Tensor avgPool2d(Tensor x, Pool2dParams p, boolean countIncludePad);

  Tensor avgPool2dBackward(Tensor gradOutput, int[] inputShape, Pool2dParams p, boolean countIncludePad);

  /** Adaptive average pooling to [N, C, outH, outW]: window i spans [floor(i·H/outH), ceil((i+1)·H/outH)). */
  Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW);

  Tensor adaptiveAvgPool2dBackward(Tensor gradOutput, int[] inputShape);

  record MaxPool2dResult(Tensor output, Tensor indices) {}

  /**
   * Batch normalisation with the batch's statistics, over x [N, C, *]: per channel the mean and the
   * biased variance over N and *, and y = (x − mean)/√(var + eps)·weight + bias (weight and bias [C],
   * either may be null).
   */
  BatchNormResult batchNorm(Tensor x, Tensor weight, Tensor bias, double eps);

  /** The gradients of {@link #batchNorm} from its mean and variance: {dx, dweight, dbias}. */
  Tensor[] batchNormBackward(Tensor gradOutput, Tensor x, Tensor weight, Tensor mean, Tensor var, double eps);

  record BatchNormResult(Tensor output, Tensor mean, Tensor var) {}

  enum RandomKind { UNIFORM, NORMAL, BERNOULLI, INTEGER }

  /**
   * One Adam step, in place, over contiguous float32 tensors of one shape: param, its grad, the two
   * moment estimates and, under amsgrad, their running maximum (else null). See {@link OptimizerStep.Adam}.
   */
  void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, OptimizerStep.Adam s);

  /**
   * One SGD step, in place, over contiguous float32 tensors of one shape; momentumBuffer is null
   * without momentum. See {@link OptimizerStep.Sgd}.
   */
  void sgdStep(Tensor param, Tensor grad, Tensor momentumBuffer, OptimizerStep.Sgd s);
}
