package dev.shinso.lecture.experiments;

import dev.shinso.Shinso;
import dev.shinso.data.Batch;
import dev.shinso.data.DataLoader;
import dev.shinso.data.TensorDataset;
import dev.shinso.lecture.Experiment;
import dev.shinso.lecture.Figure;
import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.lecture.Table;
import dev.shinso.nn.Dropout;
import dev.shinso.nn.Linear;
import dev.shinso.nn.ReLU;
import dev.shinso.nn.Sequential;
import dev.shinso.optim.Adam;
import dev.shinso.train.Trainer;
import java.util.Locale;

/**
 * Claim: dropout regularises — a network trained with it overfits a small training set less (a
 * smaller gap between training and test accuracy) without losing test accuracy.
 *
 * <p>The same MLP (784 → h → h → 10, ReLU) is trained twice from the same initial weights on the first
 * n Fashion-MNIST training images, with the same optimiser (Adam), batches and number of epochs: once
 * plain and once with {@link Dropout} (p = 0.5) after each hidden ReLU. After every epoch both nets are
 * evaluated (dropout off) on the whole training subset and on held-out test images. Without dropout
 * the net memorises the small set (training accuracy reaches 100%) while test accuracy stalls; with
 * dropout the training accuracy stays lower and the test accuracy is at least as good.
 */
public final class DropoutRegularisation implements Experiment {
  static final double P = 0.5;

  @Override
  public String name() {
    return "dropout";
  }

  @Override
  public String claim() {
    return "Dropout regularises: on a small training set a network with dropout overfits less (smaller"
        + " train/test accuracy gap) than the same network without it.";
  }

  /** The sizes of a run. */
  private record Size(int trainImages, int testImages, int hidden, int epochs, int batch) {}

  @Override
  public Report run(Settings settings) throws Exception {
    Size size = settings.quick() ? new Size(500, 1000, 256, 40, 50) : new Size(1000, 10000, 512, 60, 50);
    Batch trainHead = FashionSubsets.head(settings, true, size.trainImages());
    Batch testHead = FashionSubsets.head(settings, false, size.testImages());
    TensorDataset train = new TensorDataset(trainHead.inputs(), trainHead.targets());
    TensorDataset test = new TensorDataset(testHead.inputs(), testHead.targets());

    double[][] plain = train(false, size, train, test, settings);
    double[][] dropout = train(true, size, train, test, settings);

    int last = size.epochs() - 1;
    double plainGap = plain[0][last] - plain[1][last];
    double dropoutGap = dropout[0][last] - dropout[1][last];
    Table table = Table.builder("Accuracy after " + size.epochs() + " epochs on " + size.trainImages()
            + " training images (test: " + size.testImages() + " held-out images)", "MLP", "train acc", "test acc", "gap")
        .row("no dropout", plain[0][last], plain[1][last], plainGap)
        .row("dropout p=" + P, dropout[0][last], dropout[1][last], dropoutGap)
        .build();
    double[] epochs = new double[size.epochs()];
    for (int e = 0; e < epochs.length; e++) epochs[e] = e + 1;
    return new Report(this)
        .table(table)
        .metric("no-dropout-train-acc", plain[0][last])
        .metric("no-dropout-test-acc", plain[1][last])
        .metric("no-dropout-gap", plainGap)
        .metric("dropout-train-acc", dropout[0][last])
        .metric("dropout-test-acc", dropout[1][last])
        .metric("dropout-gap", dropoutGap)
        .figure(Figure.of("accuracy", "Train and test accuracy per epoch, with and without dropout", "epoch",
            "accuracy", Figure.Series.line("no dropout, train", epochs, plain[0]),
            Figure.Series.line("no dropout, test", epochs, plain[1]),
            Figure.Series.line("dropout, train", epochs, dropout[0]),
            Figure.Series.line("dropout, test", epochs, dropout[1])))
        .note("Both nets start from the same weights and see the same batches (Adam, lr 1e-3, batch " + size.batch()
            + ", MLP 784-" + size.hidden() + "-" + size.hidden() + "-10); accuracies are measured with dropout off.")
        .note(String.format(Locale.ROOT, "Gap = train − test accuracy: %.3f without dropout, %.3f with it.", plainGap,
            dropoutGap));
  }

  /** Trains one net; returns [train accuracy per epoch, test accuracy per epoch]. */
  private static double[][] train(boolean withDropout, Size size, TensorDataset train, TensorDataset test,
      Settings settings) {
    // Same seed for both nets: the same initial weights (Dropout has no parameters) and batch order.
    Shinso.manualSeed(settings.seed());
    Sequential net = new Sequential(new Linear(28 * 28, size.hidden()), new ReLU());
    if (withDropout) net.add(new Dropout(P));
    net.add(new Linear(size.hidden(), size.hidden())).add(new ReLU());
    if (withDropout) net.add(new Dropout(P));
    net.add(new Linear(size.hidden(), 10));
    DataLoader loader = DataLoader.builder(train).batchSize(size.batch()).shuffle(true).seed(settings.seed()).build();
    Trainer trainer = new Trainer(net, new Adam(net.parameters(), 1e-3), null, loader);
    double[][] acc = new double[2][size.epochs()];
    for (int e = 0; e < size.epochs(); e++) {
      trainer.trainEpoch(e, null);
      acc[0][e] = Trainer.evaluate(net, train, 1000).accuracy();
      acc[1][e] = Trainer.evaluate(net, test, 1000).accuracy();
    }
    settings.log().printf(Locale.ROOT, "dropout: %s: train %.3f test %.3f%n", withDropout ? "with dropout" : "without",
        acc[0][size.epochs() - 1], acc[1][size.epochs() - 1]);
    return acc;
  }
}
