package dev.shinso.cli;

import dev.shinso.Shinso;
import dev.shinso.cli.diffusion.DiffusionLog;
import dev.shinso.cli.diffusion.DiffusionProgress;
import dev.shinso.cli.diffusion.ImageGrid;
import dev.shinso.cli.diffusion.Sampling;
import dev.shinso.cli.spark.SparkCommands;
import dev.shinso.distributed.DataParallelDiffusion;
import dev.shinso.distributed.DataParallelDiffusionSpec;
import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.diffusion.Ddpm;
import dev.shinso.diffusion.DdpmTrainer;
import dev.shinso.diffusion.NoiseSchedule;
import dev.shinso.diffusion.UNet;
import dev.shinso.diffusion.UNetConfig;
import dev.shinso.io.Checkpoint;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
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
 * {@code shinso diffusion train}: trains a U-Net DDPM on Fashion-MNIST's training images. After every
 * epoch it rewrites metrics.csv, loss.png, last.safetensors (the averaged weights, config and schedule,
 * plus the training state that --resume continues from) and preview.png (a few DDIM samples, one column per class for a conditional model).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a denoising diffusion model (a small U-Net that predicts the noise) on Fashion-MNIST.",
        "Writes into --out after every epoch: metrics.csv, loss.png, last.safetensors and preview.png."})
final class DiffusionTrainCommand implements Callable<Integer> {
  /** Fashion-MNIST's training images. */
  private static final int FASHION_MNIST_TRAIN = 60_000;

  @Spec CommandSpec spec;

  @Option(names = "--data", description = "folder with the Fashion-MNIST files (default: $SHINSO_DATA, ~/.shinso/data, "
      + "/usr/share/datasets/fashion-mnist)")
  Path data;

  @Option(names = "--no-download", description = "fail instead of downloading missing data")
  boolean noDownload;

  @Option(names = "--epochs", defaultValue = "1", description = "epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--max-minutes", description = "stop after this much training time, mid-epoch if need be (the "
      + "checkpoint keeps what was learned; default: no limit)")
  Double maxMinutes;

  @Option(names = "--limit", description = "train on the first N training images only (default: all 60000)")
  Integer limit;

  @Option(names = "--batch", defaultValue = "128", description = "batch size (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--base-channels", defaultValue = "32", description = "U-Net channels at full resolution (default: ${DEFAULT-VALUE})")
  int baseChannels;

  @Option(names = "--channel-mult", defaultValue = "1,2", split = ",",
      description = "channel multiplier per level; each further level halves the resolution (default: ${DEFAULT-VALUE})")
  int[] channelMult;

  @Option(names = "--groups", defaultValue = "8", description = "GroupNorm groups (default: ${DEFAULT-VALUE})")
  int groups;

  @Option(names = "--unconditional", description = "no class conditioning (default: conditioned on the 10 classes, "
      + "with classifier-free guidance)")
  boolean unconditional;

  @Option(names = "--p-uncond", defaultValue = "0.1", description = "how often a label is dropped in training, for "
      + "classifier-free guidance (default: ${DEFAULT-VALUE})")
  double pUncond;

  @Option(names = "--schedule", defaultValue = "linear", description = "noise schedule: linear or cosine (default: ${DEFAULT-VALUE})")
  String schedule;

  @Option(names = "--timesteps", defaultValue = "1000", description = "diffusion steps T (default: ${DEFAULT-VALUE})")
  int timesteps;

  @Option(names = "--ema", defaultValue = "0.999", description = "decay of the weights' moving average (default: ${DEFAULT-VALUE})")
  double ema;

  @Option(names = "--preview", defaultValue = "20", description = "samples in preview.png after each epoch, 0 for none "
      + "(default: ${DEFAULT-VALUE})")
  int preview;

  @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--threads", description = "intra-op threads (default: cores, or $SHINSO_NUM_THREADS)")
  Integer threads;

  @Option(names = "--resume", description = "continue from this checkpoint (e.g. <out>/last.safetensors): the model, "
      + "schedule and epochs done come from the file, --epochs counts the total")
  Path resume;

