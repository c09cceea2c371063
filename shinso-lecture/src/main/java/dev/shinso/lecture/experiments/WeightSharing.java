package dev.shinso.lecture.experiments;

import dev.shinso.Shinso;
import dev.shinso.data.DataLoader;
import dev.shinso.data.Dataset;
import dev.shinso.data.TensorDataset;
import dev.shinso.lecture.Experiment;
import dev.shinso.lecture.Figure;
import dev.shinso.lecture.Figure.Series;
import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.lecture.Table;
import dev.shinso.models.Models;
import dev.shinso.nn.Conv2d;
import dev.shinso.nn.Flatten;
import dev.shinso.nn.Linear;
import dev.shinso.nn.MaxPool2d;
import dev.shinso.nn.Module;
import dev.shinso.nn.ReLU;
import dev.shinso.nn.Sequential;
import dev.shinso.optim.Adam;
import dev.shinso.optim.lr.CosineAnnealingLR;
import dev.shinso.train.Trainer;

/**
 * Claim: a convolution shares one small filter across every position of the image, so a CNN needs
 * far fewer parameters than a fully connected network and still generalises better; a fully
 * connected network with many parameters can instead memorise a small training set.
 *
 * <p>Shown on Fashion-MNIST: a small CNN (two 3×3 convolutions with 16 and 32 filters, max-pooling,
 * one linear layer; about 20 thousand parameters) and the 784-256-128-10 MLP of {@link Models#mlp()}
 * (about 235 thousand) are trained on the same images in the same order with the same optimiser
 * (Adam, lr 2·10⁻³ decayed to 0 by a cosine schedule) for the same number of epochs; the CNN
 * reaches the higher test accuracy. Then the MLP is trained on only a few hundred images until it
 * classifies every one of them correctly, while its test accuracy stays far lower: it has
 * memorised them.
 */
public final class WeightSharing implements Experiment {
  /** Sizes: images to train and test on, epochs, and the small set the MLP memorises. */
  record Size(int trainImages, int testImages, int epochs, int memoriseImages, int memoriseEpochs) {}

  static final Size QUICK = new Size(1500, 1000, 10, 300, 100);
  static final Size FULL = new Size(10000, 10000, 10, 500, 100);
  private static final int BATCH = 32;
  private static final int C1 = 16, C2 = 32;
  private static final double LR = 2e-3;

  @Override
  public String name() {
    return "weight-sharing";
  }

  @Override
  public String claim() {
    return "Weight sharing: a CNN with far fewer parameters than an MLP generalises better on images, "
        + "while an MLP can memorise a small training set";
  }

  /** conv 1→16 3×3, ReLU, max-pool 2; conv 16→32 3×3, ReLU, max-pool 2; linear 784→10. */
  static Sequential smallCnn() {
    return new Sequential(
        new Conv2d(1, C1, 3, 1, 1), new ReLU(), new MaxPool2d(2),
        new Conv2d(C1, C2, 3, 1, 1), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(C2 * 7 * 7, 10));
  }

