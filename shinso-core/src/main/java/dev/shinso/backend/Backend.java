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

  /** Fills the contiguous {@code dst}: UNIFORM [p, q), NORMAL (mean p, std q), BERNOULLI (probability p), INTEGER [p, q). */
  void random(RandomKind kind, Tensor dst, double p, double q, Generator generator);

  /** Bernoulli draws with per-element probabilities. */
  Tensor bernoulli(Tensor probabilities, Generator generator);

  enum RandomKind { UNIFORM, NORMAL, BERNOULLI, INTEGER }
}