  @Option(names = "--force", description = "start over in an --out that holds an earlier run (its files are replaced)")
  boolean force;

  @Option(names = "--out", defaultValue = "out/diffusion", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--spark", paramLabel = "MASTER", description = "train data-parallel on Apache Spark: local[N] or "
      + "spark://host:port (needs --data, a folder every worker reads; --out must be one every worker writes)")
  String spark;

  @Option(names = "--workers", defaultValue = "2", description = "with --spark: replicas, one per task slot; each global "
      + "batch is split among them (default: ${DEFAULT-VALUE})")
  int workers;

  @Option(names = "--checkpoint-every", defaultValue = "100", description = "with --spark: steps between checkpoints; a "
      + "failed attempt loses at most these (default: ${DEFAULT-VALUE})")
  int checkpointEvery;

  @Option(names = "--attempts", defaultValue = "3", description = "with --spark: attempts in all; each retry resumes from "
      + "the last checkpoint (default: ${DEFAULT-VALUE})")
  int attempts;

  @Mixin DeviceOption deviceOption;

  @Mixin Tf32Option tf32Option;

  @Override
  public Integer call() throws Exception {
    // Every argument is checked before any work: a bad one fails at once, not after loading or training.
    if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
    if (maxMinutes != null && !(maxMinutes > 0)) {
      throw new IllegalArgumentException("--max-minutes must be positive, got " + maxMinutes);
    }
    if (limit != null && limit < 1) throw new IllegalArgumentException("--limit must be positive, got " + limit);
    if (preview < 0) throw new IllegalArgumentException("--preview must be 0 or more, got " + preview);
    DdpmTrainer.Settings settings = new DdpmTrainer.Settings(batch, lr, pUncond, ema, seed); // checks their ranges
    if (spark != null) return onSpark();
    Device device = deviceOption.device();  // a GPU that cannot be used fails before the folder is touched
    // Locked for the run; a fresh run keeps an earlier run's files unless --force.
    try (OutputFolder folder = OutputFolder.open(out); Tf32Option.Scope _ = tf32Option.apply()) {
      if (resume == null) folder.startOver(force, "last.safetensors", "metrics.csv", "preview.png", "loss.png");
      return train(settings, device);
    }
  }

