package dev.shinso.lecture.experiments;

import dev.shinso.Shinso;
import dev.shinso.data.DataLoader;
import dev.shinso.data.TensorDataset;
import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.lecture.Experiment;
import dev.shinso.lecture.Figure;
import dev.shinso.lecture.Figure.Series;
import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.lecture.Table;
import dev.shinso.nn.Conv2d;
import dev.shinso.nn.Flatten;
import dev.shinso.nn.Linear;
import dev.shinso.nn.MaxPool2d;
import dev.shinso.nn.Module;
import dev.shinso.nn.Parameter;
import dev.shinso.nn.ReLU;
import dev.shinso.nn.Sequential;
import dev.shinso.optim.Adam;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import dev.shinso.train.Trainer;
import java.util.List;
import java.util.Map;

/**
 * Claim: features learnt on one task transfer to another. The training issue's CNN, pre-trained on
 * Fashion-MNIST classes 0–4 (T-shirt, trouser, pullover, dress, coat) and fine-tuned on only 100
 * labelled images of classes 5–9 (sandal, shirt, sneaker, bag, ankle boot), beats the same CNN
 * trained from scratch on those 100 images, whether all its layers are fine-tuned or its
 * convolutions stay frozen.
 *
 * <p>Classes 5–9 are relabelled 0–4 and every variant gets the same freshly initialised 5-way
 * output layer; the three variants then train with the same optimiser, batches and epochs, and are
 * evaluated on test images of classes 5–9 after every epoch. Which 100 images are labelled matters
 * as much as the method at this size, so the comparison is repeated on several draws of them and
 * the means are compared. The frozen variant switches {@code requiresGrad} off for the convolutions and
 * gives the optimiser only the linear layers' parameters.
 */
public final class Transfer implements Experiment {
  private static final int[] SOURCE = {0, 1, 2, 3, 4};
  private static final int[] TARGET = {5, 6, 7, 8, 9};
  private static final int LABELLED_PER_CLASS = 20;
  private static final int HIDDEN = 128;
  private static final double LR = 1e-3;

  @Override
  public String name() {
    return "transfer";
  }

  @Override
  public String claim() {
    return "A network pre-trained on one task and fine-tuned on 100 labelled images of a new task beats the same"
        + " network trained from scratch on those 100 images.";
  }

  private record Config(int pretrainPerClass, int pretrainEpochs, int draws, int finetuneEpochs, int testPerClass) {}

  private enum Variant {
    SCRATCH("from scratch", "acc_scratch"), ALL("fine-tune all layers", "acc_finetune_all"),
    FROZEN("fine-tune, convolutions frozen", "acc_finetune_frozen");

    final String label, metric;

    Variant(String label, String metric) {
      this.label = label;
      this.metric = metric;
    }
  }

