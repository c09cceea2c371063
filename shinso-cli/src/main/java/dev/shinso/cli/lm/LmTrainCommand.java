package dev.shinso.cli.lm;

import dev.shinso.Shinso;
import dev.shinso.cli.DeviceOption;
import dev.shinso.cli.OutputFolder;
import dev.shinso.cli.spark.SparkCommands;
import dev.shinso.distributed.DataParallelLm;
import dev.shinso.distributed.DataParallelLmSpec;
import dev.shinso.tensor.Generator;
import dev.shinso.text.LanguageModel;
import dev.shinso.text.LmMetrics;
import dev.shinso.text.LmTrainer;
import dev.shinso.text.NgramBaseline;
import dev.shinso.text.TextCorpus;
import dev.shinso.text.TransformerConfig;
import dev.shinso.text.TransformerLM;
import dev.shinso.train.Meter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shinso lm train}: trains a character-level transformer on a text split 90/10 by position,
 * and compares its validation loss with the unigram and bigram baselines of the same split.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a character-level transformer language model on a UTF-8 text (first 90%% train, last 10%% "
        + "validation) and print its validation loss beside the unigram and bigram baselines, in nats/char.",
        "Writes into --out: metrics.csv (step, train_loss, val_loss, lr, seconds), best.safetensors (lowest validation "
            + "loss) and last.safetensors; both hold the model's configuration and vocabulary."})
public final class LmTrainCommand implements Callable<Integer> {
  /** The bundled corpus: Pride and Prejudice and Persuasion (public domain). */
  public static final String DEFAULT_CORPUS = "/dev/shinso/cli/lm/austen.txt";
  /** Steps between reads of the training loss (its mean over them is the train_loss shown and logged). */
  private static final int LOG_EVERY = 10;

  @Spec CommandSpec spec;

  @Option(names = "--corpus", description = "UTF-8 text file (default: the bundled Jane Austen corpus, 1.15 MB)")
  Path corpus;

  @Option(names = "--layers", defaultValue = "4", description = "transformer blocks (default: ${DEFAULT-VALUE})")
  int layers;

  @Option(names = "--heads", defaultValue = "4", description = "attention heads (default: ${DEFAULT-VALUE})")
  int heads;

  @Option(names = "--dim", defaultValue = "128", description = "embedding width (default: ${DEFAULT-VALUE})")
  int dim;

  @Option(names = "--context", defaultValue = "128", description = "characters of context (default: ${DEFAULT-VALUE})")
  int context;

  @Option(names = "--steps", defaultValue = "3000", description = "optimiser steps (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--batch", defaultValue = "32", description = "windows per step (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--lr", defaultValue = "0.003", description = "peak learning rate of AdamW (default: ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--warmup", defaultValue = "100", description = "linear warm-up steps before cosine decay (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--weight-decay", defaultValue = "0.1", description = "AdamW weight decay on matrices (default: ${DEFAULT-VALUE})")
  double weightDecay;

  @Option(names = "--eval-every", defaultValue = "250", description = "steps between validation checks (default: ${DEFAULT-VALUE})")
  int evalEvery;

  @Option(names = "--eval-chars", defaultValue = "20000",
      description = "validation characters scored at the checks during training, 0: all; the final check scores all "
          + "(default: ${DEFAULT-VALUE})")
  int evalChars;

  @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--threads", description = "intra-op threads (default: cores, or $SHINSO_NUM_THREADS)")
  Integer threads;

