package dev.shinso.diffusion;

import dev.shinso.autograd.NoGrad;
import dev.shinso.nn.Conv2d;
import dev.shinso.nn.ConvTranspose2d;
import dev.shinso.nn.Embedding;
import dev.shinso.nn.Functional;
import dev.shinso.nn.GroupNorm;
import dev.shinso.nn.Linear;
import dev.shinso.nn.Block;
import dev.shinso.nn.ModuleList;
import dev.shinso.nn.Sequential;
import dev.shinso.nn.SiLU;
import dev.shinso.nn.SinusoidalEmbedding;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A small U-Net that predicts the noise ε in a noisy image xₜ, told the timestep t (and, if
 * conditional, the class y). Down the left side, each level is a {@link ResBlock} whose output is kept
 * for the skip connection, then a stride-2 conv halves the resolution; a middle block; up the right
 * side, a {@link ConvTranspose2d} doubles it again, the kept features are concatenated and a ResBlock
 * merges them. The timestep goes in as a sinusoidal embedding through a 2-layer MLP; a class adds a
 * learned embedding (row numClasses is "no class", for classifier-free guidance). The last conv starts at
 * zero, so the untrained net predicts ε = 0 and the initial loss is about 1.
 */
public final class UNet extends Block {
  private final UNetConfig config;
  private final Sequential timeMlp;
  private final Embedding classEmbed;
  private final Conv2d inConv;
  private final ModuleList<ResBlock> down;
  private final ModuleList<Conv2d> downsample;
  private final ResBlock mid;
  private final ModuleList<ConvTranspose2d> upsample;
  private final ModuleList<ResBlock> up;
  private final GroupNorm outNorm;
  private final Conv2d outConv;

  public UNet(UNetConfig config) {
    this.config = config;
    int base = config.baseChannels(), embDim = 4 * base, groups = config.groups();
    int[] ch = channels(config);
    this.timeMlp = new Sequential(new SinusoidalEmbedding(base), new Linear(base, embDim), new SiLU(),
        new Linear(embDim, embDim));
    this.classEmbed = config.conditional() ? new Embedding(config.numClasses() + 1, embDim) : null;
    this.inConv = new Conv2d(config.imageChannels(), ch[0], 3, 1, 1);
    this.down = new ModuleList<>();
    this.downsample = new ModuleList<>();
    for (int i = 0; i < ch.length; i++) {
      down.add(new ResBlock(i == 0 ? ch[0] : ch[i - 1], ch[i], embDim, groups));
      if (i < ch.length - 1) downsample.add(new Conv2d(ch[i], ch[i], 3, 2, 1));
    }
    int last = ch[ch.length - 1];
    this.mid = new ResBlock(last, last, embDim, groups);
    this.upsample = new ModuleList<>();
    this.up = new ModuleList<>();
    int[] sizes = sizes(config);
    for (int i = 0; i < ch.length; i++) {
      if (i < ch.length - 1) {
        boolean odd = sizes[i] % 2 == 1;  // 7 → 4 on the way down; 4 → 7 needs a 3×3 kernel on the way up
        int k = odd ? 3 : 4;
        upsample.add(new ConvTranspose2d(ch[i + 1], ch[i], k, 2, 1));
      }
      up.add(new ResBlock(2 * ch[i], ch[i], embDim, groups));
    }
    this.outNorm = new GroupNorm(Math.min(groups, ch[0]), ch[0]);
    this.outConv = new Conv2d(ch[0], config.imageChannels(), 3, 1, 1);
    try (var g = NoGrad.enter()) {
      outConv.weight().zero_();
      outConv.bias().zero_();
    }
  }

  public UNetConfig config() {
    return config;
  }

  /**
   * x [N, C, H, W] noisy images, t [N] timesteps (INT64 or FLOAT32), y [N] INT64 classes in
   * 0 … numClasses (numClasses: none) or null (none): the predicted noise, [N, C, H, W].
   */
  public Tensor forward(Tensor x, Tensor t, Tensor y) {
    int s = config.imageSize(), c = config.imageChannels();
    if (x.dim() != 4 || x.size(1) != c || x.size(2) != s || x.size(3) != s) {
      throw new IllegalArgumentException("UNet: expected images [N, " + c + ", " + s + ", " + s + "], got " + x.shapeString());
    }
    if (t.dim() != 1 || t.size(0) != x.size(0)) {
      throw new IllegalArgumentException("UNet: expected timesteps [" + x.size(0) + "], got " + t.shapeString()
          + " for images " + x.shapeString());
    }
    Tensor emb = timeMlp.forward(t.dtype() == DType.FLOAT32 ? t : t.to(DType.FLOAT32));
    if (classEmbed != null) {
      Tensor labels = y != null ? y : Tensor.full(x.device(), config.numClasses(), x.size(0)).to(DType.INT64);
      if (labels.dim() != 1 || labels.size(0) != x.size(0) || labels.dtype() != DType.INT64) {
        throw new IllegalArgumentException("UNet: expected INT64 class labels [" + x.size(0) + "], got "
            + labels.shapeString() + " " + labels.dtype());
      }
      emb = emb.add(classEmbed.forward(labels));
    } else if (y != null) {
      throw new IllegalArgumentException("UNet: this model is unconditional (num_classes=0) but got class labels "
          + y.shapeString());
    }
    Tensor e = Functional.silu(emb);
    Tensor h = inConv.forward(x);
    List<Tensor> skips = new ArrayList<>();
    int levels = down.size();
    for (int i = 0; i < levels; i++) {
      h = down.get(i).forward(h, e);
      skips.add(h);
      if (i < levels - 1) h = downsample.get(i).forward(h);
    }
    h = mid.forward(h, e);
    for (int i = levels - 1; i >= 0; i--) {
      if (i < levels - 1) h = upsample.get(i).forward(h);
      h = up.get(i).forward(Tensor.cat(List.of(h, skips.get(i)), 1), e);
    }
    return outConv.forward(Functional.silu(outNorm.forward(h)));
  }


  private static int[] channels(UNetConfig c) {
    int[] mult = c.channelMult(), ch = new int[mult.length];
    for (int i = 0; i < mult.length; i++) ch[i] = c.baseChannels() * mult[i];
    return ch;
  }

  /** The resolution at each level: 28, 14, 7, … (a stride-2 conv with padding 1 rounds up). */
  private static int[] sizes(UNetConfig c) {
    int[] s = new int[c.channelMult().length];
    s[0] = c.imageSize();
    for (int i = 1; i < s.length; i++) s[i] = (s[i - 1] + 1) / 2;
    return s;
  }
}
