package dev.shinso.cli;

import dev.shinso.Shinso;
import dev.shinso.cli.spark.SparkCommands;
import dev.shinso.cli.train.TrainLog;
import dev.shinso.cli.train.TrainProgress;
import dev.shinso.data.DataLoader;
import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.distributed.DataParallelSpec;
import dev.shinso.distributed.EpochRow;
import dev.shinso.io.Checkpoint;
import dev.shinso.models.Models;
import dev.shinso.nn.Module;
import dev.shinso.train.Recipe;
import dev.shinso.tensor.Device;
import dev.shinso.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * {@code shinso train}: trains a reference model on Fashion-MNIST and evaluates it after every
 * epoch. Progress bars go to stderr; stdout has one summary line per epoch and a final
 * {@code test_acc=… epoch_s=…} line. The output folder holds metrics.csv, loss and accuracy
 * curves, and the best (by test accuracy) and last checkpoints.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a reference model (mlp, cnn, resnet) on Fashion-MNIST and report test accuracy.",
        "Writes into --out: metrics.csv, loss.png, accuracy.png (after every epoch), best.safetensors (best test "
            + "accuracy so far) and last.safetensors (every epoch; resume from it with --resume)."})
final class TrainCommand implements Callable<Integer> {
  private static final String LAST = "last.safetensors", BEST = "best.safetensors", RUN = "run";

  @Spec CommandSpec spec;

  @Option(names = "--model", description = "mlp, cnn or resnet (default: the --resume checkpoint's model, else mlp)")
  String model;

  @Option(names = "--data", description = "folder with the Fashion-MNIST files (default: $SHINSO_DATA, ~/.shinso/data, "
      + "/usr/share/datasets/fashion-mnist)")
  Path data;

  @Option(names = "--epochs", defaultValue = "1", description = "epochs to train (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch", description = "batch size (default: the model's recipe)")
  Integer batch;

  @Option(names = "--lr", description = "learning rate (default: the model's recipe)")
  Double lr;

  @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--threads", description = "intra-op threads (default: cores, or $SHINSO_NUM_THREADS)")
  Integer threads;

  @Option(names = "--out", description = "output folder (default: out/train/<model>)")
  Path out;

  @Option(names = "--resume", description = "continue from this checkpoint (e.g. <out>/last.safetensors)")
  Path resume;

  @Option(names = "--force", description = "start over in an --out that holds a run, or resume into one that has "
      + "trained further (its later checkpoints and history are replaced)")
  boolean force;