  @Option(names = "--out", defaultValue = "out/lm", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--force", description = "start over in an --out that holds an earlier run (its files are replaced)")
  boolean force;

  @Option(names = "--spark", paramLabel = "MASTER", description = "train data-parallel on Apache Spark: local[N] or "
      + "spark://host:port (--corpus, if given, must be a file every worker reads; --out one every worker writes)")
  String spark;

  @Option(names = "--workers", defaultValue = "2", description = "with --spark: replicas, one per task slot; --batch is "
      + "the global batch, split evenly among them (default: ${DEFAULT-VALUE})")
  int workers;

  @Option(names = "--attempts", defaultValue = "3", description = "with --spark: attempts in all; each retry resumes from "
      + "the last checkpoint, written at every --eval-every check (default: ${DEFAULT-VALUE})")
  int attempts;

  @Mixin DeviceOption deviceOption;

  @Mixin dev.shinso.cli.Tf32Option tf32Option;

  @Override
  public Integer call() throws Exception {
    checkOptions();
    if (spark != null) return onSpark();
    var device = deviceOption.device();
    String text = corpus == null ? bundledCorpus() : TextCorpus.read(corpus);
    TextCorpus data = corpus(text);
    // Locked for the run, so a second run cannot mix its files in; an earlier run's are kept unless --force.
    try (OutputFolder folder = OutputFolder.open(out); var _ = tf32Option.apply()) {
      folder.startOver(force, "last.safetensors", "best.safetensors", "metrics.csv");
      return train(device, text, data);
    }
  }

  private TextCorpus corpus(String text) {
    TextCorpus data = TextCorpus.of(text);
    if (data.train().length <= context) {
      throw new IllegalArgumentException("corpus " + (corpus == null ? "(bundled)" : corpus) + ": its training part ("
          + data.train().length + " characters) must be longer than --context " + context);
    }
    return data;
  }

  /**
   * Data-parallel training on Spark: the driver (this process) locks and prepares --out, then the
   * replicas train and rank 0 writes metrics.csv and the checkpoints there; the driver prints the
   * checks and the summary line as a single process does.
   */
  private int onSpark() throws Exception {
    String text = corpus == null ? bundledCorpus() : TextCorpus.read(corpus);
    TextCorpus data = corpus(text);
    PrintWriter w = spec.commandLine().getOut();
    try (OutputFolder folder = OutputFolder.open(out)) {
      folder.startOver(force, "last.safetensors", "best.safetensors", "metrics.csv");
      DataParallelLmSpec s = new DataParallelLmSpec(corpus == null ? DataParallelLmSpec.CLASSPATH + DEFAULT_CORPUS.substring(1)
          : corpus.toAbsolutePath().toString(), layers, heads, dim, context, steps, batch, lr, warmup, weightDecay,
          evalEvery, evalChars, seed, threads == null ? 1 : threads, out.toAbsolutePath().toString(), 120,
          UUID.randomUUID().toString());
      NgramBaseline.Losses base = NgramBaseline.evaluate(data.train(), data.validation(), data.tokenizer().vocabSize());
      w.printf(Locale.ROOT, "corpus: %s, %,d characters (%,d train, %,d validation), vocabulary %d%n",
          corpus == null ? "bundled (Austen: Pride and Prejudice, Persuasion)" : corpus,
          text.codePointCount(0, text.length()), data.train().length, data.validation().length,
          data.tokenizer().vocabSize());
      TransformerConfig config = new TransformerConfig(data.tokenizer().vocabSize(), layers, heads, dim, context);
      w.printf(Locale.ROOT, "model: %d layers, %d heads, dim %d, context %d; %,d parameters%n", layers, heads, dim,
          context, new TransformerLM(config).parameterCount());
      w.printf(Locale.ROOT, "training: %d steps of %d×%d characters (%d per replica), AdamW lr %s (warm-up %d, cosine), "
          + "on Spark %s: %d replicas of %d thread(s)%n", steps, batch, context, batch / workers, lr, warmup, spark,
          workers, s.threads());
      w.printf(Locale.ROOT, "baselines (validation, nats/char): unigram=%.4f bigram=%.4f%n", base.unigram(), base.bigram());
      w.printf(Locale.ROOT, "out: %s (metrics.csv, best.safetensors, last.safetensors at every check)%n", out);
      w.flush();
      DataParallelLm.Report r = SparkCommands.find().lmTrain(spark, workers, s, attempts, w);
      for (DataParallelLm.Check c : r.checks()) {
        w.printf(Locale.ROOT, "step %d/%d train_loss=%.4f val_loss%s=%.4f elapsed_s=%.0f%n", c.step(), steps,
            c.trainLoss(), c.step() == steps ? "" : "~", c.valLoss(), c.seconds());
      }
      double trainSeconds = r.checks().getLast().seconds();
      w.printf(Locale.ROOT, "val_loss=%.4f unigram=%.4f bigram=%.4f train_s=%.1f steps_per_s=%.2f%n",
          r.checks().getLast().valLoss(), r.unigram(), r.bigram(), trainSeconds, steps / trainSeconds);
      w.flush();
    }
    return 0;
  }

  private int train(dev.shinso.tensor.Device device, String text, TextCorpus data) throws IOException {
    if (threads != null) Shinso.setNumThreads(threads);
    PrintWriter w = spec.commandLine().getOut();
    TransformerConfig config = new TransformerConfig(data.tokenizer().vocabSize(), layers, heads, dim, context);
    LmTrainer.Settings settings = new LmTrainer.Settings(steps, batch, lr, warmup, weightDecay);
    Shinso.manualSeed(seed);
    LanguageModel lm = new LanguageModel(new TransformerLM(config), data.tokenizer());
    lm.model().to(device);
    LmTrainer trainer = new LmTrainer(lm, data, settings, new Generator(seed));
    NgramBaseline.Losses base = NgramBaseline.evaluate(data.train(), data.validation(), config.vocabSize());

    w.printf(Locale.ROOT, "corpus: %s, %,d characters (%,d train, %,d validation), vocabulary %d%n",
        corpus == null ? "bundled (Austen: Pride and Prejudice, Persuasion)" : corpus,
        text.codePointCount(0, text.length()),
        data.train().length, data.validation().length, config.vocabSize());
    w.printf(Locale.ROOT, "model: %d layers, %d heads, dim %d, context %d; %,d parameters%n", layers, heads, dim,
        context, lm.model().parameterCount());
    w.printf(Locale.ROOT, "training: %d steps of %d×%d characters, AdamW lr %s (warm-up %d, cosine), %s%n",
        steps, batch, context, lr, warmup, (device.isCpu() ? Shinso.numThreads() + " thread(s)" : "on " + device)
        + tf32Option.note(device));
    w.printf(Locale.ROOT, "baselines (validation, nats/char): unigram=%.4f bigram=%.4f%n", base.unigram(), base.bigram());
    w.printf(Locale.ROOT, "out: %s (metrics.csv, best.safetensors, last.safetensors)%n", out);
    w.flush();

    LmMetrics metrics = new LmMetrics(out);
    double best = Double.POSITIVE_INFINITY, trainSeconds = 0, recentLoss = Double.NaN;
    Meter meter = new Meter();  // the losses stay on the device until a report reads them
    try (LmProgress bar = new LmProgress(steps, batch * context)) {
      long start = System.nanoTime();
      for (int s = 1; s <= steps; s++) {
        meter.add(trainer.trainStep(), null, 1);
        if (s % LOG_EVERY == 0 || s % evalEvery == 0 || s == steps) {
          recentLoss = meter.read().loss();
          if (!Double.isFinite(recentLoss)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "training diverged: the mean loss of the steps "
                + "up to %d is %s; the last good checkpoint is %s", s, recentLoss, out.resolve("last.safetensors")));
          }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        bar.onStep(s, recentLoss, trainer.learningRate(), elapsed);
        if (s % evalEvery == 0 || s == steps) {
          trainSeconds = elapsed;
          boolean last = s == steps;
          double val = LmTrainer.validationLoss(lm, data, last ? 0 : evalChars, 16);
          metrics.add(s, recentLoss, val, trainer.learningRate(), elapsed);
          bar.pause(String.format(Locale.ROOT, "step %d/%d train_loss=%.4f val_loss%s=%.4f elapsed_s=%.0f", s, steps,
              recentLoss, last ? "" : "~", val, elapsed), w);
          var c = trainer.checkpoint(Map.of("val_loss", String.format(Locale.ROOT, "%.4f", val),
              "unigram", String.format(Locale.ROOT, "%.4f", base.unigram()),
              "bigram", String.format(Locale.ROOT, "%.4f", base.bigram())));
          c.save(out.resolve("last.safetensors"));
          if (val < best) {
            best = val;
            c.save(out.resolve("best.safetensors"));
          }
          start = System.nanoTime() - (long) (elapsed * 1e9);  // evaluation and saving are not training time
        }
      }
    }
    double val = metrics.lastValidationLoss();
    w.printf(Locale.ROOT, "val_loss=%.4f unigram=%.4f bigram=%.4f train_s=%.1f steps_per_s=%.2f%n", val,
        base.unigram(), base.bigram(), trainSeconds, steps / trainSeconds);
    w.flush();
    return 0;
  }

