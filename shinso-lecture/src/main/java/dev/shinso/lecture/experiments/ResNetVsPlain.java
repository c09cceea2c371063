package dev.shinso.lecture.experiments;

import dev.shinso.Shinso;
import dev.shinso.data.DataLoader;
import dev.shinso.data.TensorDataset;
import dev.shinso.lecture.Experiment;
import dev.shinso.lecture.Figure;
import dev.shinso.lecture.Figure.Series;
import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.lecture.Table;
import dev.shinso.nn.AdaptiveAvgPool2d;
import dev.shinso.nn.BasicBlock;
import dev.shinso.nn.BatchNorm2d;
import dev.shinso.nn.Conv2d;
import dev.shinso.nn.Flatten;
import dev.shinso.nn.Linear;
import dev.shinso.nn.MaxPool2d;
import dev.shinso.nn.ReLU;
import dev.shinso.nn.Sequential;
import dev.shinso.optim.Optimizer;
import dev.shinso.optim.SGD;
import dev.shinso.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Claim: a deep plain network trains worse than a residual network of the same depth and width —
 * the shortcut {@code x + F(x)} lets the signal and its gradient pass every block unchanged, so
 * depth stops hurting optimisation — and this holds with batch norm as well as without it.
 *
 * <p>Shown on Fashion-MNIST: four networks with the same stem (3×3 convolution with stride 2,
 * max-pool 2, so the blocks work at 7×7), the same stack of two-convolution blocks at one width,
 * global average pooling and a linear head. The residual nets use {@link BasicBlock} (with batch
 * norm) or the same block without batch norm; the plain nets are the same stacks without the
 * shortcuts. All four start from the same seed, see the same batches in the same order and use the
 * same optimiser (SGD with momentum, the gradient norm clipped at 1) and PyTorch's default
 * initialisation; the residual net ends with the lower training loss both with and without batch
 * norm. Without batch norm the plain stack barely moves from chance (loss ≈ ln 10): at default
 * initialisation each layer shrinks the signal, and the gradient reaching the first layers vanishes,
 * while the shortcuts carry both through.
 *
 * <p>Without batch norm the residual net has two ways to lose its lead in a short run, both seen at
 * the quick size with 80 steps of batch 32 and no clipping (where it ended within 0.1 of the plain
 * net for 38 of 100 seeds): it starts slowly, since its branches start small and it is at first
 * little more than the stem, average pooling and the head; and once the branches have grown, one
 * large step can blow the stack of 8 unnormalised blocks up, after which it stays at chance. So the
 * quick size trains for 240 steps (batch 16, 12 epochs) and every net's gradient norm is clipped at
 * 1, a standard guard that does not help the plain net, whose gradient is too small rather than too
 * large; then, for each of the seeds 1 to 30, the residual net leads by at least 0.56 without batch
 * norm and 0.31 with it (the test asks for 0.1).
 */
public final class ResNetVsPlain implements Experiment {
  /** Sizes: training images, blocks (the net has 2·blocks + 1 convolutions), width, epochs, batch. */
  record Size(int images, int blocks, int width, int epochs, int batch) {
    int convLayers() {
      return 2 * blocks + 1;
    }
  }

  static final Size QUICK = new Size(320, 8, 8, 12, 16);
  static final Size FULL = new Size(2000, 8, 8, 5, 16);
  private static final double LR = 0.05;
  private static final double MOMENTUM = 0.9;
  /** Every step scales the gradient down to this total norm when it is larger (the same for all four nets). */
  private static final double CLIP_NORM = 1;

  @Override
  public String name() {
    return "resnet";
  }

  @Override
  public String claim() {
    return "A deep plain network trains worse than a residual network of the same depth and width, "
        + "with and without batch norm";
  }

  /** One of the four networks: stem, blocks × (conv, conv), global average pooling, linear head. */
  static Sequential network(Size size, boolean residual, boolean batchNorm) {
    int w = size.width();
    Sequential net = new Sequential(new Conv2d(1, w, 3, 2, 1, 1, 1, false));
    if (batchNorm) net.add(new BatchNorm2d(w));
    net.add(new ReLU()).add(new MaxPool2d(2));
    for (int i = 0; i < size.blocks(); i++) {
      net.add(residual && batchNorm ? new BasicBlock(w, w, 1) : new ConvBlock(w, batchNorm, residual));
    }
    net.add(new AdaptiveAvgPool2d(1)).add(new Flatten()).add(new Linear(w, 10));
    return net;
  }

