package dev.shinso.nn;

import dev.shinso.tensor.Tensor;
import java.util.Objects;

/**
 * A loss function, as PyTorch's loss modules: {@code forward(input, target)} gives the loss,
 * reduced as {@link #reduction()} says. Losses hold no parameters.
 */
public abstract class Loss {
  private final Reduction reduction;

  protected Loss(Reduction reduction) {
    this.reduction = Objects.requireNonNull(reduction, "reduction");
  }

  public abstract Tensor forward(Tensor input, Tensor target);

  public final Reduction reduction() {
    return reduction;
  }

  /** The settings shown inside the parentheses (empty for the defaults, as PyTorch prints). */
  protected String extraRepr() {
    return "";
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + extraRepr() + ")";
  }
}
