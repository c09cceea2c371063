package dev.shinso.train;

import dev.shinso.data.DataLoader;
import dev.shinso.data.Dataset;
import dev.shinso.data.transforms.Compose;
import dev.shinso.data.transforms.RandomCrop;
import dev.shinso.data.transforms.RandomHorizontalFlip;
import dev.shinso.data.transforms.Transform;
import dev.shinso.models.Models;
import dev.shinso.nn.Module;
import dev.shinso.optim.Adam;
import dev.shinso.optim.Optimizer;
import dev.shinso.optim.SGD;
import dev.shinso.optim.lr.CosineAnnealingLR;
import dev.shinso.optim.lr.LRScheduler;

/**
 * How a reference model is trained: batch size, optimiser, learning-rate schedule and training
 * augmentation. The defaults are the recipes the benchmarks compare with PyTorch.
 *
 * @param lr the learning rate (the schedule's starting point)
 * @param schedule total training steps → scheduler (stepped after every batch), or null for a constant rate
 * @param augment applied to training batches only, or null
 */
public record Recipe(String model, int batchSize, double lr, OptimizerFactory optimizer, ScheduleFactory schedule,
    Transform augment) {

  @FunctionalInterface
  public interface OptimizerFactory {
    Optimizer create(Module model, double lr);
  }

  @FunctionalInterface
  public interface ScheduleFactory {
    LRScheduler create(Optimizer optimizer, int totalSteps);
  }

  /** The default recipe of each reference model. */
  public static Recipe of(String model) {
    return switch (model) {
      // SGD lr 0.1, momentum 0.9, batch 64.
      case "mlp" -> new Recipe(model, 64, 0.1, (m, lr) -> new SGD(m.parameters(), lr).momentum(0.9), null, null);
      // Adam lr 1e-3, batch 64.
      case "cnn" -> new Recipe(model, 64, 1e-3, (m, lr) -> new Adam(m.parameters(), lr), null, null);
      // SGD with Nesterov momentum and weight decay, cosine decay per step, random crop and flip.
      case "resnet" -> new Recipe(model, 128, 0.1,
          (m, lr) -> new SGD(m.parameters(), lr).momentum(0.9).nesterov(true).weightDecay(5e-4),
          CosineAnnealingLR::new,
          new Compose(new RandomCrop(28, 2), new RandomHorizontalFlip(0.5f)));
      default -> throw new IllegalArgumentException("unknown model '" + model + "'; valid models: "
          + String.join(", ", Models.NAMES));
    };
  }

  /** The shuffled training loader of this recipe: its batch size and augmentation, batches a function of (seed, epoch). */
  public DataLoader loader(Dataset train, long seed) {
    DataLoader.Builder b = DataLoader.builder(train).batchSize(batchSize).shuffle(true).seed(seed);
    if (augment != null) b.transform(augment);
    return b.build();
  }

  public Recipe withBatchSize(int b) {
    return new Recipe(model, b, lr, optimizer, schedule, augment);
  }

  public Recipe withLr(double newLr) {
    return new Recipe(model, batchSize, newLr, optimizer, schedule, augment);
  }
}
