package dev.shinso.lecture.experiments;

import dev.shinso.Shinso;
import dev.shinso.data.DataLoader;
import dev.shinso.data.Subset;
import dev.shinso.data.TensorDataset;
import dev.shinso.data.datasets.FashionMnist;
import dev.shinso.lecture.Experiment;
import dev.shinso.lecture.Figure;
import dev.shinso.lecture.Figure.Series;
import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.lecture.Table;
import dev.shinso.nn.Flatten;
import dev.shinso.nn.Linear;
import dev.shinso.nn.ReLU;
import dev.shinso.nn.Sequential;
import dev.shinso.optim.Adam;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import dev.shinso.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Claim: an over-parameterised network can fit training data whose labels are partly random — it
 * memorises the noise, reaching (nearly) 100% training accuracy on the wrong labels too — and still
 * classify new images far better than memorising noise would suggest.
 *
 * <p>20% of a Fashion-MNIST subset's labels are replaced by a random other class; a wide MLP (far
 * more parameters than images) is trained on them until it fits them. Its accuracy on the noisy
 * training labels and on the clean test set is recorded over the epochs, beside the same network
 * trained from the same weights on the clean labels, so that the cost of the noise is measured.
 */
public final class BenignOverfitting implements Experiment {
  private static final double NOISE = 0.2;
  private static final double LR = 1e-3;
  private static final int BATCH = 16;

  @Override
  public String name() {
    return "benign-overfitting";
  }

  @Override
  public String claim() {
    return "An over-parameterised network fits labels that are 20% random, memorising the noise, yet still"
        + " generalises far better than memorising noise suggests.";
  }

  private record Config(int images, int width, int epochs, int testPerClass, int evalEvery) {}

  /** Accuracies over the epochs of one run. */
  private record Run(double[] epochs, double[] trainAcc, double[] testAcc) {
    double finalTrain() {
      return trainAcc[trainAcc.length - 1];
    }

    double finalTest() {
      return testAcc[testAcc.length - 1];
    }

    double bestTest() {
      double best = 0;
      for (double a : testAcc) best = Math.max(best, a);
      return best;
    }
  }

  @Override
  public Report run(Settings s) throws Exception {
    Config c = s.quick() ? new Config(300, 256, 60, 50, 5) : new Config(1000, 512, 100, 200, 5);
    Generator g = new Generator(s.seed());
    FashionMnist trainSet = FashionSubsets.load(s, true), testSet = FashionSubsets.load(s, false);
    int[] all = FashionSubsets.firstClasses(10);
    TensorDataset clean = FashionSubsets.sample(trainSet, all, c.images() / 10, g);
    TensorDataset test = FashionSubsets.sample(testSet, all, c.testPerClass(), g);

    // Replace the labels of a random 20% of the images by a class drawn uniformly from the other nine.
    long[] labels = clean.targets().toLongArray(), noisyLabels = labels.clone();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) order.add(i);
    FashionSubsets.shuffle(order, g);
    int flipped = (int) Math.round(NOISE * labels.length);
    int[] flippedIndices = new int[flipped];
    for (int k = 0; k < flipped; k++) {
      int i = order.get(k);
      flippedIndices[k] = i;
      noisyLabels[i] = (labels[i] + 1 + g.nextLong(9)) % 10;
    }
    TensorDataset noisy = new TensorDataset(clean.inputs(), Tensor.ofLongs(noisyLabels));

    Shinso.manualSeed(s.seed());
    Map<String, Tensor> init = FashionSubsets.snapshot(mlp(c.width()));
    s.log().println("benign-overfitting: training on noisy labels");
    Sequential noisyNet = mlp(c.width());
    Run onNoisy = train(noisyNet, init, noisy, test, c, s.seed());
    s.log().println("benign-overfitting: training on clean labels");
    Run onClean = train(mlp(c.width()), init, clean, test, c, s.seed());

    // On the flipped images: does the net repeat the wrong label it was taught, or say the true class?
    Subset flippedNoisy = new Subset(noisy, flippedIndices), flippedTrue = new Subset(clean, flippedIndices);
    double memorised = Trainer.evaluate(noisyNet, flippedNoisy, 500).accuracy();
    double trueOnFlipped = Trainer.evaluate(noisyNet, flippedTrue, 500).accuracy();

