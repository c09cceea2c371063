package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/** Nearest-neighbour upsampling of [N, C, H, W] by an integer factor, as torch.nn.Upsample(scale_factor, 'nearest'). */
public class Upsample extends Module {
  private final int scaleFactor;

  public Upsample(int scaleFactor) {
    if (scaleFactor < 1) throw new IllegalArgumentException("Upsample: scale_factor must be a positive integer, got " + scaleFactor);
    this.scaleFactor = scaleFactor;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.upsampleNearest2d(input, scaleFactor);
  }

  @Override
  protected String extraRepr() {
    return "scale_factor=" + PyRepr.of((double) scaleFactor) + ", mode=nearest";
  }
}
