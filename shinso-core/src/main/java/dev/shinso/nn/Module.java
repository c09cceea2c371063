package dev.shinso.nn;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;

/**
 * A block with one tensor in and one tensor out, as most layers are: what {@link Sequential}
 * chains and a {@code Trainer} trains. Blocks with other inputs extend {@link Block} and declare
 * their own forward.
 */
public abstract class Module extends Block {
  public abstract Tensor forward(Tensor input);

  @Override
  public Module train() {
    super.train();
    return this;
  }

  @Override
  public Module eval() {
    super.eval();
    return this;
  }

  @Override
  public Module to(Device device) {
    super.to(device);
    return this;
  }

  @Override
  public Module to(DType dtype) {
    super.to(dtype);
    return this;
  }
}