  @Override
  public Report run(Settings s) throws Exception {
    Config c = s.quick() ? new Config(3000, 1, 2, 15, 100) : new Config(6000, 2, 5, 20, 1000);
    Generator g = new Generator(s.seed());
    FashionMnist train = FashionSubsets.load(s, true), test = FashionSubsets.load(s, false);
    TensorDataset source = FashionSubsets.sample(train, SOURCE, c.pretrainPerClass(), g);
    TensorDataset targetTest = FashionSubsets.sample(test, TARGET, c.testPerClass(), g);

    Shinso.manualSeed(s.seed());
    Sequential pretrained = new Sequential(body(), new Linear(HIDDEN, SOURCE.length));
    Trainer pre = new Trainer(pretrained, new Adam(pretrained.parameters(), LR), null,
        DataLoader.builder(source).batchSize(64).shuffle(true).seed(s.seed()).build());
    double preAcc = 0;
    for (int e = 0; e < c.pretrainEpochs(); e++) {
      preAcc = pre.trainEpoch(e, null).accuracy();
      s.log().printf("transfer: pre-training epoch %d/%d on %d images of classes 0-4, train accuracy %.3f%n", e + 1,
          c.pretrainEpochs(), source.size(), preAcc);
    }
    Map<String, Tensor> features = FashionSubsets.snapshot(pretrained.get(0));

    int variants = Variant.values().length;
    double[][] curves = new double[variants][c.finetuneEpochs()];
    double[][] finalAcc = new double[variants][c.draws()];
    double[] trainAcc = new double[variants];
    long[] trainedCount = new long[variants];
    double frozenChange = 0;
    for (int d = 0; d < c.draws(); d++) {
      TensorDataset labelled = FashionSubsets.sample(train, TARGET, LABELLED_PER_CLASS, g);
      Map<String, Tensor> freshBody = FashionSubsets.snapshot(body());
      Map<String, Tensor> freshHead = FashionSubsets.snapshot(new Linear(HIDDEN, TARGET.length));
      for (Variant v : Variant.values()) {
        Sequential body = body();
        body.loadStateDict(v == Variant.SCRATCH ? freshBody : features, true);
        Linear head = new Linear(HIDDEN, TARGET.length);
        head.loadStateDict(freshHead, true);
        Sequential net = new Sequential(body, head);
        if (v == Variant.FROZEN) for (Parameter p : convolutions(body)) p.requiresGrad(false);
        List<Parameter> trained = net.parameters().stream().filter(Parameter::requiresGrad).toList();
        trainedCount[v.ordinal()] = trained.stream().mapToLong(Tensor::numel).sum();
        Trainer ft = new Trainer(net, new Adam(trained, LR), null,
            DataLoader.builder(labelled).batchSize(10).shuffle(true).seed(s.seed() + d).build());
        for (int e = 0; e < c.finetuneEpochs(); e++) {
          double acc = ft.trainEpoch(e, null).accuracy();
          if (e == c.finetuneEpochs() - 1) trainAcc[v.ordinal()] += acc / c.draws();
          curves[v.ordinal()][e] += Trainer.evaluate(net, targetTest, 500).accuracy() / c.draws();
        }
        finalAcc[v.ordinal()][d] = Trainer.evaluate(net, targetTest, 500).accuracy();
        if (v == Variant.FROZEN) frozenChange = Math.max(frozenChange, convolutionChange(body, features));
      }
      s.log().printf("transfer: draw %d/%d of 100 labelled images: scratch %.3f, fine-tune all %.3f, convolutions frozen %.3f%n",
          d + 1, c.draws(), finalAcc[0][d], finalAcc[1][d], finalAcc[2][d]);
    }

    Report report = new Report(this);
    Table.Builder t = Table.builder("Test accuracy on " + targetTest.size() + " test images of classes 5-9 after "
        + c.finetuneEpochs() + " epochs on 100 labelled images (mean, min and max over " + c.draws() + " draws)",
        "variant", "trained parameters", "train accuracy", "test accuracy", "min", "max");
    double[] epochs = new double[c.finetuneEpochs()];
    for (int e = 0; e < epochs.length; e++) epochs[e] = e + 1;
    Series[] series = new Series[variants];
    for (Variant v : Variant.values()) {
      double[] acc = finalAcc[v.ordinal()];
      double mean = java.util.Arrays.stream(acc).average().orElseThrow();
      t.row(v.label, trainedCount[v.ordinal()], trainAcc[v.ordinal()], mean,
          java.util.Arrays.stream(acc).min().orElseThrow(), java.util.Arrays.stream(acc).max().orElseThrow());
      report.metric(v.metric, mean);
      series[v.ordinal()] = Series.line(v.label, epochs, curves[v.ordinal()]);
    }
    int allWins = 0, frozenWins = 0;
    for (int d = 0; d < c.draws(); d++) {
      if (finalAcc[Variant.ALL.ordinal()][d] > finalAcc[Variant.SCRATCH.ordinal()][d]) allWins++;
      if (finalAcc[Variant.FROZEN.ordinal()][d] > finalAcc[Variant.SCRATCH.ordinal()][d]) frozenWins++;
    }
    double scratch = report.metric("acc_scratch");
    report.metric("margin_all", report.metric("acc_finetune_all") - scratch)
        .metric("margin_frozen", report.metric("acc_finetune_frozen") - scratch)
        .metric("draws", c.draws()).metric("draws_all_beats_scratch", allWins)
        .metric("draws_frozen_beats_scratch", frozenWins)
        .metric("pretrain_train_acc", preAcc).metric("frozen_body_change", frozenChange);
    report.table(t.build());
    report.figure(Figure.of("accuracy", "Test accuracy on classes 5-9 while fine-tuning on 100 images (mean of "
        + c.draws() + " draws)", "epoch", "test accuracy", series));
    report.note("Pre-training: " + source.size() + " images of classes 0-4 (T-shirt, trouser, pullover, dress, coat), "
        + c.pretrainEpochs() + " epoch(s) of Adam, reaching train accuracy " + String.format("%.3f", preAcc)
        + ". Target task: classes 5-9 (sandal, shirt, sneaker, bag, ankle boot) relabelled 0-4, "
        + LABELLED_PER_CLASS + " labelled images per class, drawn " + c.draws() + " times.");
    report.note("Every variant starts from the same new 5-way output layer and trains with Adam (lr " + LR
        + ", batch 10) for " + c.finetuneEpochs() + " epochs; only where the body starts (fresh or pre-trained) and"
        + " which layers train differ. With the convolutions frozen, they moved by at most " + frozenChange + ".");
    report.note(String.format("Transfer gained %+.1f points (all layers; better on %d of %d draws) and %+.1f points"
        + " (convolutions frozen; %d of %d) over training from scratch.", 100 * report.metric("margin_all"), allWins, c.draws(),
        100 * report.metric("margin_frozen"), frozenWins, c.draws()));
    return report;
  }

  /** The training issue's CNN without its output layer: the part that transfers. */
  private static Sequential body() {
    return new Sequential(
        new Conv2d(1, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2),
        new Conv2d(32, 64, 3, 1, 1), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(64 * 7 * 7, HIDDEN), new ReLU());
  }

  /** The parameters of the body's convolutions: what stays frozen in the third variant. */
  private static List<Parameter> convolutions(Sequential body) {
    return java.util.stream.Stream.of(body.get(0), body.get(3)).flatMap(m -> m.parameters().stream()).toList();
  }

  /** The largest change of a convolution weight or bias since the snapshot. */
  private static double convolutionChange(Sequential body, Map<String, Tensor> before) {
    double max = 0;
    for (var e : body.stateDict().entrySet()) {
      if (e.getKey().startsWith("0.") || e.getKey().startsWith("3.")) {
        max = Math.max(max, e.getValue().sub(before.get(e.getKey())).abs().max().item());
      }
    }
    return max;
  }
}
