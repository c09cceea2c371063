package dev.shinso.bench;

import dev.shinso.Shinso;
import dev.shinso.data.DataLoader;
import dev.shinso.data.Subset;
import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.models.Models;
import dev.shinso.nn.Module;
import dev.shinso.tensor.Tensor;
import dev.shinso.train.Recipe;
import dev.shinso.train.Trainer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * shinso's side of {@code scripts/compare_training.sh}: trains one reference model for one epoch on
 * Fashion-MNIST in the batch order of a shared file, so PyTorch sees the same batches, and prints
 *
 * <pre>shinso model=cnn threads=2 startup_s=… data_s=… warmup_s=… epoch_s=… infer_img_s=… test_acc=… rss_mb=…</pre>
 *
 * epoch_s is the training loop alone (the model's recipe without schedule or augmentation, batch 64
 * unless given); data_s is reading the IDX files; warmup_s is training a throwaway copy of the model
 * on the first {@code --warmup-steps} batches before the timed epoch, as the PyTorch side also does:
 * it is when the JIT compiles shinso's kernels, a start-up cost reported apart like the others.
 * infer_img_s is test images per second at batch 1000 in evaluation mode; rss_mb is the process's
 * peak resident set (VmHWM). With {@code --epochs N} it trains N−1 more epochs and prints the time and
 * current resident set after each, to show that memory stays flat. The cold run's figures: jvm_s is the
 * JVM's start to main, first_epoch_end_ms the wall clock (Unix ms) when the first epoch ended, so that the
 * script can time process start to there; jit_s is the compilers' time until then (summed over their
 * threads). With {@code --latency N} it also prints latency_ms, the median batch-1 forward in evaluation
 * mode over N test images ({@link Batch1Latency}). Usage: {@code TrainEpoch --model mlp|cnn|resnet --data
 * DIR --order FILE [--threads 2] [--batch 64] [--warmup-steps 200] [--epochs 1] [--latency 0]}.
 */
public final class TrainEpoch {
  private TrainEpoch() {}

  public static void main(String[] args) throws IOException {
    long startNanos = System.nanoTime(), startMs = System.currentTimeMillis();
    String model = "cnn", data = null, order = null;
    int threads = 2, batch = 64, warmupSteps = 200, epochs = 1, latency = 0;
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) throw new IllegalArgumentException("TrainEpoch: " + args[i] + " needs a value");
      switch (args[i]) {
        case "--model" -> model = value;
        case "--data" -> data = value;
        case "--order" -> order = value;
        case "--threads" -> threads = Integer.parseInt(value);
        case "--batch" -> batch = Integer.parseInt(value);
        case "--warmup-steps" -> warmupSteps = Integer.parseInt(value);
        case "--epochs" -> epochs = Integer.parseInt(value);
        case "--latency" -> latency = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("TrainEpoch: unknown option " + args[i]
            + "; options: --model --data --order --threads --batch --warmup-steps --epochs --latency");
      }
    }
    if (data == null || order == null) throw new IllegalArgumentException("TrainEpoch: --data and --order are required");
    Shinso.setNumThreads(threads);
    Shinso.manualSeed(0);
    double startup = seconds(startNanos);

    long t0 = System.nanoTime();
    FashionMnist train = FashionMnist.builder().train(true).root(Path.of(data)).download(false).build();
    FashionMnist test = FashionMnist.builder().train(false).root(Path.of(data)).download(false).build();
    int[] indices = readOrder(Path.of(order), train.size());
    double dataSeconds = seconds(t0);

    Recipe recipe = Recipe.of(model).withBatchSize(batch);
    double warmup = 0;
    if (warmupSteps > 0) {
      int[] first = java.util.Arrays.copyOf(indices, Math.min(indices.length, warmupSteps * batch));
      warmup = trainer(Models.create(model), recipe, new Subset(train, first), batch).trainEpoch(0, null).seconds();
    }
    Shinso.manualSeed(0);
    Module net = Models.create(model);
    Trainer trainer = trainer(net, recipe, new Subset(train, indices), batch);
    Trainer.EpochStats epoch = trainer.trainEpoch(0, null);
    long firstEpochEndMs = System.currentTimeMillis();
    double jitSeconds = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3;
    // Further epochs (same order) show whether memory stays flat: the resident set after each. Their
    // median is the steady epoch time, after the JIT has compiled everything.
    double[] more = new double[epochs - 1];
    for (int e = 1; e < epochs; e++) {
      Trainer.EpochStats stats = trainer.trainEpoch(e, null);
      more[e - 1] = stats.seconds();
      System.out.printf(Locale.ROOT, "shinso-epoch model=%s epoch=%d epoch_s=%.3f train_loss=%.4f rss_mb=%.0f%n", model,
          e + 1, stats.seconds(), stats.loss(), statusMb("VmRSS:"));
    }

    long t1 = System.nanoTime();
    Trainer.Evaluation eval = Trainer.evaluate(net, test, 1000);
    double inferSeconds = seconds(t1);
    String latencyMs = latency > 0 ? String.format(Locale.ROOT, " latency_ms=%.3f", Batch1Latency.medianMs(net, test,
        latency)) : "";
    double jvmSeconds = (startMs - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;

    System.out.printf(Locale.ROOT,
        "shinso model=%s threads=%d batch=%d jvm_s=%.2f startup_s=%.2f data_s=%.2f warmup_s=%.2f epoch_s=%.3f%s"
            + " first_epoch_end_ms=%d jit_s=%.2f train_loss=%.4f infer_img_s=%.0f%s test_acc=%.4f rss_mb=%.0f%n",
        model, threads, batch, jvmSeconds, startup, dataSeconds, warmup, epoch.seconds(),
        more.length == 0 ? "" : String.format(Locale.ROOT, " steady_epoch_s=%.3f", median(more)), firstEpochEndMs,
        jitSeconds, epoch.loss(), eval.count() / inferSeconds, latencyMs, eval.accuracy(), peakRssMb());
  }

  /** A trainer over the data in its order: the shared order replaces the loader's shuffle, and without augmentation both sides see the same pixels. */
  private static Trainer trainer(Module net, Recipe recipe, Subset data, int batch) {
    DataLoader loader = DataLoader.builder(data).batchSize(batch).shuffle(false).build();
    return new Trainer(net, recipe.optimizer().create(net, recipe.lr()), null, loader);
  }

  /** The batch order: little-endian int32 indices, a permutation of the training set. */
  static int[] readOrder(Path file, int size) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() != 4L * size) {
      throw new IllegalArgumentException("TrainEpoch: " + file + " holds " + b.remaining() + " bytes, expected "
          + 4L * size + " (int32 indices of " + size + " images)");
    }
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = b.getInt();
      if (order[i] < 0 || order[i] >= size) {
        throw new IllegalArgumentException("TrainEpoch: " + file + ": index " + order[i] + " at " + i + " is out of range");
      }
    }
    return order;
  }

  /** Peak resident set of this process (Linux), or NaN elsewhere. */
  static double peakRssMb() throws IOException {
    return statusMb("VmHWM:");
  }

  /** A memory figure of /proc/self/status in MB (VmHWM: peak resident set, VmRSS: current), or NaN. */
  static double statusMb(String field) throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) return Double.NaN;
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith(field)) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
    }
    return Double.NaN;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