  /** Training loss per step and the mean over the last epoch. */
  record Run(String label, double[] steps, double[] losses, double finalLoss) {}

  @Override
  public Report run(Settings settings) throws Exception {
    Size size = settings.quick() ? QUICK : FULL;
    TensorDataset train = FashionSubsets.sample(settings, true, size.images(), settings.seed());
    List<Run> runs = new ArrayList<>();
    for (boolean batchNorm : new boolean[] {true, false}) {
      for (boolean residual : new boolean[] {false, true}) {
        runs.add(train(size, residual, batchNorm, train, settings));
      }
    }
    Run plainBn = runs.get(0), resBn = runs.get(1), plain = runs.get(2), res = runs.get(3);

    Table.Builder table = Table.builder(String.format(Locale.ROOT, "%d conv layers at width %d, SGD lr %s momentum %s, "
            + "gradient norm clipped at %s, batch %d, %d epochs on %d images; final loss = mean training loss over "
            + "the last epoch", size.convLayers(), size.width(), LR, MOMENTUM, CLIP_NORM, size.batch(), size.epochs(),
            size.images()),
        "network", "batch norm", "parameters", "final training loss");
    for (Run r : runs) {
      Sequential probe = network(size, r.label().startsWith("residual"), r.label().endsWith("+ BN"));
      table.row(r.label(), r.label().endsWith("+ BN") ? "yes" : "no", probe.parameterCount(), r.finalLoss());
    }
    Series[] series = runs.stream().map(r -> Series.line(r.label(), r.steps(), r.losses())).toArray(Series[]::new);
    return new Report(this)
        .table(table.build())
        .metric("plain_bn_final_loss", plainBn.finalLoss())
        .metric("residual_bn_final_loss", resBn.finalLoss())
        .metric("plain_final_loss", plain.finalLoss())
        .metric("residual_final_loss", res.finalLoss())
        .metric("conv_layers", size.convLayers())
        .figure(Figure.of("training-loss", size.convLayers() + " conv layers: training loss, plain vs residual",
            "step", "training loss (batch)", series).withLogY())
        .note(String.format(Locale.ROOT, "With batch norm the residual net ends at loss %.3f, the plain net at %.3f; "
            + "without batch norm %.3f vs %.3f. The networks differ only by the shortcuts, so the gap is what "
            + "letting each block learn a correction to the identity buys at this depth.",
            resBn.finalLoss(), plainBn.finalLoss(), res.finalLoss(), plain.finalLoss()))
        .note("Every net's gradient norm is clipped at " + CLIP_NORM + ": without it the residual net without batch "
            + "norm, once its branches have grown, can take one step that blows its unnormalised stack up and leaves "
            + "it at chance. Clipping does not rescue the plain net, whose gradient is too small, not too large.");
  }

  private static Run train(Size size, boolean residual, boolean batchNorm, TensorDataset data, Settings settings) {
    String label = (residual ? "residual" : "plain") + (batchNorm ? " + BN" : "");
    Shinso.manualSeed(settings.seed());
    Sequential net = network(size, residual, batchNorm);
    DataLoader loader = DataLoader.builder(data).batchSize(size.batch()).shuffle(true).seed(settings.seed())
        .dropLast(true).build();
    Optimizer sgd = new SGD(net.parameters(), LR).momentum(MOMENTUM);
    Trainer trainer = new Trainer(net, sgd, null, loader).clipGradNorm(CLIP_NORM).logEvery(1);
    int perEpoch = loader.numBatches();
    double[] steps = new double[size.epochs() * perEpoch], losses = new double[steps.length];
    double last = 0;
    for (int e = 0; e < size.epochs(); e++) {
      int base = e * perEpoch;
      Trainer.EpochStats stats = trainer.trainEpoch(e, (step, n, loss, acc, images, seconds) -> {
        steps[base + step - 1] = base + step;
        losses[base + step - 1] = loss;
      });
      last = stats.loss();
      settings.log().printf("%s epoch %d: loss %.4f accuracy %.4f (%.1f s)%n", label, e + 1, stats.loss(),
          stats.accuracy(), stats.seconds());
    }
    return new Run(label, steps, losses, last);
  }
}
