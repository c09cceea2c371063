package dev.shinso.cli;

import dev.shinso.Shinso;
import dev.shinso.backend.cpu.IntraOpPool;
import dev.shinso.data.DataLoader;
import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.io.Checkpoint;
import dev.shinso.models.Models;
import dev.shinso.nn.Module;
import dev.shinso.train.Recipe;
import dev.shinso.train.Trainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shinso train}: trains a reference model on Fashion-MNIST and evaluates it after every epoch. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a reference model (mlp, cnn, resnet) on Fashion-MNIST and report test accuracy.")
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

  @Option(names = "--checkpoint", description = "write a checkpoint (safetensors) here after every epoch")
  Path checkpoint;

  @Option(names = "--resume", description = "continue from this checkpoint")
  Path resume;

  @Option(names = "--no-download", description = "fail instead of downloading missing data")
  boolean noDownload;

  @Override
  public Integer call() throws Exception {
    if (!Models.NAMES.contains(model)) {
      throw new IllegalArgumentException("unknown model '" + model + "'; valid models: " + String.join(", ", Models.NAMES));
    }
    if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
    if (threads != null) IntraOpPool.setNumThreads(threads);
    Shinso.manualSeed(seed);
    Recipe recipe = Recipe.of(model);
    if (batch != null) recipe = recipe.withBatchSize(batch);
    if (lr != null) recipe = recipe.withLr(lr);

    java.io.PrintWriter out = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    FashionMnist train = FashionMnist.builder().train(true).root(data).download(!noDownload).build();
    FashionMnist test = FashionMnist.builder().train(false).root(data).download(!noDownload).build();
    out.printf(Locale.ROOT, "data: %d train, %d test images (%.1f s)%n", train.size(), test.size(), seconds(t0));

    Module net = Models.create(model);
    DataLoader loader = recipe.loader(train, seed);
    Trainer trainer = Trainer.fromRecipe(recipe, net, loader, epochs);
    int first = 0;
    if (resume != null) {
      first = trainer.restore(Checkpoint.load(resume));
      out.printf(Locale.ROOT, "resumed from %s after epoch %d%n", resume, first);
    }
    out.printf(Locale.ROOT, "model: %s, %,d parameters; batch %d, lr %s, %d thread(s)%n", model,
        net.parameterCount(), recipe.batchSize(), recipe.lr(), IntraOpPool.numThreads());

    double trainSeconds = 0;
    Trainer.Evaluation eval = null;
    for (int e = first; e < epochs; e++) {
      Trainer.EpochStats s = trainer.trainEpoch(e, null);
      trainSeconds += s.seconds();
      eval = Trainer.evaluate(net, test, 1000);
      out.printf(Locale.ROOT, "epoch %d/%d loss=%.4f train_acc=%.4f test_loss=%.4f test_acc=%.4f epoch_s=%.1f%n",
          e + 1, epochs, s.loss(), s.accuracy(), eval.loss(), eval.accuracy(), s.seconds());
      if (checkpoint != null) trainer.checkpoint(e + 1, Map.of("model", model)).save(checkpoint);
    }
    if (eval == null) {
      eval = Trainer.evaluate(net, test, 1000);
      out.printf(Locale.ROOT, "test_acc=%.4f epoch_s=n/a%n", eval.accuracy());
    } else {
      out.printf(Locale.ROOT, "test_acc=%.4f epoch_s=%.2f%n", eval.accuracy(), trainSeconds / (epochs - first));
    }
    out.flush();
    return 0;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
