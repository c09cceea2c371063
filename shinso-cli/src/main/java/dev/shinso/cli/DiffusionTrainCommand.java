package dev.shinso.cli;

import dev.shinso.Shinso;
import dev.shinso.backend.cpu.IntraOpPool;
import dev.shinso.cli.diffusion.DiffusionProgress;
import dev.shinso.cli.diffusion.ImageGrid;
import dev.shinso.cli.diffusion.Sampling;
import dev.shinso.cli.plot.Charts;
import dev.shinso.cli.plot.Csv;
import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.diffusion.Ddpm;
import dev.shinso.diffusion.DdpmTrainer;
import dev.shinso.diffusion.NoiseSchedule;
import dev.shinso.diffusion.UNet;
import dev.shinso.diffusion.UNetConfig;
import dev.shinso.io.AtomicFiles;
import dev.shinso.lecture.Figure;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shinso diffusion train}: trains a U-Net DDPM on Fashion-MNIST's training images. After every
 * epoch it rewrites metrics.csv, loss.png, last.safetensors (the averaged weights, config and schedule)
 * and preview.png (a few DDIM samples, one column per class for a conditional model).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a denoising diffusion model (a small U-Net that predicts the noise) on Fashion-MNIST.",
        "Writes into --out after every epoch: metrics.csv, loss.png, last.safetensors and preview.png."})
final class DiffusionTrainCommand implements Callable<Integer> {
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

  @Option(names = "--out", defaultValue = "out/diffusion", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
    if (batch < 1) throw new IllegalArgumentException("--batch must be positive, got " + batch);
    if (threads != null) IntraOpPool.setNumThreads(threads);
    Shinso.manualSeed(seed);
    PrintWriter w = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    FashionMnist train = FashionMnist.builder().train(true).root(data).download(!noDownload).build();
    Tensor images = train.images(), labels = train.labels();
    if (limit != null) {
      if (limit < 1) throw new IllegalArgumentException("--limit must be positive, got " + limit);
      int n = Math.min(limit, train.size());
      images = images.narrow(0, 0, n);
      labels = labels.narrow(0, 0, n);
    }
    w.printf(Locale.ROOT, "data: %d training images (%.1f s)%n", images.size(0), (System.nanoTime() - t0) / 1e9);

    UNetConfig config = new UNetConfig(1, 28, baseChannels, channelMult, groups, unconditional ? 0 : train.classes().size());
    UNet net = new UNet(config);
    Ddpm ddpm = new Ddpm(NoiseSchedule.of(schedule, timesteps));
    DdpmTrainer trainer = new DdpmTrainer(net, ddpm, images, labels,
        new DdpmTrainer.Settings(batch, lr, pUncond, ema, seed));
    w.printf(Locale.ROOT, "model: %s, %,d parameters; channels %s, %s; T=%d %s schedule; batch %d, lr %s, %d thread(s)%n",
        DdpmTrainer.MODEL_KIND, net.parameterCount(), channels(config),
        config.conditional() ? config.numClasses() + " classes (p_uncond " + pUncond + ")" : "unconditional",
        timesteps, schedule, batch, lr, IntraOpPool.numThreads());
    w.printf(Locale.ROOT, "out: %s (metrics.csv, loss.png, last.safetensors, preview.png)%n", out);
    w.flush();

    StringBuilder csv = new StringBuilder("epoch,loss,images_per_s,epoch_s\n");
    double[] losses = new double[epochs];
    double seconds = 0;
    int imagesSeen = 0;
    DdpmTrainer.EpochStats s = null;
    long deadline = maxMinutes == null ? Long.MAX_VALUE : System.nanoTime() + (long) (maxMinutes * 60e9);
    for (int e = 0; e < epochs && System.nanoTime() - deadline < 0; e++) {
      try (DiffusionProgress bar = new DiffusionProgress("epoch " + (e + 1) + "/" + epochs, trainer.stepsPerEpoch())) {
        s = trainer.trainEpoch(e, bar, deadline);
      }
      seconds += s.seconds();
      imagesSeen += s.images();
      losses[e] = s.loss();
      boolean partial = s.images() < images.size(0);
      w.printf(Locale.ROOT, "epoch %d/%d loss=%.4f img_s=%.1f epoch_s=%.1f%s%n", e + 1, epochs, s.loss(),
          s.imagesPerSecond(), s.seconds(), partial ? " (stopped at --max-minutes after " + s.images() + " images)" : "");
      w.flush();
      csv.append(e + 1).append(',').append(Csv.number(s.loss())).append(',').append(Csv.number(s.imagesPerSecond()))
          .append(',').append(Csv.number(s.seconds())).append('\n');
      byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
      AtomicFiles.write(out.resolve("metrics.csv"), o -> o.write(bytes));
      double[] x = new double[e + 1], y = Arrays.copyOf(losses, e + 1);
      for (int i = 0; i <= e; i++) x[i] = i + 1;
      Charts.savePng(Figure.of("loss", "Noise-prediction loss (MSE)", "epoch", "loss", Figure.Series.line("train", x, y)),
          out.resolve("loss.png"));
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
        imagesSeen);
    w.flush();
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