  @Override
  public Report run(Settings settings) throws Exception {
    Size size = settings.quick() ? QUICK : FULL;
    long seed = settings.seed();
    TensorDataset train = FashionSubsets.sample(settings, true, size.trainImages(), seed);
    TensorDataset test = FashionSubsets.sample(settings, false, size.testImages(), seed + 1);

    Shinso.manualSeed(seed);
    Module cnn = smallCnn();
    Module mlp = Models.mlp();
    settings.log().printf("weight-sharing: CNN %,d vs MLP %,d parameters, %d train / %d test images, %d epochs%n",
        cnn.parameterCount(), mlp.parameterCount(), train.size(), test.size(), size.epochs());
    Curves cnnCurves = train(cnn, train, test, size.epochs(), seed, settings, "cnn");
    Curves mlpCurves = train(mlp, train, test, size.epochs(), seed, settings, "mlp");

    TensorDataset small = FashionSubsets.sample(settings, true, size.memoriseImages(), seed + 2);
    Shinso.manualSeed(seed);
    Curves memo = train(Models.mlp(), small, test, size.memoriseEpochs(), seed, settings, "mlp-memorise");

    double cnnParams = cnn.parameterCount(), mlpParams = mlp.parameterCount();
    Report report = new Report(this)
        .table(Table.builder("Same images, same order, Adam lr 2e-3 with cosine decay, batch " + BATCH + ", " + size.epochs() + " epochs on "
                + train.size() + " training images; accuracy on " + test.size() + " test images",
                "model", "parameters", "train accuracy", "test accuracy")
            .row("CNN (conv 16, conv 32, linear)", (long) cnnParams, cnnCurves.lastTrain(), cnnCurves.lastTest())
            .row("MLP 784-256-128-10", (long) mlpParams, mlpCurves.lastTrain(), mlpCurves.lastTest())
            .build())
        .table(Table.builder("The MLP trained " + size.memoriseEpochs() + " epochs on only " + small.size() + " images",
                "epochs", "train accuracy", "test accuracy")
            .row(size.memoriseEpochs(), memo.lastTrain(), memo.lastTest())
            .build())
        .metric("cnn_params", cnnParams)
        .metric("mlp_params", mlpParams)
        .metric("param_ratio", mlpParams / cnnParams)
        .metric("cnn_test_acc", cnnCurves.lastTest())
        .metric("mlp_test_acc", mlpCurves.lastTest())
        .metric("memorise_train_acc", memo.lastTrain())
        .metric("memorise_test_acc", memo.lastTest())
        .metric("memorise_gap", memo.lastTrain() - memo.lastTest())
        .figure(Figure.of("test-accuracy", "Test accuracy: CNN (" + (long) cnnParams + " parameters) vs MLP ("
                + (long) mlpParams + ")", "epoch", "test accuracy",
            Series.line("CNN", cnnCurves.epochs(), cnnCurves.test()),
            Series.line("MLP", mlpCurves.epochs(), mlpCurves.test())))
        .figure(Figure.of("memorise", "MLP on " + small.size() + " images: train vs test accuracy", "epoch", "accuracy",
            Series.line("train", memo.epochs(), memo.train()),
            Series.line("test", memo.epochs(), memo.test())))
        .note(String.format(java.util.Locale.ROOT, "The CNN has %.0f× fewer parameters than the MLP yet a higher test "
            + "accuracy (%.3f vs %.3f): each filter is reused at every position, so the network is built to look "
            + "for local patterns wherever they are.", mlpParams / cnnParams, cnnCurves.lastTest(), mlpCurves.lastTest()))
        .note(String.format(java.util.Locale.ROOT, "Given %d images, the MLP classifies %.1f%% of them correctly but only "
            + "%.1f%% of unseen ones: with %,d parameters it can memorise a small set instead of learning what "
            + "generalises.", small.size(), 100 * memo.lastTrain(), 100 * memo.lastTest(), (long) mlpParams));
    return report;
  }

  /** Accuracy on the training and test images after each epoch. */
  record Curves(double[] epochs, double[] train, double[] test) {
    double lastTrain() {
      return train[train.length - 1];
    }

    double lastTest() {
      return test[test.length - 1];
    }
  }

  /** Adam with the same learning rate, batch size and data order (the loader's seed) for every model. */
  private static Curves train(Module model, Dataset train, Dataset test, int epochs, long seed, Settings settings,
      String label) {
    DataLoader loader = DataLoader.builder(train).batchSize(BATCH).shuffle(true).seed(seed).build();
    Adam adam = new Adam(model.parameters(), LR);
    // Cosine decay to zero lets each run settle (and the small set be fitted exactly) by the last epoch.
    Trainer trainer = new Trainer(model, adam, new CosineAnnealingLR(adam, epochs * loader.numBatches()), loader);
    double[] xs = new double[epochs], trainAcc = new double[epochs], testAcc = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      trainer.trainEpoch(e, null);
      xs[e] = e + 1;
      trainAcc[e] = Trainer.evaluate(model, train, 500).accuracy();
      testAcc[e] = Trainer.evaluate(model, test, 500).accuracy();
      settings.log().printf("%s epoch %d: train %.4f test %.4f%n", label, e + 1, trainAcc[e], testAcc[e]);
    }
    return new Curves(xs, trainAcc, testAcc);
  }
}