  private int train(DdpmTrainer.Settings settings, Device device) throws IOException {
    if (threads != null) Shinso.setNumThreads(threads);
    Shinso.manualSeed(seed);
    PrintWriter w = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    FashionMnist train = FashionMnist.builder().train(true).root(data).download(!noDownload).build();
    Tensor images = train.images(), labels = train.labels();
    if (limit != null) {
      int n = Math.min(limit, train.size());
      images = images.narrow(0, 0, n);
      labels = labels.narrow(0, 0, n);
    }
    w.printf(Locale.ROOT, "data: %d training images (%.1f s)%n", images.size(0), (System.nanoTime() - t0) / 1e9);

    DdpmTrainer.Loaded resumed = resume == null ? null : DdpmTrainer.load(resume);
    UNetConfig config = resumed != null ? resumed.model().config()
        : new UNetConfig(1, 28, baseChannels, channelMult, groups, unconditional ? 0 : train.classes().size());
    UNet net = new UNet(config);
    net.to(device);
    Ddpm ddpm = resumed != null ? resumed.ddpm() : new Ddpm(NoiseSchedule.of(schedule, timesteps));
    DdpmTrainer trainer = new DdpmTrainer(net, ddpm, images, labels, settings);
    int first = 0;
    double seconds = 0;
    int imagesSeen = 0;
    if (resumed != null) {
      Checkpoint c = resumed.checkpoint();
      first = trainer.restore(c);
      seconds = Double.parseDouble(c.metadata().getOrDefault("train.seconds", "0"));
      imagesSeen = Integer.parseInt(c.metadata().getOrDefault("train.images", "0"));
      w.printf(Locale.ROOT, "resumed from %s after epoch %d (%s)%n", resume, first, DdpmTrainer.isExactResume(c)
          ? "weights, Adam and noise generator as they were" : "it holds the averaged weights only: training "
          + "continues from them with a fresh Adam");
    }
    w.printf(Locale.ROOT, "model: %s, %,d parameters; channels %s, %s; T=%d %s schedule; batch %d, lr %s, %s%n",
        DdpmTrainer.MODEL_KIND, net.parameterCount(), channels(config),
        config.conditional() ? config.numClasses() + " classes (p_uncond " + pUncond + ")" : "unconditional",
        ddpm.schedule().steps(), ddpm.schedule().kind(), batch, lr, TrainCommand.where(device) + tf32Option.note(device));
    w.printf(Locale.ROOT, "out: %s (metrics.csv, loss.png, last.safetensors, preview.png)%n", out);
    w.flush();

    if (first >= epochs) {
      throw new IllegalArgumentException("--epochs " + epochs + ": the checkpoint has already trained " + first
          + " epochs; ask for more to continue");
    }
    DiffusionLog log = DiffusionLog.read(out, first);
    DdpmTrainer.EpochStats s = null;
    long deadline = maxMinutes == null ? Long.MAX_VALUE : System.nanoTime() + (long) (maxMinutes * 60e9);
    for (int e = first; e < epochs && System.nanoTime() - deadline < 0; e++) {
      try (DiffusionProgress bar = new DiffusionProgress("epoch " + (e + 1) + "/" + epochs, trainer.stepsPerEpoch())) {
        s = trainer.trainEpoch(e, bar, deadline);
      }
      seconds += s.seconds();
      imagesSeen += s.images();
      boolean partial = s.images() < images.size(0);
      w.printf(Locale.ROOT, "epoch %d/%d loss=%.4f img_s=%.1f epoch_s=%.1f%s%n", e + 1, epochs, s.loss(),
          s.imagesPerSecond(), s.seconds(), partial ? " (stopped at --max-minutes after " + s.images() + " images)" : "");
      w.flush();
      log.add(new DiffusionLog.Row(e + 1, s.loss(), s.imagesPerSecond(), s.seconds()));
      log.write(out);
      trainer.checkpoint(e + 1, Map.of("train.images", Integer.toString(imagesSeen),
          "train.seconds", String.format(Locale.ROOT, "%.1f", seconds))).save(out.resolve("last.safetensors"));
      if (preview > 0) {
        UNet avg = trainer.averagedModel();
        long[] y0 = config.conditional() ? Sampling.cycle(preview, config.numClasses()) : null;
        Tensor p = Sampling.generate("preview", avg, ddpm, preview, y0, config.conditional() ? 2 : 0,
            Math.min(50, timesteps), 0, preview, new Generator(seed));
        ImageGrid.save(ImageGrid.grid(p, config.conditional() ? config.numClasses() : 10, 2), out.resolve("preview.png"));
      }
    }
    w.printf(Locale.ROOT, "loss=%.4f img_s=%.1f train_s=%.1f images=%d%n", s.loss(), imagesSeen / seconds, seconds,
        imagesSeen);  // over the whole run, resumed parts included
    w.flush();
    return 0;
  }

