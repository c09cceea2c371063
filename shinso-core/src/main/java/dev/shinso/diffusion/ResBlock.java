package dev.shinso.diffusion;

import dev.shinso.nn.Conv2d;
import dev.shinso.nn.Functional;
import dev.shinso.nn.GroupNorm;
import dev.shinso.nn.Identity;
import dev.shinso.nn.Linear;
import dev.shinso.nn.Block;
import dev.shinso.nn.Module;
import dev.shinso.tensor.Tensor;

/**
 * The U-Net's residual block: GroupNorm, SiLU, 3×3 conv; add a per-channel shift computed from the
 * timestep (and class) embedding; GroupNorm, SiLU, 3×3 conv; plus the input (through a 1×1 conv when
 * the channel count changes). The embedding is how every block learns how much noise to expect.
 */
public final class ResBlock extends Block {
  private final GroupNorm norm1;
  private final Conv2d conv1;
  private final Linear embProj;
  private final GroupNorm norm2;
  private final Conv2d conv2;
  private final Module skip;

  public ResBlock(int in, int out, int embDim, int groups) {
    this.norm1 = new GroupNorm(Math.min(groups, in), in);
    this.conv1 = new Conv2d(in, out, 3, 1, 1);
    this.embProj = new Linear(embDim, out);
    this.norm2 = new GroupNorm(Math.min(groups, out), out);
    this.conv2 = new Conv2d(out, out, 3, 1, 1);
    this.skip = in == out ? new Identity() : new Conv2d(in, out, 1);
  }

  /** x [N, in, H, W], emb [N, embDim] (already through SiLU): [N, out, H, W]. */
  public Tensor forward(Tensor x, Tensor emb) {
    Tensor h = conv1.forward(Functional.silu(norm1.forward(x)));
    h = h.add(embProj.forward(emb).unsqueeze(2).unsqueeze(3));
    h = conv2.forward(Functional.silu(norm2.forward(h)));
    return skip.forward(x).add(h);
  }
}