    long params = noisyNet.parameterCount();
    Report report = new Report(this);
    report.table(Table.builder("784-" + c.width() + "-" + c.width() + "-10 MLP (" + params + " parameters) on "
            + c.images() + " training images, " + c.epochs() + " epochs; test set: " + test.size() + " clean images",
            "training labels", "train accuracy (on its labels)", "test accuracy (final)", "test accuracy (best epoch)")
        .row((int) (NOISE * 100) + "% random", onNoisy.finalTrain(), onNoisy.finalTest(), onNoisy.bestTest())
        .row("clean", onClean.finalTrain(), onClean.finalTest(), onClean.bestTest())
        .build());
    report.table(Table.builder("The " + flipped + " training images whose labels were randomised",
            "the noisy-label net predicts", "fraction")
        .row("the random label it was taught", memorised)
        .row("the image's true class", trueOnFlipped)
        .build());
    report.metric("train_acc_noisy", onNoisy.finalTrain())
        .metric("test_acc_noisy", onNoisy.finalTest())
        .metric("train_acc_clean", onClean.finalTrain())
        .metric("test_acc_clean", onClean.finalTest())
        .metric("memorised_flipped", memorised)
        .metric("noise_cost", onClean.finalTest() - onNoisy.finalTest())
        .metric("parameters_per_image", (double) params / c.images());

    report.figure(Figure.of("accuracy", "Accuracy over epochs: 20% random training labels vs clean labels", "epoch",
        "accuracy",
        Series.line("train, 20% random labels (against those labels)", onNoisy.epochs(), onNoisy.trainAcc()),
        Series.line("test (clean), trained on 20% random labels", onNoisy.epochs(), onNoisy.testAcc()),
        Series.line("train, clean labels", onClean.epochs(), onClean.trainAcc()),
        Series.line("test (clean), trained on clean labels", onClean.epochs(), onClean.testAcc())));

    report.note(String.format("The net has %.0f parameters per training image and fits %.1f%% of the noisy labels,"
        + " including %.1f%% of the %d randomised ones: it memorised the noise.", (double) params / c.images(),
        100 * onNoisy.finalTrain(), 100 * memorised, flipped));
    report.note(String.format("Memorising noise suggests a lookup table: a net that reproduces %d%% wrong labels"
        + " on its own training images would be expected to be no better than chance (10%%) on new ones, or at best to"
        + " lose those %d%% on top of the clean net's errors (%.1f%%). It reaches %.1f%% on clean test images against"
        + " %.1f%% for the same net trained on clean labels: the noise cost %.1f points, less than"
        + " those bounds.",
        (int) (NOISE * 100), (int) (NOISE * 100), 100 * (1 - NOISE) * onClean.finalTest(), 100 * onNoisy.finalTest(),
        100 * onClean.finalTest(), 100 * (onClean.finalTest() - onNoisy.finalTest())));
    report.note("Both runs start from the same weights and see the same batches: Adam (lr " + LR + ", batch " + BATCH
        + "), no weight decay, no early stopping.");
    return report;
  }

  private static Sequential mlp(int width) {
    return new Sequential(new Flatten(), new Linear(784, width), new ReLU(), new Linear(width, width), new ReLU(),
        new Linear(width, 10));
  }

  private static Run train(Sequential net, Map<String, Tensor> init, TensorDataset data, TensorDataset test, Config c,
      long seed) {
    net.loadStateDict(init, true);
    Trainer trainer = new Trainer(net, new Adam(net.parameters(), LR), null,
        DataLoader.builder(data).batchSize(BATCH).shuffle(true).seed(seed).build());
    int points = c.epochs() / c.evalEvery();
    double[] epochs = new double[points], trainAcc = new double[points], testAcc = new double[points];
    for (int e = 0, p = 0; e < c.epochs(); e++) {
      trainer.trainEpoch(e, null);
      if ((e + 1) % c.evalEvery() == 0) {
        epochs[p] = e + 1;
        trainAcc[p] = Trainer.evaluate(net, data, 1000).accuracy();
        testAcc[p++] = Trainer.evaluate(net, test, 1000).accuracy();
      }
    }
    return new Run(epochs, trainAcc, testAcc);
  }
}
