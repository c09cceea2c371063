package dev.shinso.ops;

import dev.shinso.tensor.Tensor;

/**
 * Nearest-neighbour upsampling of [N, C, H, W] (or [C, H, W]) by integer factors, as
 * torch.nn.functional.interpolate(mode='nearest') with an integer scale_factor: every pixel becomes an
 * sH×sW block. Built from views (a broadcast [.., H, 1, W, 1] → [.., H, sH, W, sW] and a reshape, which
 * copies), so its backward is theirs: the gradient of each block summed back onto its pixel.
 */
public final class Upsample {
  private Upsample() {}

  public static Tensor nearest2d(Tensor input, int scaleH, int scaleW) {
    if (input.dim() != 3 && input.dim() != 4) {
      throw new IllegalArgumentException("upsampleNearest2d: expected a 4-d input [N, C, H, W] (or 3-d without the "
          + "batch dim), got " + input.shapeString());
    }
    if (scaleH < 1 || scaleW < 1) {
      throw new IllegalArgumentException("upsampleNearest2d: scale factors must be positive integers, got (" + scaleH
          + ", " + scaleW + ") for input " + input.shapeString());
    }
    if (scaleH == 1 && scaleW == 1) return input;
    int r = input.dim();
    int[] s = input.shapeArray();
    int h = s[r - 2], w = s[r - 1];
    int[] spread = new int[r + 2], grown = new int[r], out = new int[r];
    System.arraycopy(s, 0, spread, 0, r - 2);
    System.arraycopy(s, 0, grown, 0, r - 2);
    spread[r - 2] = h;
    spread[r - 1] = 1;
    spread[r] = w;
    spread[r + 1] = 1;
    int[] expanded = spread.clone();
    expanded[r - 1] = scaleH;
    expanded[r + 1] = scaleW;
    System.arraycopy(s, 0, out, 0, r - 2);
    out[r - 2] = h * scaleH;
    out[r - 1] = w * scaleW;
    return input.reshape(spread).expand(expanded).reshape(out);
  }
}
