package dev.shinso.backend.composite;

import dev.shinso.backend.Backend;
import dev.shinso.backend.BinaryOp;
import dev.shinso.backend.OptimizerStep;
import dev.shinso.backend.UnaryOp;
import dev.shinso.tensor.Tensor;

/**
 * The optimiser updates of {@link OptimizerStep} from elementwise kernels, each float operation the
 * one the formula names in the same order (never fused), so they agree bit for bit with a fused
 * kernel that keeps to that order.
 */
public final class OptimizerComposite {
  private OptimizerComposite() {}

  public static void adam(Backend b, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq,
      OptimizerStep.Adam s) {
    Tensor g = s.weightDecay() != 0 ? Raw.add(b, grad, Raw.mul(b, param, s.weightDecay())) : grad;
    b.copyInto(expAvg, Raw.add(b, Raw.mul(b, expAvg, s.beta1()), Raw.mul(b, g, s.oneMinusBeta1())));
    Tensor gSquared = b.binary(BinaryOp.MUL, Raw.mul(b, g, s.oneMinusBeta2()), g);
    b.copyInto(expAvgSq, Raw.add(b, Raw.mul(b, expAvgSq, s.beta2()), gSquared));
    Tensor v = expAvgSq;
    if (maxExpAvgSq != null) {
      Raw.inPlace(b, BinaryOp.MAX, maxExpAvgSq, expAvgSq);
      v = maxExpAvgSq;
    }
    Tensor root = Raw.div(b, b.unary(UnaryOp.SQRT, v, 0, 0), Raw.scalar(b, v.dtype(), s.bias2Sqrt()));
    Tensor denom = Raw.add(b, root, Raw.scalar(b, v.dtype(), s.eps()));
    Raw.inPlace(b, BinaryOp.ADD, param, Raw.div(b, Raw.mul(b, expAvg, s.negStepSize()), denom));
  }

  public static void sgd(Backend b, Tensor param, Tensor grad, Tensor buffer, OptimizerStep.Sgd s) {
    Tensor d = s.weightDecay() != 0 ? Raw.add(b, grad, Raw.mul(b, param, s.weightDecay())) : grad;
    if (buffer != null) {
      Tensor next = s.firstStep() ? d
          : Raw.add(b, Raw.mul(b, buffer, s.momentum()), Raw.mul(b, d, s.oneMinusDampening()));
      b.copyInto(buffer, next);
      d = s.nesterov() ? Raw.add(b, d, Raw.mul(b, buffer, s.momentum())) : buffer;
    }
    Raw.inPlace(b, BinaryOp.ADD, param, Raw.mul(b, d, s.negLr()));
  }
}
