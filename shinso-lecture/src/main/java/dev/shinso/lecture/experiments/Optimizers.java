package dev.shinso.lecture.experiments;

import dev.shinso.Shinso;
import dev.shinso.data.Batch;
import dev.shinso.data.BatchIterator;
import dev.shinso.data.DataLoader;
import dev.shinso.data.TensorDataset;
import dev.shinso.lecture.Experiment;
import dev.shinso.lecture.Figure;
import dev.shinso.lecture.Figure.Series;
import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.lecture.Table;
import dev.shinso.nn.CrossEntropyLoss;
import dev.shinso.nn.Flatten;
import dev.shinso.nn.Linear;
import dev.shinso.nn.Module;
import dev.shinso.nn.Parameter;
import dev.shinso.nn.ReLU;
import dev.shinso.nn.Sequential;
import dev.shinso.optim.Adam;
import dev.shinso.optim.Optimizer;
import dev.shinso.optim.SGD;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import dev.shinso.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Claim: full-batch gradient descent takes the best step but pays for the whole data set at every
 * step; minibatch SGD takes cheap, noisy steps (noisiest at batch size 1); momentum and Adam reach a
 * lower loss than plain SGD in the same number of steps; and SGD's weight decay is exactly an L2
 * penalty (λ/2)‖θ‖² added to the loss.
 *
 * <p>The same small MLP, from the same initial weights, is trained on a Fashion-MNIST subset by
 * five optimisers for the same number of steps; the loss on the whole subset is evaluated every k
 * steps (evaluation time is not counted in the elapsed time). For weight decay, two copies from the
 * same weights see the same batches: one steps {@code SGD(...).weightDecay(λ)} on the plain loss,
 * the other plain SGD on the loss plus the penalty built from tensor ops; their parameters are
 * compared after some steps, beside a third copy without any decay to show the decay's size.
 */
public final class Optimizers implements Experiment {
  private static final double LR = 0.05;
  private static final double ADAM_LR = 1e-3;
  private static final int BATCH = 32;
  private static final double LAMBDA = 0.01;

  @Override
  public String name() {
    return "optimizers";
  }

  @Override
  public String claim() {
    return "Minibatch SGD trades exact gradients for cheap, noisy steps; momentum and Adam descend faster than plain"
        + " SGD; weight decay is an L2 penalty.";
  }

  private record Config(int images, int hidden, int steps, int evalEvery, int decaySteps) {}

  /** One optimiser's run: where the loss was measured (step, seconds of training so far, loss). */
  private record Curve(String name, String key, int batch, double[] steps, double[] seconds, double[] loss) {
    double finalLoss() {
      return loss[loss.length - 1];
    }

    double totalSeconds() {
      return seconds[seconds.length - 1];
    }

    /** Std of the change between consecutive evaluations over the second half: the noise around the trend. */
    double noise() {
      int from = loss.length / 2;
      double[] d = new double[loss.length - 1 - from];
      for (int i = 0; i < d.length; i++) d[i] = loss[from + i + 1] - loss[from + i];
      double mean = 0, var = 0;
      for (double v : d) mean += v / d.length;
      for (double v : d) var += (v - mean) * (v - mean) / (d.length - 1);
      return Math.sqrt(var);
    }
  }

  private record Run(String name, String key, int batch, Function<Module, Optimizer> optimizer) {}

