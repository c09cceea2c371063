package dev.shinso.text;

import dev.shinso.autograd.NoGrad;
import dev.shinso.io.Checkpoint;
import dev.shinso.nn.Functional;
import dev.shinso.nn.Parameter;
import dev.shinso.nn.Reduction;
import dev.shinso.optim.AdamW;
import dev.shinso.optim.ParamGroup;
import dev.shinso.optim.lr.CosineAnnealingLR;
import dev.shinso.optim.lr.LRScheduler;
import dev.shinso.optim.lr.LinearLR;
import dev.shinso.optim.lr.SequentialLR;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import dev.shinso.train.TrainingStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The language-model training loop: random windows of the training text, next-character
 * cross-entropy, gradient clipping at norm 1, AdamW (weight decay on matrices only) with a linear
 * warm-up then cosine decay to a tenth of the peak, one step per batch.
 */
public final class LmTrainer {
  public record Settings(int steps, int batch, double lr, int warmup, double weightDecay) {
    public Settings {
      if (steps < 1 || batch < 1 || !(lr > 0) || warmup < 0 || weightDecay < 0) {
        throw new IllegalArgumentException("LmTrainer: steps and batch must be positive, lr > 0, warmup and "
            + "weight decay >= 0; got steps " + steps + ", batch " + batch + ", lr " + lr + ", warmup " + warmup
            + ", weight decay " + weightDecay);
      }
    }
  }

  private final LanguageModel lm;
  private final TextCorpus corpus;
  private final Settings settings;
  private final AdamW optimizer;
  private final LRScheduler scheduler;
  private final TrainingStep trainingStep;
  private final Generator generator;
  private int step;
  private int shardFrom, shardTo; // this replica's rows of each batch; all of them unless sharded

  public LmTrainer(LanguageModel lm, TextCorpus corpus, Settings settings, Generator generator) {
    this.lm = lm;
    this.corpus = corpus;
    this.settings = settings;
    this.generator = generator;
    List<Parameter> decay = new ArrayList<>(), noDecay = new ArrayList<>();
    for (Parameter p : lm.model().parameters()) (p.dim() >= 2 ? decay : noDecay).add(p);
    this.optimizer = new AdamW(List.of(ParamGroup.of(decay), ParamGroup.of(noDecay).weightDecay(0)), settings.lr())
        .betas(0.9, 0.95).weightDecay(settings.weightDecay());
    int warmup = Math.min(settings.warmup(), settings.steps() - 1);
    LRScheduler cosine = new CosineAnnealingLR(optimizer, Math.max(1, settings.steps() - warmup), settings.lr() / 10);
    this.scheduler = warmup == 0 ? cosine : new SequentialLR(optimizer,
        List.of(new LinearLR(optimizer, 1.0 / warmup, 1.0, warmup), cosine), warmup);
    this.trainingStep = new TrainingStep(lm.model().parameters(), optimizer).scheduler(scheduler).clipGradNorm(1.0);
    this.shardTo = settings.batch();
  }

  /**
   * Makes this trainer one of size data-parallel replicas: each step draws the whole batch's windows
   * (every replica's generator is seeded alike, so they draw the same ones) and trains on the rank's
   * equal share of them, its loss weighted by that share, so that the gradients summed over the
   * replicas (see {@link TrainingStep#gradientSync}) are the whole batch's mean gradient.
   */
  public LmTrainer shard(int rank, int size) {
    if (size < 1 || rank < 0 || rank >= size) {
      throw new IllegalArgumentException("LmTrainer.shard: need 0 <= rank < size, got rank " + rank + " of " + size);
    }
    if (settings.batch() % size != 0) {
      throw new IllegalArgumentException("LmTrainer.shard: the batch of " + settings.batch() + " windows does not split "
          + "evenly among " + size + " replicas; choose a multiple of " + size);
    }
    shardFrom = rank * (settings.batch() / size);
    shardTo = shardFrom + settings.batch() / size;
    return this;
  }

  /** The optimisation step, to attach a gradient sync to. */
  public TrainingStep trainingStep() {
    return trainingStep;
  }

  public int step() {
    return step;
  }

