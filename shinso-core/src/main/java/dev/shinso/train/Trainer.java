package dev.shinso.train;

import dev.shinso.Shinso;
import dev.shinso.autograd.NoGrad;
import dev.shinso.data.Batch;
import dev.shinso.data.DataLoader;
import dev.shinso.data.Dataset;
import dev.shinso.io.Checkpoint;
import dev.shinso.nn.CrossEntropyLoss;
import dev.shinso.nn.Module;
import dev.shinso.optim.Optimizer;
import dev.shinso.optim.lr.LRScheduler;
import dev.shinso.tensor.Tensor;
import java.util.Map;

/**
 * The classification training loop: forward, cross-entropy, backward, optimiser step, schedule
 * step, for each batch of an epoch; evaluation without gradients; checkpoints that resume exactly
 * (weights, optimiser and schedule state, and the random generator that drives dropout).
 */
public final class Trainer {
  private final Module model;
  private final Optimizer optimizer;
  private final LRScheduler scheduler;
  private final DataLoader loader;
  private final CrossEntropyLoss loss = new CrossEntropyLoss();

  /** Per-step progress: called after every batch. */
  @FunctionalInterface
  public interface StepListener {
    void onStep(int step, int steps, double loss, double accuracy, int images, double seconds);
  }

  public record EpochStats(int epoch, double loss, double accuracy, int images, double seconds) {}

  public record Evaluation(double loss, double accuracy, int count) {}

  /** scheduler may be null (constant learning rate); it is stepped after every batch. */
  public Trainer(Module model, Optimizer optimizer, LRScheduler scheduler, DataLoader loader) {
    this.model = model;
    this.optimizer = optimizer;
    this.scheduler = scheduler;
    this.loader = loader;
  }

  /** Builds the model's default optimiser and schedule from a recipe, for the given number of epochs. */
  public static Trainer fromRecipe(Recipe recipe, Module model, DataLoader loader, int epochs) {
    Optimizer opt = recipe.optimizer().create(model, recipe.lr());
    LRScheduler sched = recipe.schedule() == null ? null
        : recipe.schedule().create(opt, Math.max(1, epochs * loader.numBatches()));
    return new Trainer(model, opt, sched, loader);
  }

  public Module model() {
    return model;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  /** Trains one epoch (its batch order is a function of the loader's seed and the epoch number). */
  public EpochStats trainEpoch(int epoch, StepListener listener) {
    model.train();
    int steps = loader.numBatches(), step = 0, images = 0;
    double lossSum = 0, correct = 0;
    long start = System.nanoTime();
    for (Batch b : loader.epoch(epoch)) {
      Tensor logits = model.forward(b.inputs());
      Tensor l = loss.forward(logits, b.targets());
      optimizer.zeroGrad();
      l.backward();
      optimizer.step();
      if (scheduler != null) scheduler.step();
      int n = b.targets().numel();
      double batchLoss = l.item();
      double batchCorrect = correctCount(logits, b.targets());
      lossSum += batchLoss * n;
      correct += batchCorrect;
      images += n;
      step++;
      if (listener != null) {
        listener.onStep(step, steps, batchLoss, batchCorrect / n, images, (System.nanoTime() - start) / 1e9);
      }
    }
    return new EpochStats(epoch, lossSum / Math.max(1, images), correct / Math.max(1, images), images,
        (System.nanoTime() - start) / 1e9);
  }

  /** Mean loss and accuracy over a dataset, in evaluation mode and without a graph. */
  public static Evaluation evaluate(Module model, Dataset data, int batchSize) {
    boolean wasTraining = model.isTraining();
    model.eval();
    CrossEntropyLoss sumLoss = new CrossEntropyLoss(dev.shinso.nn.Reduction.SUM);
    double lossSum = 0, correct = 0;
    try (NoGrad g = NoGrad.enter()) {
      DataLoader all = DataLoader.builder(data).batchSize(batchSize).shuffle(false).prefetch(0).build();
      for (Batch b : all.epoch(0)) {
        Tensor logits = model.forward(b.inputs());
        lossSum += sumLoss.forward(logits, b.targets()).item();
        correct += correctCount(logits, b.targets());
      }
    } finally {
      if (wasTraining) model.train();
    }
    int n = data.size();
    return new Evaluation(lossSum / Math.max(1, n), correct / Math.max(1, n), n);
  }

  private static double correctCount(Tensor logits, Tensor targets) {
    try (NoGrad g = NoGrad.enter()) {
      return logits.argmax(1, false).eq(targets).sum().item();
    }
  }

  /** Everything needed to continue after epochsDone epochs exactly as if never stopped. */
  public Checkpoint checkpoint(int epochsDone, Map<String, String> metadata) {
    return new Checkpoint(model.stateDict(), optimizer.stateDict(),
        scheduler == null ? Map.of() : scheduler.stateDict(), Shinso.defaultGenerator().getState(), epochsDone, metadata);
  }

  /** Restores a checkpoint; returns the number of epochs it had finished. */
  public int restore(Checkpoint c) {
    model.loadStateDict(c.model(), true);
    optimizer.loadStateDict(c.optimizer());
    if (scheduler != null) scheduler.loadStateDict(c.scheduler());
    Shinso.defaultGenerator().setState(c.rngState());
    return c.epoch();
  }
}