  @Override
  public Report run(Settings s) throws Exception {
    Config c = s.quick() ? new Config(300, 32, 100, 5, 20) : new Config(1000, 32, 500, 5, 50);
    Generator g = new Generator(s.seed());
    TensorDataset data = FashionSubsets.sample(FashionSubsets.load(s, true), FashionSubsets.firstClasses(10),
        c.images() / 10, g);
    Shinso.manualSeed(s.seed());
    Map<String, Tensor> init = FashionSubsets.snapshot(mlp(c.hidden()));

    List<Run> runs = List.of(
        new Run("full-batch GD", "gd", data.size(), m -> new SGD(m.parameters(), LR)),
        new Run("SGD, batch " + BATCH, "sgd", BATCH, m -> new SGD(m.parameters(), LR)),
        new Run("SGD, batch 1", "sgd1", 1, m -> new SGD(m.parameters(), LR)),
        new Run("SGD + momentum 0.9, batch " + BATCH, "momentum", BATCH, m -> new SGD(m.parameters(), LR).momentum(0.9)),
        new Run("Adam, batch " + BATCH, "adam", BATCH, m -> new Adam(m.parameters(), ADAM_LR)));
    // A few untimed steps of each first, so that the timed runs do not pay for the JIT's warm-up.
    Config warmUp = new Config(c.images(), c.hidden(), 10, 10, 0);
    for (Run r : runs) train(r, warmUp, data, init, s.seed());
    List<Curve> curves = new ArrayList<>();
    for (Run r : runs) {
      s.log().println("optimizers: " + r.name());
      curves.add(train(r, c, data, init, s.seed()));
    }

    Report report = new Report(this);
    Table.Builder t = Table.builder("Training loss on the whole subset of " + data.size() + " images after "
        + c.steps() + " steps (lr " + LR + " for SGD, " + ADAM_LR + " for Adam)",
        "optimiser", "batch", "steps/epoch", "final loss", "train seconds", "loss noise");
    for (Curve cv : curves) {
      int perEpoch = (data.size() + cv.batch() - 1) / cv.batch();
      t.row(cv.name(), cv.batch(), perEpoch, cv.finalLoss(), cv.totalSeconds(), cv.noise());
      report.metric("loss_" + cv.key(), cv.finalLoss())
          .metric("seconds_" + cv.key(), cv.totalSeconds())
          .metric("noise_" + cv.key(), cv.noise())
          .metric("steps_per_epoch_" + cv.key(), perEpoch);
    }
    report.table(t.build());
    report.metric("loss_initial", curves.get(0).loss()[0]);

    double[] decay = weightDecayIsL2(c, data, init, s.seed());
    report.table(Table.builder("Weight decay λ = " + LAMBDA + " vs an L2 penalty (λ/2)‖θ‖², SGD lr " + LR
            + " momentum 0.9, " + c.decaySteps() + " steps from the same weights on the same batches",
            "comparison", "max |Δθ|")
        .row("SGD.weightDecay(λ) vs plain SGD on loss + (λ/2)‖θ‖²", decay[0])
        .row("SGD.weightDecay(λ) vs no decay at all", decay[1])
        .build());
    report.metric("wd_l2_max_diff", decay[0]).metric("wd_effect", decay[1]);

    List<Series> bySteps = new ArrayList<>(), bySeconds = new ArrayList<>();
    for (Curve cv : curves) {
      bySteps.add(Series.line(cv.name(), cv.steps(), cv.loss()));
      bySeconds.add(Series.line(cv.name(), cv.seconds(), cv.loss()));
    }
    report.figure(Figure.of("loss-vs-steps", "Training loss against steps", "step", "loss on the whole subset",
            bySteps.toArray(Series[]::new)).withLogY())
        .figure(Figure.of("loss-vs-seconds", "Training loss against training time", "seconds (evaluation excluded)",
            "loss on the whole subset", bySeconds.toArray(Series[]::new)).withLogY());

    report.note("Every optimiser starts from the same weights of a " + "784-" + c.hidden() + "-10 MLP and takes "
        + c.steps() + " steps; the loss is the mean cross-entropy on all " + data.size()
        + " training images, measured every " + c.evalEvery() + " steps. 'loss noise' is the standard deviation of the"
        + " change between consecutive measurements over the second half of training.");
    report.note("Per step, full-batch GD is the best plain-SGD direction but costs a pass over all images;"
        + " batch-1 SGD needs " + data.size() + " steps for one epoch and its loss jumps from step to step."
        + " Momentum and Adam reach a lower loss than plain SGD in the same number of steps.");
    report.note("Weight decay adds λθ to the gradient before the momentum buffer, which is exactly the gradient of"
        + " (λ/2)‖θ‖², so the two runs agree to float rounding (for Adam the same holds; AdamW's decoupled decay is"
        + " the variant that is not an L2 penalty).");
    return report;
  }

