package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * The ResNet basic block (He et al. 2015): two 3×3 convolutions with batch norm, and a shortcut
 * that adds the input back — the identity when shapes match, else a 1×1 convolution with batch
 * norm (the projection shortcut). State-dict keys follow torchvision: {@code conv1}, {@code bn1},
 * {@code conv2}, {@code bn2}, {@code downsample.0}, {@code downsample.1}.
 */
public final class BasicBlock extends Module {
  private final Conv2d conv1;
  private final BatchNorm2d bn1;
  private final Conv2d conv2;
  private final BatchNorm2d bn2;
  private final Sequential downsample;

  public BasicBlock(int inChannels, int outChannels, int stride) {
    conv1 = new Conv2d(inChannels, outChannels, 3, stride, 1, 1, 1, false);
    bn1 = new BatchNorm2d(outChannels);
    conv2 = new Conv2d(outChannels, outChannels, 3, 1, 1, 1, 1, false);
    bn2 = new BatchNorm2d(outChannels);
    downsample = stride != 1 || inChannels != outChannels
        ? new Sequential(new Conv2d(inChannels, outChannels, 1, stride, 0, 1, 1, false), new BatchNorm2d(outChannels))
        : null;
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor out = bn1.forward(conv1.forward(x)).relu();
    out = bn2.forward(conv2.forward(out));
    Tensor shortcut = downsample == null ? x : downsample.forward(x);
    return out.add(shortcut).relu();
  }
}
