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
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
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
  @Spec CommandSpec spec;

  @Option(names = "--model", defaultValue = "mlp", description = "mlp, cnn or resnet (default: ${DEFAULT-VALUE})")
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

  @Option(names = "--no-download", description = "fail instead of downloading missing data")
  boolean noDownload;

  @Mixin DeviceOption deviceOption;

  @Override
  public Integer call() throws Exception {
    if (!Models.NAMES.contains(model)) {
      throw new IllegalArgumentException("unknown model '" + model + "'; valid models: " + String.join(", ", Models.NAMES));
    }
    if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
    Device device = deviceOption.device();
    if (threads != null) Shinso.setNumThreads(threads);
    if (out == null) out = Path.of("out", "train", model);
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
    if (resume != null) {
      first = trainer.restore(Checkpoint.load(resume));
      w.printf(Locale.ROOT, "resumed from %s after epoch %d%n", resume, first);
    }
    TrainLog log = TrainLog.read(out, first);  // a resumed run continues its history
    w.printf(Locale.ROOT, "model: %s, %,d parameters; batch %d, lr %s, %s%n", model,
        net.parameterCount(), recipe.batchSize(), recipe.lr(), where(device));
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
      boolean best = eval.accuracy() > log.bestTestAccuracy();
      log.add(new TrainLog.Row(e + 1, s.loss(), s.accuracy(), eval.loss(), eval.accuracy(), s.seconds()));
      log.write(out);
      Checkpoint c = trainer.checkpoint(e + 1, Map.of("model", model,
          "test_acc", String.format(Locale.ROOT, "%.4f", eval.accuracy())));
      c.save(out.resolve("last.safetensors"));
      if (best) c.save(out.resolve("best.safetensors"));
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
