package dev.shinso.cli;

import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.tensor.Device;
import dev.shinso.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shinso eval}: a checkpoint's loss and accuracy on the Fashion-MNIST test set. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Evaluate a checkpoint on the Fashion-MNIST test set.",
        "Output ends with: test_loss=<mean cross-entropy> test_acc=<accuracy>"})
final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", required = true, description = "a checkpoint written by shinso train")
  Path checkpoint;

  @Option(names = "--model", description = "mlp, cnn or resnet (default: the model the checkpoint names)")
  String model;

  @Option(names = "--data", description = "folder with the Fashion-MNIST files (default: $SHINSO_DATA, ~/.shinso/data, "
      + "/usr/share/datasets/fashion-mnist)")
  Path data;

  @Option(names = "--threads", description = "intra-op threads (default: cores, or $SHINSO_NUM_THREADS)")
  Integer threads;

  @Option(names = "--no-download", description = "fail instead of downloading missing data")
  boolean noDownload;

  @Mixin DeviceOption deviceOption;

  @Override
  public Integer call() throws Exception {
    Device device = deviceOption.device();
    if (threads != null) dev.shinso.Shinso.setNumThreads(threads);
    CheckpointModel m = CheckpointModel.load(checkpoint, model);
    m.net().to(device);
    FashionMnist test = FashionMnist.builder().train(false).root(data).download(!noDownload).build();
    PrintWriter w = spec.commandLine().getOut();
    w.printf(Locale.ROOT, "checkpoint: %s (model %s, after epoch %d); %d test images%n", checkpoint, m.name(),
        m.checkpoint().epoch(), test.size());
    // the batch size shinso train evaluates with, so the numbers agree to the last digit
    Trainer.Evaluation e = Trainer.evaluate(m.net(), test, 1000);
    w.printf(Locale.ROOT, "test_loss=%.4f test_acc=%.4f%n", e.loss(), e.accuracy());
    w.flush();
    return 0;
  }
}
