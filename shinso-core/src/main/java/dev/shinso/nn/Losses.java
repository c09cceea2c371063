package dev.shinso.nn;

import dev.shinso.ops.DTypes;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;

/** Target checks and the negative log-likelihood shared by the class losses. */
final class Losses {
  /** PyTorch's default ignore_index: no real class has it. */
  static final long DEFAULT_IGNORE_INDEX = -100;

  private Losses() {}

  static void requireFloatTargetOfSameShape(String loss, Tensor input, Tensor target) {
    DTypes.requireSameFloating(loss, new String[] {"input", "target"}, input, target);
    if (!input.shape().equals(target.shape())) {
      throw new IllegalArgumentException(loss + ": target shape " + target.shapeString() + " differs from input shape "
          + input.shapeString());
    }
  }

  /** Input [N, C, d…] with INT64 target [N, d…], or input [C] with a 0-d target. */
  static void checkClassTarget(String loss, Tensor input, Tensor target) {
    DTypes.requireSameFloating(loss, new String[] {"input"}, input);
    if (target.dtype() != DType.INT64) {
      throw new IllegalArgumentException(loss + ": target must hold int64 class indices, got " + target.dtype()
          + " of shape " + target.shapeString() + " for input " + input.shapeString());
    }
    if (input.dim() == 0) {
      throw new IllegalArgumentException(loss + ": input must be [N, C, ...] or [C], got a 0-d tensor");
    }
    int[] expected = expectedTargetShape(input);
    if (!Arrays.equals(target.shapeArray(), expected)) {
      throw new IllegalArgumentException(loss + ": target of shape " + target.shapeString() + " does not fit input "
          + input.shapeString() + "; expected target shape " + Arrays.toString(expected));
    }
  }

  /** The input's shape without the class dim (dim 1, or dim 0 for an unbatched [C] input). */
  private static int[] expectedTargetShape(Tensor input) {
    int[] in = input.shapeArray();
    if (in.length == 1) return new int[0];
    int[] out = new int[in.length - 1];
    out[0] = in[0];
    System.arraycopy(in, 2, out, 1, in.length - 2);
    return out;
  }

  /**
   * −logp at the target classes, skipping ignoreIndex; with smoothing ε, (1−ε)·that + ε/C·(−Σ_c logp).
   * MEAN divides by the number of entries not ignored.
   */
  static Tensor nll(String loss, Tensor logp, Tensor target, Reduction reduction, long ignoreIndex, double smoothing) {
    checkClassTarget(loss, logp, target);
    int classDim = logp.dim() == 1 ? 0 : 1;
    int classes = logp.size(classDim);
    Device device = target.device();
    if (device.isCpu()) checkClasses(loss, logp, target, ignoreIndex, classes);
    // Ignored entries pick class 0 and are masked out: all on the target's device, no host read. On
    // a device, negative classes are made out of range for the gather kernel to reject.
    Tensor keep = target.ne(Tensor.scalarLong(device, ignoreIndex));
    Tensor index = Tensor.where(keep, target, Tensor.scalarLong(device, 0));
    if (!device.isCpu()) index = Tensor.where(index.lt(0), Tensor.scalarLong(device, classes), index);
    index = index.unsqueeze(classDim);
    Tensor losses = logp.gather(classDim, index).squeeze(classDim).neg();
    if (smoothing > 0) {
      Tensor uniform = logp.sum(classDim).neg();
      losses = losses.mul((float) (1 - smoothing)).add(uniform.mul((float) (smoothing / classes)));
    }
    losses = Tensor.where(keep, losses, Tensor.scalar(losses.device(), 0f));
    return switch (reduction) {
      case NONE -> losses;
      case SUM -> losses.sum();
      case MEAN -> losses.sum().div(keep.sum());
    };
  }

  /** On the CPU, where reading the target costs no wait: every class in range, with a message that names it. */
  private static void checkClasses(String loss, Tensor logp, Tensor target, long ignoreIndex, int classes) {
    for (long t : target.toLongArray()) {
      if (t != ignoreIndex && (t < 0 || t >= classes)) {
        throw new IllegalArgumentException(loss + ": target class " + t + " is out of range [0, " + classes
            + ") for input " + logp.shapeString() + " (target " + target.shapeString() + ")");
      }
    }
  }
}
