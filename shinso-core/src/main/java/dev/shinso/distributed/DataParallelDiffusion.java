package dev.shinso.distributed;

import dev.shinso.Shinso;
import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.diffusion.Ddpm;
import dev.shinso.diffusion.DdpmTrainer;
import dev.shinso.diffusion.NoiseSchedule;
import dev.shinso.diffusion.UNet;
import dev.shinso.diffusion.UNetConfig;
import dev.shinso.io.Checkpoint;
import dev.shinso.tensor.Tensor;
import dev.shinso.train.TrainingStep;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One replica of a data-parallel diffusion run on Fashion-MNIST, the part of {@code shinso diffusion
 * train} that every rank of a {@link ProcessGroup} runs.
 *
 * <p>Per-rank policy:
 * <ul>
 *   <li>Every rank builds the U-Net from the same seed, and rank 0's weights are broadcast before the
 *       first step; summed gradients and the same Adam step keep the replicas equal (a hash of the
 *       weights is compared at every checkpoint), and so the moving average, which every rank updates
 *       from its own, equal, weights.
 *   <li>Each global batch of {@link DdpmTrainer}'s permutation (a function of seed and epoch) is cut
 *       into one contiguous shard per rank ({@link DdpmTrainer#shard}), each rank's loss weighted by its
 *       share. The noise generator is seeded alike on every rank: each draws the whole batch's time
 *       steps, noise and label drops and uses its rows', so N replicas train as one process would, up to
 *       the order of float additions, and rank 0's generator state is every rank's.
 *   <li>Rank 0 writes {@code last.safetensors} atomically every checkpointEvery steps and at each
 *       epoch's end, in {@code shinso diffusion train}'s format ({@link DdpmTrainer#checkpoint}: the
 *       averaged weights for sampling, the training state for resuming), and records its progress.
 *   <li>A retried run resumes from the last checkpoint of the same run, exactly, within an epoch too,
 *       and says how far the failed attempt had got and how many steps it lost.
 * </ul>
 */
public final class DataParallelDiffusion {
  public static final String LAST = "last.safetensors";
  private static final String RUN = DataParallelTraining.RUN, EPOCH_STEP = DataParallelTraining.EPOCH_STEP,
      HISTORY = DataParallelTraining.HISTORY, PARTIAL = "epoch_partial";

  /** One epoch over all replicas: mean loss of the global batches, images per second, seconds, images, steps trained. */
  public record Epoch(int epoch, double loss, double imagesPerSecond, double seconds, int images, int steps)
      implements Serializable {}

  /** What a replica reports when its run ends: every epoch of the run (a resumed one's earlier ones too), and where it resumed. */
  public record Report(int rank, List<Epoch> epochs, long parameters, String resumed) implements Serializable {}

  private DataParallelDiffusion() {}

  /** Trains this rank's replica; every rank of group calls it with the same spec. */
  public static Report run(DataParallelDiffusionSpec spec, ProcessGroup group, PrintStream log) throws IOException {
    return run(spec, group, log, 0);
  }

  /**
   * As {@link #run(DataParallelDiffusionSpec, ProcessGroup, PrintStream)}, failing on every rank once a
   * part of an epoch ends at or after step failAfter of the run (if positive), before its checkpoint:
   * a failed attempt, for tests.
   */
  static Report run(DataParallelDiffusionSpec spec, ProcessGroup group, PrintStream log, long failAfter) throws IOException {
    int rank = group.rank(), size = group.size();
    Path out = Files.createDirectories(Path.of(spec.out()));
    FashionMnist train = FashionMnist.builder().train(true).root(Path.of(spec.data())).download(false).build();
    Tensor images = train.images(), labels = train.labels();
    if (spec.limit() > 0 && spec.limit() < images.size(0)) {
      images = images.narrow(0, 0, spec.limit());
      labels = labels.narrow(0, 0, spec.limit());
    }
    UNetConfig config = new UNetConfig(1, 28, spec.baseChannels(), spec.channelMult(), spec.groups(),
        spec.conditional() ? train.classes().size() : 0);
    UNet net;
    synchronized (DataParallelTraining.SEEDING) { // ranks that are threads of one JVM share the default generator
      Shinso.manualSeed(spec.seed());
      net = new UNet(config);
    }
    Ddpm ddpm = new Ddpm(NoiseSchedule.of(spec.schedule(), spec.timesteps()));
    DdpmTrainer trainer = new DdpmTrainer(net, ddpm, images, labels,
        new DdpmTrainer.Settings(spec.batch(), spec.lr(), spec.pUncond(), spec.ema(), spec.seed())).shard(rank, size);
    int steps = trainer.stepsPerEpoch();

    List<Epoch> epochs = new ArrayList<>();
    int firstEpoch = 0, firstStep = 0;
    double[] partial = new double[3]; // the current epoch so far, over all ranks: loss sum, images, seconds
    String resumed = null;
    Checkpoint saved = DataParallelTraining.resumable(out.resolve(LAST), spec.run());
    if (saved != null) {
      firstEpoch = trainer.restore(saved);
      firstStep = Integer.parseInt(saved.metadata().getOrDefault(EPOCH_STEP, "0"));
      epochs.addAll(parseHistory(saved.metadata().getOrDefault(HISTORY, "")));
      if (firstStep > 0) {
        String[] p = saved.metadata().getOrDefault(PARTIAL, "0,0,0").split(",");
        for (int i = 0; i < 3; i++) partial[i] = Double.parseDouble(p[i]);
      }
      resumed = DataParallelTraining.describeResume(out, spec.run(), firstEpoch, firstStep, steps);
      if (rank == 0) log.println(resumed);
    }

    // Closed on every path: its communication thread must not outlive a failed attempt in a
    // long-lived executor.
    try (DistributedDataParallel ddp = new DistributedDataParallel(group, 256 << 10);
         TrainingStep step = trainer.trainingStep()) {
      step.gradientSync(ddp);
      for (int e = firstEpoch; e < spec.epochs(); e++) {
        int trained = 0;
        for (int from = e == firstEpoch ? firstStep : 0, to; from < steps; from = to) {
          to = Math.min(steps, (from / spec.checkpointEvery() + 1) * spec.checkpointEvery());
          DdpmTrainer.EpochStats s = trainer.trainSteps(e, from, to, null, Long.MAX_VALUE);
          trained += to - from;
          float[] sums = {(float) (s.loss() * s.images()), s.images()};
          group.allReduceSum(sums, 0, 2);
          partial[0] += sums[0];
          partial[1] += sums[1];
          partial[2] += s.seconds();
          if (rank == 0) DataParallelTraining.recordProgress(out, spec.run(), e * (long) steps + to);
          if (failAfter > 0 && e * (long) steps + to >= failAfter) {
            throw new IllegalStateException("failure injected after step " + (e * (long) steps + to));
          }
          if (to == steps) break;
          ddp.checkReplicasEqual(net.parameters());
          if (rank == 0) save(trainer, e, to, partial, epochs, spec, out.resolve(LAST));
        }
        ddp.checkReplicasEqual(net.parameters());
        Epoch row = new Epoch(e + 1, partial[0] / partial[1], partial[1] / Math.max(1e-9, partial[2]), partial[2],
            (int) partial[1], trained);
        epochs.add(row);
        partial = new double[3];
        if (rank == 0) {
          save(trainer, e + 1, 0, partial, epochs, spec, out.resolve(LAST));
          log.printf(Locale.ROOT, "[rank 0 of %d] epoch %d/%d loss=%.4f img_s=%.1f epoch_s=%.1f%n", size, e + 1,
              spec.epochs(), row.loss(), row.imagesPerSecond(), row.seconds());
          log.flush();
        }
      }
      return new Report(rank, epochs, net.parameterCount(), resumed);
    }
  }

  /**
   * A checkpoint after epochsDone epochs and step steps of the next one, in {@code shinso diffusion
   * train}'s format (its train.images and train.seconds too), saved atomically.
   */
  private static void save(DdpmTrainer trainer, int epochsDone, int step, double[] partial, List<Epoch> epochs,
      DataParallelDiffusionSpec spec, Path file) {
    long images = (long) partial[1];
    double seconds = partial[2];
    for (Epoch r : epochs) {
      images += r.images();
      seconds += r.seconds();
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("train.images", Long.toString(images));
    meta.put("train.seconds", String.format(Locale.ROOT, "%.1f", seconds));
    meta.put(RUN, spec.run());
    meta.put(EPOCH_STEP, Integer.toString(step));
    meta.put(PARTIAL, partial[0] + "," + partial[1] + "," + partial[2]);
    meta.put(HISTORY, formatHistory(epochs));
    try {
      trainer.checkpoint(epochsDone, meta).save(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file, e);
    }
  }

  private static String formatHistory(List<Epoch> epochs) {
    StringBuilder sb = new StringBuilder();
    for (Epoch r : epochs) {
      sb.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%d,%d%n", r.epoch(), r.loss(), r.imagesPerSecond(), r.seconds(),
          r.images(), r.steps()));
    }
    return sb.toString();
  }

  private static List<Epoch> parseHistory(String text) {
    List<Epoch> rows = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) continue;
      String[] f = line.trim().split(",");
      try {
        rows.add(new Epoch(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
            Double.parseDouble(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5])));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("checkpoint history: cannot read the row '" + line + "'", e);
      }
    }
    return rows;
  }
}
