package dev.shinso.ops;

import dev.shinso.autograd.Autograd;
import dev.shinso.backend.Backend;
import dev.shinso.tensor.Tensor;

/**
 * Batch normalisation with the batch's own statistics (training mode) as one op with its own
 * backward, as torch.nn.functional.batch_norm does in training. The batch's mean and biased
 * variance come back too, for the running statistics; they carry no gradient. Its backward is a
 * kernel, so it cannot be differentiated a second time.
 */
public final class BatchNorm {
  private BatchNorm() {}

  /** The output (recorded for autograd) and the batch's per-channel mean and biased variance [C]. */
  public record Result(Tensor output, Tensor mean, Tensor var) {}

  /** x [N, C, *]; weight and bias [C] or null. */
  public static Result train(Tensor x, Tensor weight, Tensor bias, double eps) {
    Backend backend = x.backend();
    Backend.BatchNormResult r = backend.batchNorm(x, weight, bias, eps);
    Tensor out = Autograd.record("batchNorm", r.output(), new Tensor[] {x, weight, bias},
        weight == null ? new Tensor[] {x} : new Tensor[] {x, weight}, g -> {
          Tensor[] d = backend.batchNormBackward(g, x, weight, r.mean(), r.var(), eps);
          return new Tensor[] {d[0], weight == null ? null : d[1], bias == null ? null : d[2]};
        });
    return new Result(out, r.mean(), r.var());
  }
}
