package dev.shinso.models;

import dev.shinso.nn.AdaptiveAvgPool2d;
import dev.shinso.nn.BasicBlock;
import dev.shinso.nn.BatchNorm2d;
import dev.shinso.nn.Conv2d;
import dev.shinso.nn.Flatten;
import dev.shinso.nn.Linear;
import dev.shinso.nn.MaxPool2d;
import dev.shinso.nn.Module;
import dev.shinso.nn.ReLU;
import dev.shinso.nn.Sequential;
import java.util.List;
import java.util.function.Supplier;

/** The reference models for 28×28 grey images with 10 classes (Fashion-MNIST), as Sequentials. */
public final class Models {
  private Models() {}

  /** The names {@link #create} knows. */
  public static final List<String> NAMES = List.of("mlp", "cnn", "resnet");

  public static Module create(String name) {
    Supplier<Module> factory = switch (name) {
      case "mlp" -> Models::mlp;
      case "cnn" -> Models::cnn;
      case "resnet" -> Models::resnet;
      default -> throw new IllegalArgumentException("unknown model '" + name + "'; valid models: " + String.join(", ", NAMES));
    };
    return factory.get();
  }

  /** 784-256-128-10 with ReLU. */
  public static Sequential mlp() {
    return new Sequential(new Flatten(), new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(),
        new Linear(128, 10));
  }

  /** conv 1→32 3×3 p1, ReLU, maxpool 2; conv 32→64 3×3 p1, ReLU, maxpool 2; linear 3136→128, ReLU; linear 128→10. */
  public static Sequential cnn() {
    return new Sequential(
        new Conv2d(1, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2),
        new Conv2d(32, 64, 3, 1, 1), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(64 * 7 * 7, 128), new ReLU(), new Linear(128, 10)).fuseConvRelu();
  }

  /**
   * A small ResNet: a 3×3 stem to 16 channels, then three stages of two BasicBlocks at 16, 32 and 64
   * channels (the last two halve the resolution: 28→14→7), global average pooling and a linear head.
   */
  public static Sequential resnet() {
    return new Sequential(
        new Conv2d(1, 16, 3, 1, 1, 1, 1, false), new BatchNorm2d(16), new ReLU(),
        stage(16, 16, 1), stage(16, 32, 2), stage(32, 64, 2),
        new AdaptiveAvgPool2d(1), new Flatten(), new Linear(64, 10));
  }

  private static Sequential stage(int in, int out, int stride) {
    return new Sequential(new BasicBlock(in, out, stride), new BasicBlock(out, out, 1));
  }
}
