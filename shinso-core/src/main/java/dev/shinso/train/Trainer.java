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
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;
import java.util.Locale;
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
  private final TrainingStep trainingStep;
  private final CrossEntropyLoss loss = new CrossEntropyLoss();
  private int logEvery = 10;
  private StepHook hook = new StepHook() {};

  /**
   * Progress: called every {@link #logEvery(int)} steps and after the last one, with the mean loss
   * and accuracy of the batches since the previous call and the epoch's images and seconds so far.
   */
  @FunctionalInterface
  public interface StepListener {
    void onStep(int step, int steps, double loss, double accuracy, int images, double seconds);
  }

  /** Told before and after every optimiser step: where a distributed run reseeds and checkpoints. */
  public interface StepHook {
    /** step: the index of the batch in its epoch, about to train. */
    default void beforeStep(int epoch, int step) {}

    /** stepsDone: how many of the epoch's batches have trained, this one included. */
    default void afterStep(int epoch, int stepsDone) {}
  }

  public record EpochStats(int epoch, double loss, double accuracy, int images, double seconds) {}

  public record Evaluation(double loss, double accuracy, int count) {}

  /** scheduler may be null (constant learning rate); it is stepped after every batch. */
  public Trainer(Module model, Optimizer optimizer, LRScheduler scheduler, DataLoader loader) {
    this.model = model;
    this.optimizer = optimizer;
    this.scheduler = scheduler;
    this.loader = loader;
    this.trainingStep = new TrainingStep(model.parameters(), optimizer).scheduler(scheduler);
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

  /**
   * How many steps pass between progress reports (default 10). Loss and accuracy are summed on the
   * model's device and read back only at a report, so on a GPU a step never waits for the device;
   * without a listener they are read once, at the end of the epoch.
   */
  public Trainer logEvery(int steps) {
    if (steps < 1) throw new IllegalArgumentException("logEvery: steps must be positive, got " + steps);
    logEvery = steps;
    return this;
  }

  /**
   * Clips the total gradient 2-norm to maxNorm before every optimiser step ({@link
   * dev.shinso.optim.GradClip#clipGradNorm}, as PyTorch Lightning's {@code gradient_clip_val}); off by default.
   */
  public Trainer clipGradNorm(double maxNorm) {
    trainingStep.clipGradNorm(maxNorm);
    return this;
  }

  /** Sets the hook told around every step (one; the last set wins). */
  public Trainer stepHook(StepHook hook) {
    this.hook = java.util.Objects.requireNonNull(hook, "hook");
    return this;
  }

  /** The step this loop takes per batch: attach a gradient sync or an average to it. */
  public TrainingStep trainingStep() {
    return trainingStep;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  /**
   * Trains one epoch (its batch order is a function of the loader's seed and the epoch number); the
   * batches go to the model's device.
   */
  public EpochStats trainEpoch(int epoch, StepListener listener) {
    return trainEpoch(epoch, 0, listener);
  }

  /**
   * Trains the batches of an epoch from index firstStep on: a run resumed from a checkpoint written
   * mid-epoch continues with the batch after it. With a {@link DataLoader#shard sharded} loader each
   * batch is this replica's share of a global batch, and its loss is weighted by that share, so that
   * the replicas' gradients sum to the global batch's (see {@link GradientSync}). The statistics are
   * this replica's.
   */
  public EpochStats trainEpoch(int epoch, int firstStep, StepListener listener) {
    if (loader.numBatches() == 0) {
      // Training on nothing would report loss 0 and accuracy 0 as if it were a result.
      throw new IllegalArgumentException("Trainer: the training data gives no batches (" + loader + ")");
    }
    model.train();
    Device device = model.device();
    int steps = loader.numBatches(), step = firstStep, images = 0, readAfter = firstStep;
    double lossSum = 0, correct = 0;
    Meter meter = new Meter();
    long start = System.nanoTime();
    for (Batch b : (Iterable<Batch>) () -> loader.iterator(epoch, firstStep)) {
      hook.beforeStep(epoch, step);
      Tensor x = b.inputs().to(device), y = b.targets().to(device);
      Tensor logits = model.forward(x);
      Tensor l = loss.forward(logits, y);
      int n = y.numel();
      trainingStep.step(l, loader.worldSize() == 1 ? 1 : (double) n / loader.globalBatchSize(step));
      meter.add(l, correctCount(logits, y), n);
      images += n;
      step++;
      hook.afterStep(epoch, step);
      if ((listener != null && step % logEvery == 0) || step == steps) {
        Meter.Reading r = meter.read();
        if (!Double.isFinite(r.loss())) {
          throw new IllegalStateException(String.format(Locale.ROOT, "training diverged: the mean loss of epoch %d, "
              + "steps %d–%d, is %s", epoch + 1, readAfter + 1, step, r.loss()));
        }
        readAfter = step;
        lossSum += r.loss() * r.count();
        correct += r.accuracy() * r.count();
        if (listener != null) {
          listener.onStep(step, steps, r.loss(), r.accuracy(), images, (System.nanoTime() - start) / 1e9);
        }
      }
    }
    return new EpochStats(epoch, lossSum / Math.max(1, images), correct / Math.max(1, images), images,
        (System.nanoTime() - start) / 1e9);
  }

  /** Mean loss and accuracy over a dataset, in evaluation mode and without a graph, on the model's device. */
  public static Evaluation evaluate(Module model, Dataset data, int batchSize) {
    if (data.size() == 0) throw new IllegalArgumentException("evaluate: the data set is empty");
    boolean wasTraining = model.isTraining();
    model.eval();
    Device device = model.device();
    Meter meter = new Meter();
    try (NoGrad g = NoGrad.enter()) {
      // A fixed seed: without one the loader draws its seed from the default generator, and evaluating
      // would shift every later draw of a training run (dropout masks, shuffles).
      DataLoader all = DataLoader.builder(data).batchSize(batchSize).shuffle(false).seed(0).prefetch(0).build();
      for (Batch b : all.epoch(0)) {
        Tensor x = b.inputs().to(device), y = b.targets().to(device);
        Tensor logits = model.forward(x);
        meter.add(new CrossEntropyLoss().forward(logits, y), correctCount(logits, y), y.numel());
      }
    } finally {
      if (wasTraining) model.train();
    }
    Meter.Reading r = meter.read();
    return new Evaluation(r.loss(), r.accuracy(), data.size());
  }

  /** The number of rows whose largest logit is the target's, a 0-d tensor on their device. */
  private static Tensor correctCount(Tensor logits, Tensor targets) {
    try (NoGrad g = NoGrad.enter()) {
      return logits.argmax(1, false).eq(targets).sum();
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
