package dev.shinso.distributed;

import dev.shinso.Shinso;
import dev.shinso.io.Checkpoint;
import dev.shinso.nn.Parameter;
import dev.shinso.tensor.Generator;
import dev.shinso.text.LanguageModel;
import dev.shinso.text.LmMetrics;
import dev.shinso.text.LmTrainer;
import dev.shinso.text.NgramBaseline;
import dev.shinso.text.TextCorpus;
import dev.shinso.text.TransformerConfig;
import dev.shinso.text.TransformerLM;
import dev.shinso.train.Meter;
import dev.shinso.train.TrainingStep;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One replica of a data-parallel language-model run, the part of {@code shinso lm train} that every
 * rank of a {@link ProcessGroup} runs.
 *
 * <p>Per-rank policy:
 * <ul>
 *   <li>Every rank builds the model from the same seed, and rank 0's weights are broadcast before the
 *       first step; summed gradients and the same AdamW step keep the replicas equal, and at every
 *       validation check a hash of the weights is compared (a rank that differs is an error that names it).
 *   <li>The batch is the global batch, split evenly ({@link LmTrainer#shard}): every rank draws the
 *       whole batch's windows from a generator seeded alike, and trains on its own contiguous share of
 *       them with its loss weighted 1/N, so the summed gradients are the global batch's mean gradient
 *       and N replicas train as one process would, up to the order of float additions. As the ranks'
 *       generators stay equal, rank 0's checkpoint holds every rank's state.
 *   <li>At every check (each evalEvery steps and the last), the validation windows are scored in
 *       shares, one per rank, and the sums combined; rank 0 writes metrics.csv, {@code last.safetensors}
 *       and, when the validation loss improved, {@code best.safetensors}, in {@code shinso lm train}'s
 *       format (so {@code shinso lm sample} reads them), and records its progress.
 *   <li>A retried run resumes exactly from the last checkpoint of the same run (weights, AdamW, schedule,
 *       generator, metrics so far) and says how many steps it lost.
 * </ul>
 */
public final class DataParallelLm {
  public static final String LAST = "last.safetensors", BEST = "best.safetensors", METRICS = "metrics.csv";
  /** Steps between reads of the training loss, as {@code shinso lm train}. */
  static final int LOG_EVERY = 10;
  private static final String RUN = DataParallelTraining.RUN, HISTORY = "metrics";

  /** One validation check: the figures of a metrics.csv row. trainLoss is the mean over the replicas of the recent steps. */
  public record Check(int step, double trainLoss, double valLoss, double lr, double seconds) implements Serializable {}

  /**
   * What a replica reports when its run ends: the checks (all of the run's, a resumed run's earlier ones
   * included), the baselines of the split, the model's size, and where it resumed from, if it did.
   */
  public record Report(int rank, List<Check> checks, double unigram, double bigram, long parameters, String resumed)
      implements Serializable {}

  private DataParallelLm() {}

  /** Trains this rank's replica; every rank of group calls it with the same spec. */
  public static Report run(DataParallelLmSpec spec, ProcessGroup group, PrintStream log) throws IOException {
    return run(spec, group, log, 0);
  }

  /** As {@link #run(DataParallelLmSpec, ProcessGroup, PrintStream)}, failing on every rank after step failAfter (if positive): a failed attempt, for tests. */
  static Report run(DataParallelLmSpec spec, ProcessGroup group, PrintStream log, int failAfter) throws IOException {
    int rank = group.rank(), size = group.size();
    Path out = Files.createDirectories(Path.of(spec.out()));
    TextCorpus data = TextCorpus.of(text(spec.corpus()));
    if (data.train().length <= spec.context()) {
      throw new IllegalArgumentException("corpus " + spec.corpus() + ": its training part (" + data.train().length
          + " characters) must be longer than the context " + spec.context());
    }
    TransformerConfig config = new TransformerConfig(data.tokenizer().vocabSize(), spec.layers(), spec.heads(), spec.dim(),
        spec.context());
    LanguageModel lm;
    synchronized (DataParallelTraining.SEEDING) { // ranks that are threads of one JVM share the default generator
      Shinso.manualSeed(spec.seed());
      lm = new LanguageModel(new TransformerLM(config), data.tokenizer());
    }
    LmTrainer trainer = new LmTrainer(lm, data, new LmTrainer.Settings(spec.steps(), spec.batch(), spec.lr(), spec.warmup(),
        spec.weightDecay()), new Generator(spec.seed())).shard(rank, size);
    NgramBaseline.Losses base = NgramBaseline.evaluate(data.train(), data.validation(), config.vocabSize());

    List<Check> checks = new ArrayList<>();
    List<String> csvRows = new ArrayList<>();
    int first = 0;
    String resumed = null;
    Checkpoint saved = DataParallelTraining.resumable(out.resolve(LAST), spec.run());
    if (saved != null) {
      first = trainer.restore(saved);
      for (String line : saved.metadata().getOrDefault(HISTORY, "").split("\n")) {
        if (line.isBlank()) continue;
        csvRows.add(line);
        checks.add(parse(line));
      }
      resumed = describeResume(out, spec.run(), first, spec.steps());
      if (rank == 0) log.println(resumed);
    }

    // Closed on every path: its communication thread must not outlive a failed attempt in a
    // long-lived executor.
    try (DistributedDataParallel ddp = new DistributedDataParallel(group, 1 << 20);
         TrainingStep step = trainer.trainingStep()) {
      step.gradientSync(ddp);
      List<Parameter> parameters = lm.model().parameters();
      LmMetrics metrics = rank == 0 ? new LmMetrics(out, csvRows) : null;
      double best = rank == 0 ? bestLoss(out.resolve(BEST), spec.run()) : 0;
      double seconds = checks.isEmpty() ? 0 : checks.getLast().seconds(), recentLoss = Double.NaN;
      Meter meter = new Meter();
      long start = System.nanoTime() - (long) (seconds * 1e9);
      for (int s = first + 1; s <= spec.steps(); s++) {
        meter.add(trainer.trainStep(), null, 1);
        if (rank == 0) DataParallelTraining.recordProgress(out, spec.run(), s);
        if (s == failAfter) throw new IllegalStateException("failure injected after step " + s);
        boolean check = s % spec.evalEvery() == 0 || s == spec.steps();
        if (s % LOG_EVERY == 0 || check) recentLoss = meter.read().loss();
        if (!check) continue;
        double elapsed = (System.nanoTime() - start) / 1e9;
        float[] train = {(float) recentLoss};
        group.allReduceSum(train, 0, 1);
        double trainLoss = train[0] / size;
        if (!Double.isFinite(trainLoss)) {
          throw new IllegalStateException(String.format(Locale.ROOT, "training diverged: the mean loss of the steps up to "
              + "%d is %s; the last good checkpoint is %s", s, trainLoss, out.resolve(LAST)));
        }
        ddp.checkReplicasEqual(parameters);
        boolean last = s == spec.steps();
        double val = validationLoss(lm, data, last ? 0 : spec.evalChars(), group);
        Check c = new Check(s, trainLoss, val, trainer.learningRate(), elapsed);
        checks.add(c);
        if (rank == 0) {
          metrics.add(s, trainLoss, val, c.lr(), elapsed);
          Map<String, String> meta = new LinkedHashMap<>();
          meta.put("val_loss", String.format(Locale.ROOT, "%.4f", val));
          meta.put("unigram", String.format(Locale.ROOT, "%.4f", base.unigram()));
          meta.put("bigram", String.format(Locale.ROOT, "%.4f", base.bigram()));
          meta.put(RUN, spec.run());
          meta.put("replicas", Integer.toString(size));
          meta.put(HISTORY, String.join("\n", metrics.rows()));
          Checkpoint ck = trainer.checkpoint(meta);
          if (val < best) { // best before last: after a crash, the best a resumed run compares with is on disk
            ck.save(out.resolve(BEST));
            best = val;
          }
          ck.save(out.resolve(LAST));
          log.printf(Locale.ROOT, "[rank 0 of %d] step %d/%d train_loss=%.4f val_loss%s=%.4f elapsed_s=%.0f%n", size, s,
              spec.steps(), trainLoss, last ? "" : "~", val, elapsed);
          log.flush();
        }
        start = System.nanoTime() - (long) (elapsed * 1e9); // evaluation and saving are not training time
      }
      return new Report(rank, checks, base.unigram(), base.bigram(), lm.model().parameterCount(), resumed);
    }
  }

  /**
   * The validation loss of the windows {@link LmTrainer#validationLoss} scores, each rank scoring a
   * contiguous share of them and the sums combined over the group.
   */
  static double validationLoss(LanguageModel lm, TextCorpus data, int maxChars, ProcessGroup group) {
    List<TextCorpus.Batch> windows = LmTrainer.validationWindows(data, lm.model().config().context(), maxChars);
    int n = windows.size(), rank = group.rank(), size = group.size();
    int from = (int) ((long) rank * n / size), to = (int) ((long) (rank + 1) * n / size);
    double[] mine = from < to ? LmTrainer.validationSums(lm, windows.subList(from, to), 16) : new double[2];
    float[] sums = {(float) mine[0], (float) mine[1]};
    group.allReduceSum(sums, 0, 2);
    return sums[1] == 0 ? Double.NaN : (double) sums[0] / sums[1];
  }

  /** The corpus text: a file's, or a class-path resource's for {@code classpath:NAME}. */
  static String text(String corpus) throws IOException {
    if (!corpus.startsWith(DataParallelLmSpec.CLASSPATH)) return TextCorpus.read(Path.of(corpus));
    String name = corpus.substring(DataParallelLmSpec.CLASSPATH.length());
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) loader = DataParallelLm.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(name.startsWith("/") ? name.substring(1) : name)) {
      if (in == null) throw new IOException("corpus " + corpus + ": no such resource on the class path");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** "resumed from … after step s; the failed attempt had trained t step(s): n step(s) lost". */
  private static String describeResume(Path out, String run, int step, int steps) throws IOException {
    String where = String.format(Locale.ROOT, "resumed from %s after step %d of %d", out.resolve(LAST), step, steps);
    return where + DataParallelTraining.lostSteps(out, run, step);
  }

  private static double bestLoss(Path best, String run) throws IOException {
    Checkpoint c = DataParallelTraining.resumable(best, run);
    return c == null ? Double.POSITIVE_INFINITY : Double.parseDouble(c.metadata().getOrDefault("val_loss", "Infinity"));
  }

  /** A metrics.csv row back into a check. */
  private static Check parse(String line) {
    String[] f = line.trim().split(",");
    try {
      return new Check(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
          Double.parseDouble(f[3]), Double.parseDouble(f[4]));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("checkpoint metrics: cannot read the row '" + line + "' " + Arrays.toString(f), e);
    }
  }
}
