package dev.shinso.nn;

import dev.shinso.autograd.Autograd;
import dev.shinso.autograd.NoGrad;
import dev.shinso.ops.Attention;
import dev.shinso.ops.BatchNorm;
import dev.shinso.ops.Convolution;
import dev.shinso.ops.Pooling;
import dev.shinso.ops.Unary;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;

/**
 * Stateless layer functions, as torch.nn.functional: the modules hold parameters and call these
 * in {@code forward}. Everything is composed from tensor ops, so autograd comes for free (except
 * {@link #binaryCrossEntropyWithLogits}, whose backward is written out for exactness at 0).
 * A flat list of static methods: new layers add theirs here.
 */
public final class Functional {
  private Functional() {}

  // ---- linear and embedding ----

  /** x [..., in] · weightᵀ [in, out] + bias [out]; bias may be null. */
  public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
    if (weight.dim() != 2) {
      throw new IllegalArgumentException("linear: weight must be 2-d [out_features, in_features], got " + weight.shapeString());
    }
    int in = weight.size(1), out = weight.size(0);
    if (input.dim() == 0 || input.size(-1) != in) {
      throw new IllegalArgumentException("linear: input " + input.shapeString() + " must end in in_features = " + in
          + " to match weight " + weight.shapeString());
    }
    if (bias != null && (bias.dim() != 1 || bias.size(0) != out)) {
      throw new IllegalArgumentException("linear: bias " + bias.shapeString() + " must be [" + out + "] for weight "
          + weight.shapeString());
    }
    // More than 2 dims: multiply as one [rows, in] matrix so the weight is not broadcast over a batch.
    int[] outShape = input.shapeArray();
    outShape[outShape.length - 1] = out;
    Tensor x = input.dim() == 2 ? input : input.reshape(-1, in);
    Tensor y = x.matmul(weight.t());
    if (bias != null) y = y.add(bias);
    return input.dim() == 2 ? y : y.reshape(outShape);
  }

  /** Rows of weight [num, dim] picked by an INT64 index tensor of any shape; the result is [*index, dim]. */
  public static Tensor embedding(Tensor input, Tensor weight) {
    if (input.dtype() != DType.INT64) {
      throw new IllegalArgumentException("embedding: indices must be int64, got " + input.dtype() + " of shape "
          + input.shapeString());
    }
    if (weight.dim() != 2) {
      throw new IllegalArgumentException("embedding: weight must be 2-d [num_embeddings, embedding_dim], got "
          + weight.shapeString());
    }
    int num = weight.size(0);
    // On the CPU the indices are checked here, for the message. On a device reading them would make
    // the host wait every step: negatives are made out of range instead, for the kernel to reject.
    Tensor index = input.device().isCpu() ? input
        : Tensor.where(input.lt(0), Tensor.scalarLong(input.device(), num), input);
    if (input.device().isCpu()) for (long i : input.toLongArray()) {
      if (i < 0 || i >= num) {
        throw new IllegalArgumentException("embedding: index " + i + " out of range [0, " + num + ") for weight "
            + weight.shapeString() + " (indices of shape " + input.shapeString() + ")");
      }
    }
    int[] outShape = Arrays.copyOf(input.shapeArray(), input.dim() + 1);
    outShape[input.dim()] = weight.size(1);
    return weight.indexSelect(0, index.reshape(-1)).reshape(outShape);
  }

  // ---- dropout ----

  /** Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1−p); identity unless training. */
  public static Tensor dropout(Tensor input, double p, boolean training) {
    return dropout(input, p, training, null);
  }

  /** As {@link #dropout(Tensor, double, boolean)} with an explicit generator (null: the default one). */
  public static Tensor dropout(Tensor input, double p, boolean training, Generator generator) {
    checkProbability("dropout", p);
    if (!training || p == 0) return input;
    if (p == 1) return input.mul(0f);
    Tensor keep = Tensor.full(input.device(), (float) (1 - p), input.shapeArray());
    Tensor mask = generator == null ? Tensor.bernoulli(keep) : Tensor.bernoulli(keep, generator);
    return input.mul(mask.mul((float) (1 / (1 - p))));
  }

  static void checkProbability(String op, double p) {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(op + ": probability p must be in [0, 1], got " + p);
  }

  // ---- attention ----

  /** softmax(q·kᵀ/√d)·v over the last two dims of q [..., L, d], k [..., S, d], v [..., S, dv]. */
  public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v) {
    return Attention.scaledDotProductAttention(q, k, v, false);
  }

  /**
   * As torch.nn.functional.scaled_dot_product_attention: softmax(q·kᵀ·scale + attnMask) with
   * dropout p on the attention weights, times v. attnMask (or null) is FLOAT32, broadcast to
   * [..., L, S] and added to the scores (−∞ where a query must not look); isCausal lets query i see
   * keys 0…i only and excludes attnMask; scale null means 1/√d. As in PyTorch, dropoutP applies
   * whenever it is above 0 (pass 0 in evaluation), drawing from the default generator. Without a
   * mask, dropout or another scale, this runs the backend's fused attention.
   */
  public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor attnMask, double dropoutP,
      boolean isCausal, Double scale) {
    checkProbability("scaledDotProductAttention: dropout", dropoutP);
    if (isCausal && attnMask != null) {
      throw new IllegalArgumentException("scaledDotProductAttention: give attnMask or isCausal, not both");
    }
    Attention.checkInputs(q, k, v);
    double d = q.size(-1), factor = scale == null ? 1 / Math.sqrt(d) : scale;
    if (!Double.isFinite(factor)) {
      throw new IllegalArgumentException("scaledDotProductAttention: scale must be finite, got " + scale);
    }
    if (attnMask == null && dropoutP == 0 && (scale == null || factor == 1 / Math.sqrt(d))) {
      return Attention.scaledDotProductAttention(q, k, v, isCausal);
    }
    Tensor weights = dropout(Attention.scores(q, k, attnMask, isCausal, factor).softmax(-1), dropoutP, true);
    return weights.matmul(v);
  }

  // ---- activations ----

  /** Heaviside step: 1 where x > 0, else 0. Its gradient is zero almost everywhere. */
  public static Tensor step(Tensor input) {
    return Unary.step(input);
  }

  public static Tensor sigmoid(Tensor input) {
    return input.sigmoid();
  }

  public static Tensor tanh(Tensor input) {
    return input.tanh();
  }

  public static Tensor relu(Tensor input) {
    return input.relu();
  }

  public static Tensor leakyRelu(Tensor input, double negativeSlope) {
    return Unary.leakyRelu(input, (float) negativeSlope);
  }

  /** The exact GELU, x·Φ(x). */
  public static Tensor gelu(Tensor input) {
    return input.gelu();
  }

  public static Tensor softmax(Tensor input, int dim) {
    return input.softmax(dim);
  }

  public static Tensor logSoftmax(Tensor input, int dim) {
    return input.logSoftmax(dim);
  }

  // ---- normalisation ----

  /**
   * Batch normalisation in evaluation mode: normalises with the running statistics, which do not
   * change (F.batch_norm with training=False, where momentum plays no part).
   */
  public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
      double eps) {
    if (runningMean == null || runningVar == null) {
      throw new IllegalArgumentException("batchNorm: evaluation mode needs the running mean and variance");
    }
    return batchNorm(input, runningMean, runningVar, weight, bias, false, 0, eps);
  }

  /**
   * Batch normalisation over every dim but 1 (the channels) of input [N, C, ...]. In training the
   * batch statistics normalise (biased variance) and, when given, the running statistics move
   * towards them in place (unbiased variance), as PyTorch; otherwise the running statistics
   * normalise. Any of runningMean/runningVar/weight/bias may be null.
   */
  public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
      boolean training, double momentum, double eps) {
    if (input.dim() < 2) {
      throw new IllegalArgumentException("batchNorm: input must be [N, C, ...], got " + input.shapeString());
    }
    int c = input.size(1);
    for (Tensor t : new Tensor[] {runningMean, runningVar, weight, bias}) {
      if (t != null && (t.dim() != 1 || t.size(0) != c)) {
        throw new IllegalArgumentException("batchNorm: input " + input.shapeString() + " has " + c
            + " channels but a statistic or affine parameter has shape " + t.shapeString());
      }
    }
    if (training) {
      int n = input.numel() / Math.max(c, 1);
      if (n <= 1) {
        throw new IllegalArgumentException("batchNorm: expected more than 1 value per channel when training, got input "
            + input.shapeString());
      }
      BatchNorm.Result r = BatchNorm.train(input, weight, bias, eps);
      if (runningMean != null || runningVar != null) {
        try (NoGrad g = NoGrad.enter()) {
          float m = (float) momentum;
          if (runningMean != null) runningMean.mul_(1 - m).add_(r.mean().mul(m));
          if (runningVar != null) runningVar.mul_(1 - m).add_(r.var().mul((float) (m * n / (n - 1.0))));
        }
      }
      return r.output();
    }
    if (runningMean == null || runningVar == null) {
      throw new IllegalArgumentException("batchNorm: evaluation needs running statistics; input " + input.shapeString());
    }
    int[] channelShape = new int[input.dim()];
    Arrays.fill(channelShape, 1);
    channelShape[1] = c;
    Tensor mean = runningMean.reshape(channelShape), var = runningVar.reshape(channelShape);
    Tensor out = standardize(input, mean, var, eps);
    if (weight != null) out = out.mul(weight.reshape(channelShape));
    if (bias != null) out = out.add(bias.reshape(channelShape));
    return out;
  }

  /** (x − mean) / sqrt(var + eps) with given statistics: batch norm in evaluation. */
  private static Tensor standardize(Tensor x, Tensor mean, Tensor var, double eps) {
    return x.sub(mean).mul(var.add((float) eps).rsqrt());
  }

  /**
   * x standardised by the mean and biased variance of each of its rows, x seen as [rows, rest]: the
   * batch-norm kernel on a batch of one image whose channels are the rows.
   */
  private static Tensor standardizeRows(Tensor x, int rows, double eps) {
    return BatchNorm.train(x.reshape(1, rows, -1), null, null, eps).output().reshape(x.shapeArray());
  }

  /** Normalises over the trailing dims given by normalizedShape (biased variance); weight and bias may be null. */
  public static Tensor layerNorm(Tensor input, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
    int k = normalizedShape.length, rank = input.dim();
    boolean fits = k > 0 && k <= rank;
    for (int i = 0; fits && i < k; i++) fits = input.size(rank - k + i) == normalizedShape[i];
    if (!fits) {
      throw new IllegalArgumentException("layerNorm: input " + input.shapeString() + " does not end in normalized_shape "
          + Arrays.toString(normalizedShape));
    }
    for (Tensor t : new Tensor[] {weight, bias}) {
      if (t != null && !Arrays.equals(t.shapeArray(), normalizedShape)) {
        throw new IllegalArgumentException("layerNorm: affine parameter " + t.shapeString() + " must have"
            + " normalized_shape " + Arrays.toString(normalizedShape));
      }
    }
    int rows = 1;
    for (int i = 0; i < rank - k; i++) rows *= input.size(i);
    Tensor out = standardizeRows(input, rows, eps);
    if (weight != null) out = out.mul(weight);
    if (bias != null) out = out.add(bias);
    return out;
  }

  /** SiLU (swish): x·σ(x). */
  public static Tensor silu(Tensor input) {
    return input.mul(input.sigmoid());
  }

  /**
   * Group norm of [N, C, *]: each sample's numGroups groups of C/numGroups channels are normalised over
   * their channels and positions (biased variance), then scaled and shifted per channel by weight and
   * bias [C] (either may be null).
   */
  public static Tensor groupNorm(Tensor input, int numGroups, Tensor weight, Tensor bias, double eps) {
    if (input.dim() < 2 || numGroups <= 0 || input.size(1) % numGroups != 0) {
      throw new IllegalArgumentException("groupNorm: input " + input.shapeString() + " must be [N, C, *] with C a "
          + "multiple of num_groups=" + numGroups);
    }
    int n = input.size(0), c = input.size(1);
    for (Tensor t : new Tensor[] {weight, bias}) {
      if (t != null && (t.dim() != 1 || t.size(0) != c)) {
        throw new IllegalArgumentException("groupNorm: affine parameter " + t.shapeString() + " must be [" + c
            + "] for input " + input.shapeString());
      }
    }
    Tensor out = standardizeRows(input, n * numGroups, eps);
    int[] perChannel = new int[input.dim() - 1];
    Arrays.fill(perChannel, 1);
    perChannel[0] = c;
    if (weight != null) out = out.mul(weight.reshape(perChannel));
    if (bias != null) out = out.add(bias.reshape(perChannel));
    return out;
  }

  /** Sinusoidal embedding of timesteps [B] as [B, dim]: sines then cosines at frequencies maxPeriod^(−i/(dim/2)). */
  public static Tensor sinusoidalEmbedding(Tensor timesteps, int dim, double maxPeriod) {
    return dev.shinso.ops.SinusoidalEmbedding.forward(timesteps, dim, maxPeriod);
  }

  // ---- losses ----

  /** Mean squared error; input and target must have the same shape. */
  public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
    Losses.requireFloatTargetOfSameShape("MSELoss", input, target);
    Tensor d = input.sub(target);
    return reduction.apply(d.mul(d));
  }

  public static Tensor mseLoss(Tensor input, Tensor target) {
    return mseLoss(input, target, Reduction.MEAN);
  }

  /**
   * Negative log-likelihood of log-probabilities input [N, C, d…] (or [C]) at the INT64 class
   * indices target [N, d…] (or []). Entries whose target is ignoreIndex contribute nothing, and
   * MEAN divides by the number of the others.
   */
  public static Tensor nllLoss(Tensor input, Tensor target, Reduction reduction, long ignoreIndex) {
    return Losses.nll("NLLLoss", input, target, reduction, ignoreIndex, 0);
  }

  public static Tensor nllLoss(Tensor input, Tensor target) {
    return nllLoss(input, target, Reduction.MEAN, Losses.DEFAULT_IGNORE_INDEX);
  }

  /**
   * Cross-entropy of logits input [N, C, d…] (or [C]) against INT64 class indices, via log-softmax
   * over dim 1. With labelSmoothing ε the loss is (1−ε)·nll + ε·mean over classes of −log p, as
   * PyTorch's.
   */
  public static Tensor crossEntropy(Tensor input, Tensor target, Reduction reduction, long ignoreIndex,
      double labelSmoothing) {
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw new IllegalArgumentException("CrossEntropyLoss: labelSmoothing must be in [0, 1], got " + labelSmoothing);
    }
    Losses.checkClassTarget("CrossEntropyLoss", input, target);
    int classDim = input.dim() == 1 ? 0 : 1;
    return Losses.nll("CrossEntropyLoss", input.logSoftmax(classDim), target, reduction, ignoreIndex, labelSmoothing);
  }

  /** Mean cross-entropy with label smoothing ε ∈ [0, 1] (no ignore index to pass: PyTorch's default, −100). */
  public static Tensor crossEntropy(Tensor input, Tensor target, double labelSmoothing) {
    return crossEntropy(input, target, Reduction.MEAN, Losses.DEFAULT_IGNORE_INDEX, labelSmoothing);
  }

  public static Tensor crossEntropy(Tensor input, Tensor target) {
    return crossEntropy(input, target, Reduction.MEAN, Losses.DEFAULT_IGNORE_INDEX, 0);
  }

  /**
   * Binary cross-entropy of logits x against targets y in [0, 1] of the same shape, in the stable
   * form max(x, 0) − x·y + log(1 + exp(−|x|)); its gradient is (σ(x) − y) for x and −x for y.
   */
  public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Reduction reduction) {
    Losses.requireFloatTargetOfSameShape("BCEWithLogitsLoss", input, target);
    Tensor loss;
    try (NoGrad g = NoGrad.enter()) {
      loss = input.relu().sub(input.mul(target)).add(input.abs().neg().exp().add(1f).log());
    }
    loss = Autograd.record("binaryCrossEntropyWithLogits", loss, new Tensor[] {input, target},
        new Tensor[] {input, target}, g -> new Tensor[] {
            input.requiresGrad() ? g.mul(input.sigmoid().sub(target)) : null,
            target.requiresGrad() ? g.mul(input).neg() : null});
    return reduction.apply(loss);
  }

  public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
    return binaryCrossEntropyWithLogits(input, target, Reduction.MEAN);
  }

  // ---- convolution and pooling (primitive ops in dev.shinso.ops, with their own backward) ----
  // Sizes given as one int apply to both spatial dims; a null bias means none; a null pooling
  // stride means the kernel size. Inputs are [N, C, H, W] ([N, C, L] for conv1d) or unbatched.

  public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
    return conv2d(input, weight, bias, 1, 0, 1, 1);
  }

  public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
    return conv2d(input, weight, bias, stride, padding, 1, 1);
  }

  public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation,
      int groups) {
    return conv2d(input, weight, bias, pair(stride), pair(padding), pair(dilation), groups);
  }

  /** stride, padding and dilation as (height, width). */
  public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
      int groups) {
    return Convolution.conv2d(input, weight, bias, stride, padding, dilation, groups);
  }

  public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias) {
    return conv1d(input, weight, bias, 1, 0, 1, 1);
  }

  public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
    return conv1d(input, weight, bias, stride, padding, 1, 1);
  }

  public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation,
      int groups) {
    return Convolution.conv1d(input, weight, bias, stride, padding, dilation, groups);
  }

  /** Transposed convolution, weight [in, out/groups, kH, kW]; all sizes as (height, width). */
  public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
      int[] outputPadding, int[] dilation, int groups) {
    return dev.shinso.ops.ConvTranspose.convTranspose2d(input, weight, bias, stride, padding, outputPadding, dilation, groups);
  }

  /** Nearest-neighbour upsampling of [N, C, H, W] (or [C, H, W]) by an integer factor. */
  public static Tensor upsampleNearest2d(Tensor input, int scaleFactor) {
    return dev.shinso.ops.Upsample.nearest2d(input, scaleFactor, scaleFactor);
  }

  public static Tensor maxPool2d(Tensor input, int kernelSize) {
    return maxPool2d(input, kernelSize, kernelSize, 0);
  }

  public static Tensor maxPool2d(Tensor input, int kernelSize, int stride, int padding) {
    return maxPool2d(input, pair(kernelSize), pair(stride), pair(padding), pair(1), false);
  }

  /** A null stride means stride = kernelSize. */
  public static Tensor maxPool2d(Tensor input, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
      boolean ceilMode) {
    return Pooling.maxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
  }

  public static Tensor avgPool2d(Tensor input, int kernelSize) {
    return avgPool2d(input, kernelSize, kernelSize, 0);
  }

  /** Counts the zero padding in each window's size (PyTorch's default count_include_pad=True). */
  public static Tensor avgPool2d(Tensor input, int kernelSize, int stride, int padding) {
    return avgPool2d(input, pair(kernelSize), pair(stride), pair(padding), false, true);
  }

  /** A null stride means stride = kernelSize. */
  public static Tensor avgPool2d(Tensor input, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
      boolean countIncludePad) {
    return Pooling.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad);
  }

  public static Tensor adaptiveAvgPool2d(Tensor input, int outputSize) {
    return adaptiveAvgPool2d(input, pair(outputSize));
  }

  /** outputSize as (height, width). */
  public static Tensor adaptiveAvgPool2d(Tensor input, int[] outputSize) {
    return Pooling.adaptiveAvgPool2d(input, outputSize);
  }

  private static int[] pair(int v) {
    return new int[] {v, v};
  }
}
