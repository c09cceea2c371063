package dev.shinso.data.transforms;

import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.List;
import java.util.stream.Collectors;

/** Applies transforms one after another, all drawing from the same generator in that order. */
public final class Compose implements Transform {
  private final List<Transform> transforms;

  public Compose(List<Transform> transforms) {
    this.transforms = List.copyOf(transforms);
  }

  public Compose(Transform... transforms) {
    this(List.of(transforms));
  }

  public List<Transform> transforms() {
    return transforms;
  }

  @Override
  public Tensor apply(Tensor batch, Generator generator) {
    Tensor x = batch;
    for (Transform t : transforms) x = t.apply(x, generator);
    return x;
  }

  @Override
  public String toString() {
    return transforms.stream().map(t -> "  " + t).collect(Collectors.joining("\n", "Compose(\n", "\n)"));
  }
}