  @Option(names = "--no-download", description = "fail instead of downloading missing data")
  boolean noDownload;

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
    Checkpoint resumed = resume == null ? null : Checkpoint.load(resume);
    if (model == null) model = resumed != null ? resumed.metadata().getOrDefault("model", "mlp") : "mlp";
    if (!Models.NAMES.contains(model)) {
      throw new IllegalArgumentException("unknown model '" + model + "'; valid models: " + String.join(", ", Models.NAMES));
    }
    if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
    if (spark != null) return onSpark();
    Device device = deviceOption.device();
    if (threads != null) Shinso.setNumThreads(threads);
    if (out == null) out = Path.of("out", "train", model);
    // The folder is created and locked before any work: an unwritable one or a second run fails at once.
    try (OutputFolder folder = OutputFolder.open(out); Tf32Option.Scope _ = tf32Option.apply()) {
      String run = prepare(folder, resumed);
      return train(folder, resumed, run, device);
    }
  }

  /**
   * Data-parallel training on Spark: the driver (this process) locks and prepares --out, then the
   * replicas train and rank 0 writes the checkpoints there.
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
    if (!deviceOption.device().isCpu()) throw new IllegalArgumentException("--spark trains on the workers' CPUs; leave "
        + "--device out");
    if (workers < 1 || checkpointEvery < 1 || attempts < 1) {
      throw new IllegalArgumentException("--workers, --checkpoint-every and --attempts must be at least 1, got "
          + workers + ", " + checkpointEvery + " and " + attempts);
    }
    if (out == null) out = Path.of("out", "train", model);
    try (OutputFolder folder = OutputFolder.open(out)) {
      String run = prepare(folder, null);
      DataParallelSpec s = new DataParallelSpec(model, data.toAbsolutePath().toString(), epochs, batch == null ? 0 : batch,
          lr == null ? 0 : lr, seed, threads == null ? 1 : threads, out.toAbsolutePath().toString(), checkpointEvery,
          120, run, 0);
      java.io.PrintWriter w = spec.commandLine().getOut();
      w.printf(Locale.ROOT, "model: %s on Spark %s, %d replicas (global batch %s, split among them), %s thread(s) each%n",
          model, spark, workers, batch == null ? "of the recipe" : batch, s.threads());
      w.printf(Locale.ROOT, "out: %s (metrics.csv, best.safetensors, last.safetensors every %d steps)%n", out,
          checkpointEvery);
      w.flush();
      List<EpochRow> rows = SparkCommands.find().train(spark, workers, s, attempts, w);
      TrainLog log = new TrainLog();
      double seconds = 0;
      for (EpochRow r : rows) {
        w.printf(Locale.ROOT, "epoch %d/%d loss=%.4f train_acc=%.4f test_loss=%.4f test_acc=%.4f epoch_s=%.1f%n",
            r.epoch(), epochs, r.loss(), r.accuracy(), r.testLoss(), r.testAccuracy(), r.seconds());
        log.add(new TrainLog.Row(r.epoch(), r.loss(), r.accuracy(), r.testLoss(), r.testAccuracy(), r.seconds()));
        seconds += r.seconds();
      }
      log.write(out);
      w.printf(Locale.ROOT, "test_acc=%.4f epoch_s=%.2f%n", rows.getLast().testAccuracy(), seconds / rows.size());
      w.flush();
    }
    return 0;
  }

  /**
   * Makes the folder fit this run and returns the run's id. A fresh run refuses a folder that holds
   * another run, and a resume refuses one that has trained further or belongs to another run
   * (either would lose results), unless --force; with it, what would be inconsistent is removed.
   */
  private String prepare(OutputFolder folder, Checkpoint resumed) throws IOException {
    int lastEpoch = folder.epochOf(LAST);
    if (resumed == null) {
      if (lastEpoch >= 0 || Files.exists(folder.resolve("metrics.csv"))) {
        if (!force) {
          throw new IllegalStateException("output folder " + out + " already holds a run" + (lastEpoch >= 0 ? " (last."
              + "safetensors after epoch " + lastEpoch + ")" : "") + "; continue it with --resume " + folder.resolve(LAST)
              + ", choose another --out, or pass --force to start over");
        }
        for (String f : new String[] {LAST, BEST, "metrics.csv", "loss.png", "accuracy.png"}) {
          Files.deleteIfExists(folder.resolve(f));
        }
      }
      return UUID.randomUUID().toString();
    }
    String run = resumed.metadata().getOrDefault(RUN, UUID.randomUUID().toString());
    String lastRun = lastEpoch >= 0 ? Checkpoint.load(folder.resolve(LAST)).metadata().get(RUN) : null;
    boolean otherRun = lastEpoch >= 0 && !run.equals(lastRun);
    if ((lastEpoch > resumed.epoch() || otherRun) && !force) {
      throw new IllegalStateException("--resume " + resume + " is after epoch " + resumed.epoch() + " but "
          + folder.resolve(LAST) + (otherRun ? " belongs to another run" : " is after epoch " + lastEpoch)
          + ": resuming here would overwrite it and cut metrics.csv; choose another --out, or pass --force");
    }
    if (otherRun || folder.epochOf(BEST) > resumed.epoch()) Files.deleteIfExists(folder.resolve(BEST));
    return run;
  }

  private int train(OutputFolder folder, Checkpoint resumed, String run, Device device) throws IOException {
    Shinso.manualSeed(seed);
    Recipe recipe = Recipe.of(model);
    if (batch != null) recipe = recipe.withBatchSize(batch);
    if (lr != null) recipe = recipe.withLr(lr);

    java.io.PrintWriter w = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    FashionMnist train = FashionMnist.builder().train(true).root(data).download(!noDownload).build();
    FashionMnist test = FashionMnist.builder().train(false).root(data).download(!noDownload).build();
    w.printf(Locale.ROOT, "data: %d train, %d test images (%.1f s)%n", train.size(), test.size(), seconds(t0));

    Module net = Models.create(model).to(device);
    DataLoader loader = recipe.loader(train, seed);
    Trainer trainer = Trainer.fromRecipe(recipe, net, loader, epochs);
    int first = 0;
    if (resumed != null) {
      first = trainer.restore(resumed);
      w.printf(Locale.ROOT, "resumed from %s after epoch %d%n", resume, first);
    }
    // A resumed run continues its history; a row lost to a crash before metrics.csv was written
    // comes back from the checkpoint, which records its epoch's row.
    TrainLog log = TrainLog.read(out, first);
    if (resumed != null && log.rows().size() < first) TrainLog.rowOf(resumed).ifPresent(log::add);
    double bestAcc = folder.testAccuracyOf(BEST);
    w.printf(Locale.ROOT, "model: %s, %,d parameters; batch %d, lr %s, %s%n", model,
        net.parameterCount(), recipe.batchSize(), recipe.lr(), where(device) + tf32Option.note(device));
    w.printf(Locale.ROOT, "out: %s (metrics.csv, loss.png, accuracy.png, best.safetensors, last.safetensors)%n", out);
    w.flush();

    double trainSeconds = 0;
    Trainer.Evaluation eval = null;
    for (int e = first; e < epochs; e++) {
      Trainer.EpochStats s;
      try (TrainProgress bar = new TrainProgress(e + 1, epochs, loader.numBatches())) {
        s = trainer.trainEpoch(e, bar);
      }
      trainSeconds += s.seconds();
      eval = Trainer.evaluate(net, test, 1000);
      w.printf(Locale.ROOT, "epoch %d/%d loss=%.4f train_acc=%.4f test_loss=%.4f test_acc=%.4f epoch_s=%.1f%n",
          e + 1, epochs, s.loss(), s.accuracy(), eval.loss(), eval.accuracy(), s.seconds());
      w.flush();
      TrainLog.Row row = new TrainLog.Row(e + 1, s.loss(), s.accuracy(), eval.loss(), eval.accuracy(), s.seconds());
      Map<String, String> meta = new java.util.LinkedHashMap<>(TrainLog.metadataOf(row));
      meta.put("model", model);
      meta.put("test_acc", String.format(Locale.ROOT, "%.4f", eval.accuracy()));
      meta.put(RUN, run);
      Checkpoint c = trainer.checkpoint(e + 1, meta);
      // best before last before the history: after a crash anywhere, what metrics.csv names is on disk
      if (eval.accuracy() > bestAcc) {
        c.save(folder.resolve(BEST));
        bestAcc = eval.accuracy();
      }
      c.save(folder.resolve(LAST));
      log.add(row);
      log.write(out);
    }
    if (eval == null) {
      eval = Trainer.evaluate(net, test, 1000);
      w.printf(Locale.ROOT, "test_acc=%.4f epoch_s=n/a%n", eval.accuracy());
    } else {
      w.printf(Locale.ROOT, "test_acc=%.4f epoch_s=%.2f%n", eval.accuracy(), trainSeconds / (epochs - first));
    }
    w.flush();
    return 0;
  }

  /** "2 thread(s)" on the CPU, the device otherwise. */
  static String where(Device device) {
    return device.isCpu() ? Shinso.numThreads() + " thread(s)" : "on " + device;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