  /**
   * Data-parallel training on Spark: the driver (this process) checks the options, locks and prepares
   * --out, the replicas train and rank 0 writes last.safetensors there; then the driver writes
   * metrics.csv, loss.png and preview.png and prints the epochs and the summary line as a single
   * process does.
   */
  private int onSpark() throws Exception {
    if (data == null) {
      throw new IllegalArgumentException("--spark needs --data: a folder with the Fashion-MNIST files that every worker "
          + "can read");
    }
    if (resume != null) {
      throw new IllegalArgumentException("--resume does not go with --spark: a Spark run resumes by itself from the "
          + "last checkpoint when an attempt fails; start a new run in another --out");
    }
    if (maxMinutes != null) throw new IllegalArgumentException("--max-minutes does not go with --spark");
    if (!deviceOption.namesCpu()) {
      throw new IllegalArgumentException("--spark trains on the workers' CPUs; leave --device " + deviceOption.name() + " out");
    }
    if (workers < 1 || checkpointEvery < 1 || attempts < 1) {
      throw new IllegalArgumentException("--workers, --checkpoint-every and --attempts must be at least 1, got "
          + workers + ", " + checkpointEvery + " and " + attempts);
    }
    int n = limit == null ? FASHION_MNIST_TRAIN : Math.min(limit, FASHION_MNIST_TRAIN), last = n % batch;
    if (Math.min(batch, n) < workers || (n > batch && last != 0 && last < workers)) {
      throw new IllegalArgumentException("--batch " + batch + " over " + n + " images leaves a global batch of "
          + (Math.min(batch, n) < workers ? Math.min(batch, n) : last) + ", fewer than --workers " + workers
          + ": every replica needs an image of each batch; choose another --batch");
    }
    UNetConfig config = new UNetConfig(1, 28, baseChannels, channelMult, groups, unconditional ? 0 : 10); // checks them
    Ddpm ddpm = new Ddpm(NoiseSchedule.of(schedule, timesteps));
    PrintWriter w = spec.commandLine().getOut();
    try (OutputFolder folder = OutputFolder.open(out)) {
      folder.startOver(force, "last.safetensors", "metrics.csv", "preview.png", "loss.png");
      DataParallelDiffusionSpec s = new DataParallelDiffusionSpec(data.toAbsolutePath().toString(), n, epochs, batch, lr,
          baseChannels, channelMult, groups, !unconditional, pUncond, schedule, timesteps, ema, seed,
          threads == null ? 1 : threads, out.toAbsolutePath().toString(), checkpointEvery, 120, UUID.randomUUID().toString());
      w.printf(Locale.ROOT, "data: %d training images, read by each replica%n", n);
      w.printf(Locale.ROOT, "model: %s, %,d parameters; channels %s, %s; T=%d %s schedule; batch %d, lr %s, on Spark %s: "
          + "%d replicas of %d thread(s)%n", DdpmTrainer.MODEL_KIND, new UNet(config).parameterCount(), channels(config),
          config.conditional() ? config.numClasses() + " classes (p_uncond " + pUncond + ")" : "unconditional",
          ddpm.schedule().steps(), ddpm.schedule().kind(), batch, lr, spark, workers, s.threads());
      w.printf(Locale.ROOT, "out: %s (metrics.csv, loss.png, last.safetensors every %d steps, preview.png)%n", out,
          checkpointEvery);
      w.flush();
      DataParallelDiffusion.Report r = SparkCommands.find().diffusionTrain(spark, workers, s, attempts, w);
      DiffusionLog log = new DiffusionLog();
      double seconds = 0;
      long imagesSeen = 0;
      for (DataParallelDiffusion.Epoch e : r.epochs()) {
        w.printf(Locale.ROOT, "epoch %d/%d loss=%.4f img_s=%.1f epoch_s=%.1f%n", e.epoch(), epochs, e.loss(),
            e.imagesPerSecond(), e.seconds());
        log.add(new DiffusionLog.Row(e.epoch(), e.loss(), e.imagesPerSecond(), e.seconds()));
        seconds += e.seconds();
        imagesSeen += e.images();
      }
      log.write(out);
      if (preview > 0) {
        UNet avg = DdpmTrainer.load(out.resolve("last.safetensors")).model();
        long[] y0 = config.conditional() ? Sampling.cycle(preview, config.numClasses()) : null;
        Tensor p = Sampling.generate("preview", avg, ddpm, preview, y0, config.conditional() ? 2 : 0,
            Math.min(50, timesteps), 0, preview, new Generator(seed));
        ImageGrid.save(ImageGrid.grid(p, config.conditional() ? config.numClasses() : 10, 2), out.resolve("preview.png"));
      }
      w.printf(Locale.ROOT, "loss=%.4f img_s=%.1f train_s=%.1f images=%d%n", r.epochs().getLast().loss(),
          imagesSeen / seconds, seconds, imagesSeen);
      w.flush();
    }
    return 0;
  }

  private String channels(UNetConfig c) {
    StringBuilder sb = new StringBuilder();
    int size = c.imageSize();
    for (int i = 0; i < c.channelMult().length; i++) {
      if (i > 0) size = (size + 1) / 2;
      sb.append(i == 0 ? "" : "/").append(c.baseChannels() * c.channelMult()[i]).append('@').append(size);
    }
    return sb.toString();
  }
}
