package dev.shinso.lecture.experiments;

import dev.shinso.nn.BatchNorm2d;
import dev.shinso.nn.Conv2d;
import dev.shinso.nn.Module;
import dev.shinso.tensor.Tensor;

/**
 * Two 3×3 convolutions at one width, each optionally followed by batch norm, with or without the
 * identity shortcut: {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + x)}. With both options on it is
 * {@link dev.shinso.nn.BasicBlock} (same layers, same state-dict keys); without the shortcut it is
 * the same two layers of a plain network, so plain and residual nets differ only by the addition.
 */
final class ConvBlock extends Module {
  private final Conv2d conv1;
  private final BatchNorm2d bn1;
  private final Conv2d conv2;
  private final BatchNorm2d bn2;
  private final boolean shortcut;

  ConvBlock(int width, boolean batchNorm, boolean shortcut) {
    conv1 = new Conv2d(width, width, 3, 1, 1, 1, 1, false);
    bn1 = batchNorm ? new BatchNorm2d(width) : null;
    conv2 = new Conv2d(width, width, 3, 1, 1, 1, 1, false);
    bn2 = batchNorm ? new BatchNorm2d(width) : null;
    this.shortcut = shortcut;
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor out = conv1.forward(x);
    if (bn1 != null) out = bn1.forward(out);
    out = conv2.forward(out.relu());
    if (bn2 != null) out = bn2.forward(out);
    return (shortcut ? out.add(x) : out).relu();
  }

  @Override
  protected String extraRepr() {
    return "shortcut=" + (shortcut ? "True" : "False");
  }
}
