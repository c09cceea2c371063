package dev.shinso.distributed;

import dev.shinso.Shinso;
import dev.shinso.data.DataLoader;
import dev.shinso.data.Dataset;
import dev.shinso.data.Subset;
import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.io.Checkpoint;
import dev.shinso.models.Models;
import dev.shinso.nn.Module;
import dev.shinso.train.Recipe;
import dev.shinso.train.Trainer;
import dev.shinso.train.TrainingStep;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One replica of a data-parallel classifier run on Fashion-MNIST, the part of {@code shinso train}
 * that every rank of a {@link ProcessGroup} runs. The engine that starts the ranks (Spark, or threads
 * in a test) only connects them.
 *
 * <p>Per-rank policy:
 * <ul>
 *   <li>Every rank builds the model from the same seed, and rank 0's weights are broadcast before the
 *       first step, so the replicas start equal; summed gradients and the same optimiser step keep them
 *       equal, and every checkpointEvery steps a hash of the weights is compared (a rank that differs
 *       is an error that names it).
 *   <li>Each global batch (a function of seed and epoch) is cut into one shard per rank ({@link
 *       DataLoader#shard}); each rank's loss is weighted by its share.
 *   <li>Batch norm normalises with each shard's own statistics (PyTorch DDP without SyncBatchNorm);
 *       the running statistics are rank 0's, broadcast before every step and before evaluating (its
 *       broadcast_buffers policy).
 *   <li>The reference models draw no random numbers during a step; the default generator of each
 *       replica is seeded alike and saved with the checkpoint.
 *   <li>Rank 0 writes {@code last.safetensors} atomically every checkpointEvery steps and at each
 *       epoch's end ({@code best.safetensors} too, when the test accuracy improved), and records its
 *       progress, so a retried run resumes from the last checkpoint and says how many steps it lost.
 *   <li>The test set is evaluated in shards, one per rank, and the sums combined.
 * </ul>
 */
public final class DataParallelTraining {
  public static final String LAST = "last.safetensors", BEST = "best.safetensors";
  static final String PROGRESS = "progress", RUN = "run", EPOCH_STEP = "epoch_step", HISTORY = "history";
  /** Held while a replica seeds the default generator and builds its model: ranks that are threads of one JVM share it. */
  static final Object SEEDING = new Object();

  private DataParallelTraining() {}

  /** Trains this rank's replica; every rank of group calls it with the same spec. */
  public static RankReport run(DataParallelSpec spec, ProcessGroup group, PrintStream log) throws IOException {
    int rank = group.rank(), size = group.size();
    Recipe recipe = Recipe.of(spec.model());
    if (spec.batch() > 0) recipe = recipe.withBatchSize(spec.batch());
    if (spec.lr() > 0) recipe = recipe.withLr(spec.lr());
    Path data = Path.of(spec.data()), out = Files.createDirectories(Path.of(spec.out()));
    Dataset train = FashionMnist.builder().train(true).root(data).download(false).build();
    if (spec.trainLimit() > 0 && spec.trainLimit() < train.size()) train = new Subset(train, range(0, spec.trainLimit()));
    FashionMnist test = FashionMnist.builder().train(false).root(data).download(false).build();
    Module net;
    synchronized (SEEDING) { // ranks that are threads of one JVM share the default generator
      Shinso.manualSeed(spec.seed());
      net = Models.create(spec.model());
    }
    DataLoader loader = recipe.loader(train, spec.seed()).shard(rank, size);
    Trainer trainer = Trainer.fromRecipe(recipe, net, loader, spec.epochs());

    List<EpochRow> rows = new ArrayList<>();
    int firstEpoch = 0, firstStep = 0;
    String resumed = null;
    Checkpoint saved = resumable(out.resolve(LAST), spec.run());
    if (saved != null) {
      firstEpoch = trainer.restore(saved);
      firstStep = Integer.parseInt(saved.metadata().getOrDefault(EPOCH_STEP, "0"));
      rows.addAll(EpochRows.parse(saved.metadata().getOrDefault(HISTORY, "")));
      resumed = describeResume(out, spec.run(), firstEpoch, firstStep, loader.numBatches());
      if (rank == 0) log.println(resumed);
    }

    // Small buckets, so that the first ones are summed while backward computes the rest (the 4 MiB
    // default would hold all of the CNN and start nothing before backward ends). Closed on every
    // path: its communication thread must not outlive a failed attempt in a long-lived executor.
    try (DistributedDataParallel ddp = new DistributedDataParallel(group, 256 << 10);
         TrainingStep step = trainer.trainingStep()) {
      step.gradientSync(ddp);
      int stepsPerEpoch = loader.numBatches();
      boolean hasBuffers = !net.namedBuffers().isEmpty();
      trainer.stepHook(new Trainer.StepHook() {
        @Override
        public void beforeStep(int epoch, int step) {
          if (hasBuffers) ddp.broadcastBuffers(net.namedBuffers().values());
        }

        @Override
        public void afterStep(int epoch, int done) {
          if (rank == 0) recordProgress(out, spec.run(), epoch * (long) stepsPerEpoch + done);
          if (done % spec.checkpointEvery() != 0 || done == stepsPerEpoch) return;
          ddp.checkReplicasEqual(net.parameters());
          if (rank == 0) save(trainer, epoch, done, rows, spec, out.resolve(LAST));
        }
      });

      double best = rank == 0 ? bestAccuracy(out.resolve(BEST), spec.run()) : 0;
      for (int e = firstEpoch; e < spec.epochs(); e++) {
        Trainer.EpochStats s = trainer.trainEpoch(e, firstStep, null);
        float[] sums = {(float) (s.loss() * s.images()), (float) (s.accuracy() * s.images()), s.images()};
        group.allReduceSum(sums, 0, sums.length);
        if (hasBuffers) ddp.broadcastBuffers(net.namedBuffers().values());
        ddp.checkReplicasEqual(net.parameters());
        float[] eval = evaluateShard(net, test, rank, size);
        group.allReduceSum(eval, 0, eval.length);
        EpochRow row = new EpochRow(e + 1, sums[0] / sums[2], sums[1] / sums[2], eval[0] / eval[2], eval[1] / eval[2],
            s.seconds(), stepsPerEpoch - firstStep);
        rows.add(row);
        if (rank == 0) {
          Checkpoint c = save(trainer, e + 1, 0, rows, spec, null);
          if (row.testAccuracy() > best) {
            c.save(out.resolve(BEST));
            best = row.testAccuracy();
          }
          c.save(out.resolve(LAST));
          log.printf(Locale.ROOT, "[rank 0 of %d] epoch %d/%d loss=%.4f train_acc=%.4f test_loss=%.4f test_acc=%.4f "
              + "epoch_s=%.1f%n", size, e + 1, spec.epochs(), row.loss(), row.accuracy(), row.testLoss(),
              row.testAccuracy(), row.seconds());
        }
        firstStep = 0;
      }
      return new RankReport(rank, rows, resumed);
    }
  }

  /** The checkpoint to continue from: this run's last one, or null for a fresh start. */
  static Checkpoint resumable(Path last, String run) throws IOException {
    if (!Files.exists(last)) return null;
    Checkpoint c = Checkpoint.load(last);
    return run.equals(c.metadata().get(RUN)) ? c : null;
  }

  /** The steps in all that rank 0 of run recorded in out's progress note, or -1 when it has none for run. */
  static long recordedProgress(Path out, String run) throws IOException {
    Path progress = out.resolve(PROGRESS);
    if (!Files.exists(progress)) return -1;
    String[] p = Files.readString(progress, StandardCharsets.UTF_8).trim().split(" ");
    try {
      return p.length == 2 && p[0].equals(run) ? Long.parseLong(p[1]) : -1;
    } catch (NumberFormatException e) {
      return -1; // a note from another version of the file: no claim about what was lost
    }
  }

  /** "resumed from … after epoch e, step s of n; …": where an epoch-based run resumed, and what it lost. */
  static String describeResume(Path out, String run, int epoch, int step, int stepsPerEpoch) throws IOException {
    return String.format(Locale.ROOT, "resumed from %s after epoch %d, step %d of %d", out.resolve(LAST), epoch, step,
        stepsPerEpoch) + lostSteps(out, run, epoch * (long) stepsPerEpoch + step);
  }

  /**
   * "; the failed attempt had trained t step(s) in all, this run's checkpoint c: n step(s) lost …", from
   * rank 0's progress note, for a checkpoint after at steps in all.
   */
  static String lostSteps(Path out, String run, long at) throws IOException {
    long reached = recordedProgress(out, run);
    if (reached < 0) return "; how far the failed attempt got is unknown";
    return String.format(Locale.ROOT, "; the failed attempt had trained %d step(s) in all, this run's checkpoint %d: "
        + "%d step(s) lost and trained again", reached, at, Math.max(0, reached - at));
  }

  /**
   * Rank 0 notes how far the run got, so that a retry can say what it lost. Written beside and renamed
   * into place, so a process killed mid-write leaves the previous note whole; not synced to disk, as
   * it is rewritten every step (the checkpoints are what must survive a machine's crash).
   */
  static void recordProgress(Path out, String run, long steps) {
    Path temp = out.resolve(PROGRESS + ".tmp");
    try {
      Files.writeString(temp, run + " " + steps + "\n", StandardCharsets.UTF_8);
      Files.move(temp, out.resolve(PROGRESS), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record progress in " + out, e);
    }
  }

  /** A checkpoint after epochsDone epochs and step steps of the next one; saved atomically when file is not null. */
  private static Checkpoint save(Trainer trainer, int epochsDone, int step, List<EpochRow> rows, DataParallelSpec spec,
      Path file) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("model", spec.model());
    meta.put(RUN, spec.run());
    meta.put(EPOCH_STEP, Integer.toString(step));
    meta.put(HISTORY, EpochRows.format(rows));
    if (!rows.isEmpty()) meta.put("test_acc", String.format(Locale.ROOT, "%.4f", rows.getLast().testAccuracy()));
    Checkpoint c = trainer.checkpoint(epochsDone, meta);
    if (file != null) {
      try {
        c.save(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write checkpoint " + file, e);
      }
    }
    return c;
  }

  private static double bestAccuracy(Path best, String run) throws IOException {
    Checkpoint c = resumable(best, run);
    return c == null ? 0 : Double.parseDouble(c.metadata().getOrDefault("test_acc", "0"));
  }

  /** {loss sum, correct count, count} over this rank's contiguous share of the test set. */
  private static float[] evaluateShard(Module net, FashionMnist test, int rank, int size) {
    int n = test.size(), from = (int) ((long) rank * n / size), to = (int) ((long) (rank + 1) * n / size);
    if (to == from) return new float[3];
    Trainer.Evaluation e = Trainer.evaluate(net, new Subset(test, range(from, to)), 1000);
    return new float[] {(float) (e.loss() * e.count()), (float) (e.accuracy() * e.count()), e.count()};
  }

  private static int[] range(int from, int to) {
    return java.util.stream.IntStream.range(from, to).toArray();
  }
}