  /** Every numeric option in range, before the corpus is read or anything is allocated. */
  private void checkOptions() {
    LmOptionChecks check = new LmOptionChecks(spec).atLeast("--layers", layers, 1, "").atLeast("--heads", heads, 1, "")
        .atLeast("--dim", dim, 1, "").atLeast("--context", context, 1, "").atLeast("--steps", steps, 1, "")
        .atLeast("--batch", batch, 1, "").positive("--lr", lr).atLeast("--warmup", warmup, 0, "")
        .nonNegative("--weight-decay", weightDecay, "").atLeast("--eval-every", evalEvery, 1, "")
        .atLeast("--eval-chars", evalChars, 0, " (0 scores all the validation text)");
    if (threads != null) check.atLeast("--threads", threads, 1, "");
    if (dim % heads != 0) check.fail("--dim", String.valueOf(dim), "must be a multiple of --heads " + heads);
    if (spark != null) {
      check.atLeast("--workers", workers, 1, "").atLeast("--attempts", attempts, 1, "");
      if (batch % workers != 0) {
        check.fail("--batch", String.valueOf(batch), "must split evenly among --workers " + workers + " (it is the "
            + "global batch); choose a multiple of " + workers);
      }
      if (!deviceOption.namesCpu()) check.fail("--device", deviceOption.name(), "does not go with --spark, which trains on the workers' "
          + "CPUs; leave --device out");
    }
  }

  static String bundledCorpus() throws IOException {
    try (InputStream in = LmTrainCommand.class.getResourceAsStream(DEFAULT_CORPUS)) {
      if (in == null) throw new IOException("the bundled corpus " + DEFAULT_CORPUS + " is missing from the jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