  /**
   * One optimisation step on a fresh random batch, on the model's device; returns its mean loss in
   * nats per character as a 0-d tensor on that device (reading it waits for the device: sum the
   * steps' losses and read them once per report, as {@link dev.shinso.train.Meter} does).
   */
  public Tensor trainStep() {
    lm.model().train();
    int t = lm.model().config().context();
    Device device = lm.model().device();
    TextCorpus.Batch b = corpus.randomTrainingBatch(settings.batch(), t, generator, shardFrom, shardTo);
    Tensor logits = lm.model().forward(b.inputs().to(device));
    Tensor loss = Functional.crossEntropy(logits.reshape(-1, logits.size(-1)), b.targets().to(device).reshape(-1));
    step++;
    return trainingStep.step(loss, (double) (shardTo - shardFrom) / settings.batch());
  }

  public double learningRate() {
    return scheduler.lastLr()[0];
  }

  /** Mean validation loss (nats per character) over the first maxChars validation targets (≤ 0: all). */
  public static double validationLoss(LanguageModel lm, TextCorpus corpus, int maxChars, int batch) {
    double[] s = validationSums(lm, validationWindows(corpus, lm.model().config().context(), maxChars), batch);
    return s[1] == 0 ? Double.NaN : (float) s[0] / (long) s[1]; // in float, as it always was
  }

  /** The validation windows {@link #validationLoss} scores: those that begin within the first maxChars targets (≤ 0: all). */
  public static List<TextCorpus.Batch> validationWindows(TextCorpus corpus, int t, int maxChars) {
    List<TextCorpus.Batch> all = corpus.validationWindows(t), used = new ArrayList<>();
    long chars = 0;
    for (TextCorpus.Batch w : all) {
      if (maxChars > 0 && chars >= maxChars) break;
      used.add(w);
      chars += w.inputs().numel();
    }
    return used;
  }

  /**
   * {summed loss, characters} over windows (consecutive windows of {@link #validationWindows}, full
   * ones scored batch at a time), read from the device once; a data-parallel run scores a share of
   * the windows on each replica and adds the sums.
   */
  public static double[] validationSums(LanguageModel lm, List<TextCorpus.Batch> windows, int batch) {
    int t = lm.model().config().context();
    Tensor sum = null;
    long count = 0;
    boolean wasTraining = lm.model().isTraining();
    lm.model().eval();
    try (NoGrad g = NoGrad.enter()) {
      List<Tensor> xs = new ArrayList<>(), ys = new ArrayList<>();
      for (TextCorpus.Batch w : windows) {
        if (w.inputs().size(1) == t) {  // full windows go together in batches
          xs.add(w.inputs());
          ys.add(w.targets());
          if (xs.size() == batch) {
            sum = plus(sum, lossSum(lm, Tensor.cat(xs, 0), Tensor.cat(ys, 0)));
            count += (long) xs.size() * t;
            xs.clear();
            ys.clear();
          }
        } else {
          sum = plus(sum, lossSum(lm, w.inputs(), w.targets()));
          count += w.inputs().numel();
        }
      }
      if (!xs.isEmpty()) {
        sum = plus(sum, lossSum(lm, Tensor.cat(xs, 0), Tensor.cat(ys, 0)));
        count += (long) xs.size() * t;
      }
    } finally {
      if (wasTraining) lm.model().train();
    }
    return new double[] {sum == null ? 0 : sum.item(), count};  // one read, at the end
  }

  private static Tensor plus(Tensor sum, Tensor more) {
    return sum == null ? more : sum.add(more);
  }

  /** The summed loss of a batch, on the model's device. */
  private static Tensor lossSum(LanguageModel lm, Tensor x, Tensor y) {
    Device device = lm.model().device();
    Tensor logits = lm.model().forward(x.to(device));
    return Functional.crossEntropy(logits.reshape(-1, logits.size(-1)), y.to(device).reshape(-1), Reduction.SUM, -100, 0);
  }

  /**
   * Continues from a {@link #checkpoint} of this trainer's model: weights, optimiser, schedule,
   * generator and steps done, so the next steps are those the checkpointed run would have taken.
   * Returns the steps done.
   */
  public int restore(Checkpoint c) {
    lm.model().loadStateDict(c.model(), true);
    optimizer.loadStateDict(c.optimizer());
    scheduler.loadStateDict(c.scheduler());
    generator.setState(c.rngState());
    step = c.epoch();
    return step;
  }

  /** Weights, optimiser, schedule and sampling-generator state after the steps done, with the model's metadata. */
  public Checkpoint checkpoint(Map<String, String> extra) {
    Map<String, String> meta = new java.util.LinkedHashMap<>(lm.metadata());
    meta.putAll(extra);
    return new Checkpoint(lm.model().stateDict(), optimizer.stateDict(), scheduler.stateDict(), generator.getState(),
        step, meta);
  }
}
