package dev.shinso.cli;

import dev.shinso.Shinso;
import dev.shinso.cli.train.TrainLog;
import dev.shinso.cli.train.TrainProgress;
import dev.shinso.data.DataLoader;
import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.io.Checkpoint;
import dev.shinso.models.Models;
import dev.shinso.nn.Module;
import dev.shinso.train.Recipe;
import dev.shinso.tensor.Device;
import dev.shinso.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
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
