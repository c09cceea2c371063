package dev.shinso.backend.composite;

import dev.shinso.backend.Backend;
import dev.shinso.backend.BinaryOp;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;

/** Random draws built on the random fill. */
public final class RandomComposite {
  private RandomComposite() {}

  /** 1 where a uniform draw in [0, 1) falls below the element's probability, else 0. */
  public static Tensor bernoulli(Backend b, Tensor probabilities, Generator g) {
    Tensor u = Raw.empty(b, DType.FLOAT32, probabilities.shapeArray());
    b.random(Backend.RandomKind.UNIFORM, u, 0, 1, g);
    return b.binary(BinaryOp.LT, u, probabilities.dtype() == DType.FLOAT32 ? probabilities : floats(b, probabilities));
  }

  private static Tensor floats(Backend b, Tensor t) {
    Tensor out = Raw.empty(b, DType.FLOAT32, t.shapeArray());
    b.copyInto(out, t);
    return out;
  }
}
