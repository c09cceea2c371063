package dev.shinso.data.transforms;

import dev.shinso.Shinso;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;

/**
 * A change applied to a whole batch of inputs [N, C, H, W] (torchvision's transforms, batched). Random
 * transforms draw only from the generator they are given, so that a {@code DataLoader} can derive it
 * from its seed and the epoch and a resumed run sees the same augmentations.
 */
@FunctionalInterface
public interface Transform {
  Tensor apply(Tensor batch, Generator generator);

  /** Applies with the default generator ({@code Shinso.manualSeed}); fine for deterministic transforms. */
  default Tensor apply(Tensor batch) {
    return apply(batch, Shinso.defaultGenerator());
  }
}