  private static Sequential mlp(int hidden) {
    return new Sequential(new Flatten(), new Linear(784, hidden), new ReLU(), new Linear(hidden, 10));
  }

  private static Curve train(Run r, Config c, TensorDataset data, Map<String, Tensor> init, long seed) {
    Sequential model = mlp(c.hidden());
    model.loadStateDict(init, true);
    Optimizer opt = r.optimizer().apply(model);
    CrossEntropyLoss loss = new CrossEntropyLoss();
    // prefetch(0): the batch is cut in the timed step, the same way for every batch size.
    DataLoader loader = DataLoader.builder(data).batchSize(r.batch()).shuffle(true).seed(seed).prefetch(0).build();
    int points = c.steps() / c.evalEvery() + 1;
    double[] steps = new double[points], seconds = new double[points], losses = new double[points];
    losses[0] = Trainer.evaluate(model, data, data.size()).loss();
    long nanos = 0;
    int step = 0, point = 1;
    for (int epoch = 0; step < c.steps(); epoch++) {
      try (BatchIterator it = loader.iterator(epoch)) {
        while (step < c.steps()) {
          long t0 = System.nanoTime();
          if (!it.hasNext()) break;
          Batch b = it.next();
          Tensor l = loss.forward(model.forward(b.inputs()), b.targets());
          opt.zeroGrad();
          l.backward();
          opt.step();
          nanos += System.nanoTime() - t0;
          step++;
          if (step % c.evalEvery() == 0) {
            steps[point] = step;
            seconds[point] = nanos / 1e9;
            losses[point++] = Trainer.evaluate(model, data, data.size()).loss();
          }
        }
      }
    }
    return new Curve(r.name(), r.key(), r.batch(), steps, seconds, losses);
  }

  /** {max |θ_wd − θ_L2|, max |θ_wd − θ_none|} after the decay steps. */
  private static double[] weightDecayIsL2(Config c, TensorDataset data, Map<String, Tensor> init, long seed) {
    Sequential decayed = mlp(c.hidden()), penalised = mlp(c.hidden()), plain = mlp(c.hidden());
    for (Module m : List.of(decayed, penalised, plain)) m.loadStateDict(init, true);
    Optimizer optDecayed = new SGD(decayed.parameters(), LR).momentum(0.9).weightDecay(LAMBDA);
    Optimizer optPenalised = new SGD(penalised.parameters(), LR).momentum(0.9);
    Optimizer optPlain = new SGD(plain.parameters(), LR).momentum(0.9);
    CrossEntropyLoss loss = new CrossEntropyLoss();
    DataLoader loader = DataLoader.builder(data).batchSize(BATCH).shuffle(true).seed(seed).prefetch(0).build();
    int step = 0;
    for (int epoch = 0; step < c.decaySteps(); epoch++) {
      try (BatchIterator it = loader.iterator(epoch)) {
        while (step < c.decaySteps() && it.hasNext()) {
          Batch b = it.next();
          step(decayed, optDecayed, loss.forward(decayed.forward(b.inputs()), b.targets()));
          Tensor penalty = null;
          for (Parameter p : penalised.parameters()) {
            Tensor sq = p.mul(p).sum();
            penalty = penalty == null ? sq : penalty.add(sq);
          }
          Tensor l2 = loss.forward(penalised.forward(b.inputs()), b.targets()).add(penalty.mul((float) (LAMBDA / 2)));
          step(penalised, optPenalised, l2);
          step(plain, optPlain, loss.forward(plain.forward(b.inputs()), b.targets()));
          step++;
        }
      }
    }
    return new double[] {maxDiff(decayed, penalised), maxDiff(decayed, plain)};
  }

  private static void step(Module m, Optimizer opt, Tensor loss) {
    opt.zeroGrad();
    loss.backward();
    opt.step();
  }

  private static double maxDiff(Module a, Module b) {
    List<Parameter> pa = a.parameters(), pb = b.parameters();
    double max = 0;
    for (int i = 0; i < pa.size(); i++) max = Math.max(max, pa.get(i).detach().sub(pb.get(i).detach()).abs().max().item());
    return max;
  }
}
