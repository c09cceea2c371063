package dev.shinso.diffusion;

import dev.shinso.io.Checkpoint;
import dev.shinso.optim.Adam;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import dev.shinso.train.Ema;
import dev.shinso.train.Meter;
import dev.shinso.train.TrainingStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains a {@link UNet} as a DDPM on images in [0, 1] (scaled to [−1, 1]): Adam, gradient norm clipped
 * at 1, an exponential moving average of the weights for sampling, and shuffled batches that are a
 * function of (seed, epoch). Checkpoints hold the averaged weights and, as metadata, the U-Net's config
 * and the noise schedule, so {@link #load} rebuilds the sampler from the file alone; their optimizer
 * section holds the rest of the training state (the weights being trained and Adam's moments), so
 * {@link #restore} continues a run exactly where an epoch ended.
 */
public final class DdpmTrainer {
  /** Steps between progress reports. */
  public static final int LOG_EVERY = 10;
  /** The {@code model} metadata of a diffusion checkpoint. */
  public static final String MODEL_KIND = "ddpm-unet";

  private static final String WEIGHTS = "weights.", ADAM = "adam.", EMA_UPDATES = "ema.updates";

  private final UNet model;
  private final Ddpm ddpm;
  private final Tensor images;
  private final Tensor labels;
  private final int batchSize;
  private final double pUncond;
  private final Adam optimizer;
  private final TrainingStep trainingStep;
  private final Ema ema;
  private final long seed;
  private final Generator noise;
  private int rank, worldSize = 1;

  public record Settings(int batchSize, double lr, double pUncond, double emaDecay, long seed) {
    /** Rejects what cannot train: {@code batch < 1}, {@code lr <= 0}, pUncond or emaDecay outside [0, 1], NaN anywhere. */
    public Settings {
      if (batchSize < 1) throw new IllegalArgumentException("DdpmTrainer: batch size must be positive, got " + batchSize);
      if (!(lr > 0 && lr < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("DdpmTrainer: lr must be a positive number, got " + lr);
      }
      if (!(pUncond >= 0 && pUncond <= 1)) throw new IllegalArgumentException("DdpmTrainer: pUncond must be in [0, 1], got " + pUncond);
      if (!(emaDecay >= 0 && emaDecay <= 1)) {
        throw new IllegalArgumentException("DdpmTrainer: emaDecay must be in [0, 1], got " + emaDecay);
      }
    }
  }

  /** What happened in one epoch: mean loss, images seen, seconds. */
  public record EpochStats(int epoch, double loss, int images, double seconds) {
    public double imagesPerSecond() {
      return images / Math.max(1e-9, seconds);
    }
  }

  /**
   * Told every {@value #LOG_EVERY} optimiser steps and after the last, with the mean loss of the steps
   * since the previous call (summed on the device, read back only then).
   */
  public interface StepListener {
    void onStep(int step, int steps, double loss, int images, double seconds);
  }

  /** images FLOAT32 [N, C, H, W] in [0, 1]; labels INT64 [N] (ignored by an unconditional model). */
  public DdpmTrainer(UNet model, Ddpm ddpm, Tensor images, Tensor labels, Settings s) {
    UNetConfig c = model.config();
    if (images.dim() != 4 || images.size(1) != c.imageChannels() || images.size(2) != c.imageSize()
        || images.size(3) != c.imageSize()) {
      throw new IllegalArgumentException("DdpmTrainer: images " + images.shapeString() + " do not fit the U-Net's ["
          + "N, " + c.imageChannels() + ", " + c.imageSize() + ", " + c.imageSize() + "]");
    }
    if (labels.dim() != 1 || labels.size(0) != images.size(0)) {
      throw new IllegalArgumentException("DdpmTrainer: labels " + labels.shapeString() + " do not match images "
          + images.shapeString());
    }
    this.model = model;
    this.ddpm = ddpm;
    this.images = images.mul(2).sub(1).contiguous();
    this.labels = labels.dtype() == DType.INT64 ? labels : labels.to(DType.INT64);
    this.batchSize = s.batchSize();
    this.pUncond = s.pUncond();
    this.optimizer = new Adam(model.parameters(), s.lr());
    this.ema = new Ema(model, s.emaDecay());
    this.trainingStep = new TrainingStep(model.parameters(), optimizer).clipGradNorm(1.0).ema(ema, model);
    this.seed = s.seed();
    this.noise = new Generator(s.seed() * 31 + 7);
  }

  public int stepsPerEpoch() {
    return (images.size(0) + batchSize - 1) / batchSize;
  }

  /**
   * Makes this trainer one of size data-parallel replicas, as {@link dev.shinso.data.DataLoader#shard}
   * does for classifiers: each global batch (the same permutation on every replica) is cut into size
   * contiguous shards, this rank trains on its own, and its loss is weighted by its share, so that the
   * gradients summed over the replicas ({@link TrainingStep#gradientSync}) are the global batch's. The
   * noise of the whole batch is drawn on every replica (their generators are seeded alike and stay
   * equal) and each uses its rows', so N replicas see the noise one process would.
   */
  public DdpmTrainer shard(int rank, int size) {
    if (size < 1 || rank < 0 || rank >= size) {
      throw new IllegalArgumentException("DdpmTrainer.shard: need 0 <= rank < size, got rank " + rank + " of " + size);
    }
    int n = images.size(0), last = n % batchSize;
    if (Math.min(batchSize, n) < size || (n > batchSize && last != 0 && last < size)) {
      throw new IllegalArgumentException("DdpmTrainer.shard: every global batch needs an image for each of the " + size
          + " replicas, but batch size " + batchSize + " over " + n + " images leaves a batch of "
          + (Math.min(batchSize, n) < size ? Math.min(batchSize, n) : last) + "; choose another batch size");
    }
    this.rank = rank;
    this.worldSize = size;
    return this;
  }

  /** The optimisation step, to attach a gradient sync to. */
  public TrainingStep trainingStep() {
    return trainingStep;
  }

  public EpochStats trainEpoch(int epoch, StepListener listener) {
    return trainEpoch(epoch, listener, Long.MAX_VALUE);
  }

  /**
   * Trains an epoch, or the part of it that ends with the first step finished after deadline (a
   * System.nanoTime() value): a time-boxed run stops mid-epoch with everything it learned.
   */
  public EpochStats trainEpoch(int epoch, StepListener listener, long deadline) {
    return trainSteps(epoch, 0, stepsPerEpoch(), listener, deadline);
  }

  /**
   * Steps [from, to) of an epoch, as {@link #trainEpoch(int, StepListener, long)} trains them (the
   * listener is told of step numbers within the epoch); the stats cover these steps, and this
   * replica's images alone when it is a shard. A run that checkpoints within epochs trains them a
   * part at a time, and a resumed one starts where its checkpoint ended.
   */
  public EpochStats trainSteps(int epoch, int from, int to, StepListener listener, long deadline) {
    model.train();
    int n = images.size(0), steps = stepsPerEpoch(), seen = 0;
    if (from < 0 || to > steps || from >= to) {
      throw new IllegalArgumentException("DdpmTrainer.trainSteps: steps [" + from + ", " + to + ") are not a non-empty "
          + "part of an epoch of " + steps);
    }
    long[] order = epochOrder(n, seed, epoch);
    Device device = model.device();  // the data set stays where it is; each batch goes to the model
    double lossSum = 0;
    Meter meter = new Meter();
    long start = System.nanoTime();
    for (int step = from; step < to; step++) {
      int first = step * batchSize, global = Math.min(batchSize, n - first);
      // this replica's rows of the global batch (all of them unless sharded)
      int lo = (int) ((long) rank * global / worldSize), hi = (int) ((long) (rank + 1) * global / worldSize), size = hi - lo;
      long[] idx = java.util.Arrays.copyOfRange(order, first + lo, first + hi);
      Tensor index = Tensor.ofLongs(images.device(), idx, size);
      Tensor x0 = images.indexSelect(0, index).to(device), y = labels.indexSelect(0, index).to(device);
      Tensor loss = ddpm.loss(model, x0, y, pUncond, noise, global, lo);
      trainingStep.step(loss, (double) size / global);
      meter.add(loss, null, size);
      seen += size;
      boolean stop = System.nanoTime() - deadline > 0;
      if ((listener != null && (step + 1) % LOG_EVERY == 0) || step + 1 == to || stop) {
        Meter.Reading r = meter.read();
        if (!Double.isFinite(r.loss())) {
          throw new IllegalStateException("training diverged: the mean loss of epoch " + (epoch + 1) + " up to step "
              + (step + 1) + " is " + r.loss());
        }
        lossSum += r.loss() * r.count();
        if (listener != null) listener.onStep(step + 1, steps, r.loss(), seen, (System.nanoTime() - start) / 1e9);
      }
      if (stop) break;
    }
    return new EpochStats(epoch, lossSum / Math.max(1, seen), seen, (System.nanoTime() - start) / 1e9);
  }

  /** A U-Net with the averaged weights, in eval mode: the one to sample from. */
  public UNet averagedModel() {
    UNet m = new UNet(model.config());
    m.to(model.device());
    m.loadStateDict(ema.stateDict(), true);
    m.eval();
    return m;
  }

  /** The averaged weights with the config and schedule as metadata (plus extra). */
  public Checkpoint checkpoint(int epochsDone, Map<String, String> extra) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("model", MODEL_KIND);
    meta.putAll(model.config().toMetadata());
    meta.put("diffusion.schedule", ddpm.schedule().kind());
    meta.put("diffusion.timesteps", Integer.toString(ddpm.schedule().steps()));
    meta.put(EMA_UPDATES, Long.toString(ema.updates()));
    meta.putAll(extra);
    Map<String, Tensor> state = new LinkedHashMap<>();
    model.stateDict().forEach((k, v) -> state.put(WEIGHTS + k, v));
    optimizer.stateDict().forEach((k, v) -> state.put(ADAM + k, v));
    return new Checkpoint(ema.stateDict(), state, Map.of(), noise.getState(), epochsDone, meta);
  }

  /**
   * Continues from a checkpoint of this trainer's model; returns the epochs it had finished (the next
   * epoch to train). A checkpoint that holds only the averaged weights (one written before checkpoints
   * carried the training state) starts the trained weights from the average and Adam afresh; {@link
   * #isExactResume} tells which.
   */
  public int restore(Checkpoint c) {
    Map<String, Tensor> weights = new LinkedHashMap<>(), adam = new LinkedHashMap<>();
    c.optimizer().forEach((k, v) -> {
      if (k.startsWith(WEIGHTS)) weights.put(k.substring(WEIGHTS.length()), v);
      else if (k.startsWith(ADAM)) adam.put(k.substring(ADAM.length()), v);
      else throw new IllegalArgumentException("DdpmTrainer.restore: unexpected training state '" + k + "'");
    });
    boolean exact = isExactResume(c);
    model.loadStateDict(exact ? weights : c.model(), true);
    if (exact) optimizer.loadStateDict(adam);
    String updates = c.metadata().get(EMA_UPDATES);
    ema.restore(c.model(), updates != null ? Long.parseLong(updates) : (long) c.epoch() * stepsPerEpoch());
    noise.setState(c.rngState());
    return c.epoch();
  }

  /** Whether the checkpoint carries the full training state, so that {@link #restore} is exact. */
  public static boolean isExactResume(Checkpoint c) {
    return !c.optimizer().isEmpty();
  }

  /** A trained model and its sampler, rebuilt from a checkpoint. */
  public record Loaded(UNet model, Ddpm ddpm, Checkpoint checkpoint) {}

  /**
   * Loads a diffusion checkpoint. Any other file, or a checkpoint of another model (a classifier from
   * {@code shinso train}, say), is an IllegalArgumentException that says what the file holds.
   */
  public static Loaded load(Path file) throws IOException {
    Checkpoint c = Checkpoint.load(file);
    String kind = c.metadata().get("model");
    if (!MODEL_KIND.equals(kind)) {
      throw new IllegalArgumentException("checkpoint " + file + " holds " + (kind == null ? "a model of unknown kind"
          : "a '" + kind + "' model") + ", not a diffusion U-Net (model=" + MODEL_KIND + "); make one with "
          + "'shinso diffusion train'");
    }
    UNetConfig config;
    NoiseSchedule schedule;
    try {
      config = UNetConfig.fromMetadata(c.metadata());
      schedule = NoiseSchedule.of(c.metadata().get("diffusion.schedule"),
          Integer.parseInt(c.metadata().get("diffusion.timesteps")));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("checkpoint " + file + ": damaged diffusion metadata: " + e.getMessage());
    }
    UNet model = new UNet(config);
    try {
      model.loadStateDict(c.model(), true);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checkpoint " + file + ": its weights do not fit the U-Net its metadata "
          + "describes: " + e.getMessage(), e);
    }
    model.eval();
    return new Loaded(model, new Ddpm(schedule), c);
  }

  /** The model being trained (not the average). */
  public UNet model() {
    return model;
  }

  /**
   * The order in which epoch {@code epoch} of a run seeded {@code seed} visits n images (the same on every
   * replica): public so that a benchmark can feed another framework the very batches this trainer draws.
   */
  public static long[] epochOrder(int n, long seed, int epoch) {
    Generator g = new Generator(seed * 1_000_003 + epoch);
    long[] p = new long[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = (int) g.nextLong(i + 1);
      long t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
