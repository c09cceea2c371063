package dev.shinso.lecture.experiments;

import dev.shinso.Shinso;
import dev.shinso.data.Batch;
import dev.shinso.lecture.Experiment;
import dev.shinso.lecture.Figure;
import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.lecture.Table;
import dev.shinso.nn.CrossEntropyLoss;
import dev.shinso.nn.Init;
import dev.shinso.nn.Linear;
import dev.shinso.nn.Module;
import dev.shinso.nn.ReLU;
import dev.shinso.nn.Sequential;
import dev.shinso.nn.Sigmoid;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Claim: in a deep network of sigmoids the gradient vanishes towards the input, so the first layers
 * barely learn; ReLU with Kaiming (He) initialisation keeps the gradient's size through the depth.
 *
 * <p>Two MLPs of 20 {@link Linear} layers (784 → 128 → … → 128 → 10) see the same batch of real
 * Fashion-MNIST images (flattened); one has {@link Sigmoid} between the layers and PyTorch's default
 * initialisation, the other {@link ReLU} and {@link Init#kaimingNormal} weights (gain √2, zero biases).
 * One forward and backward pass of the cross-entropy gives each Linear weight's gradient; its
 * Frobenius norm is recorded per layer. Backward through a sigmoid layer multiplies the gradient by
 * σ' ≤ 1/4 and by weights of variance 1/(3·fan_in), so each layer shrinks it several-fold; ReLU with
 * Kaiming weights multiplies its second moment by fan_out·(2/fan_in)·½ = 1 in the equal-width middle.
 */
public final class Depth implements Experiment {
  static final int LAYERS = 20;
  static final int WIDTH = 128;

  @Override
  public String name() {
    return "depth";
  }

  @Override
  public String claim() {
    return "In a deep sigmoid network the gradient shrinks layer by layer towards the input (vanishing"
        + " gradients); with ReLU and Kaiming initialisation it keeps its size.";
  }

  @Override
  public Report run(Settings settings) throws Exception {
    int batch = settings.quick() ? 256 : 2048;
    Batch data = FashionSubsets.head(settings, true, batch);
    Shinso.manualSeed(settings.seed());
    double[] sigmoid = gradientNorms(mlp(Sigmoid::new, false), data);
    Shinso.manualSeed(settings.seed() + 1);
    double[] relu = gradientNorms(mlp(ReLU::new, true), data);
    settings.log().println("depth: gradients of both nets computed");

    Table.Builder table = Table.builder("Norm of each Linear layer's weight gradient (layer 1 = next to the input;"
        + " one batch of " + batch + " Fashion-MNIST images)", "layer", "sigmoid, default init", "ReLU, Kaiming init");
    double[] x = new double[LAYERS];
    for (int l = 0; l < LAYERS; l++) {
      x[l] = l + 1;
      table.row(l + 1, sigmoid[l], relu[l]);
    }
    double sigmoidRatio = sigmoid[0] / sigmoid[LAYERS - 1];
    double reluRatio = relu[0] / relu[LAYERS - 1];
    table.row("first / last", sigmoidRatio, reluRatio);
    return new Report(this)
        .table(table.build())
        .metric("sigmoid-first-over-last", sigmoidRatio)
        .metric("relu-kaiming-first-over-last", reluRatio)
        .metric("sigmoid-first", sigmoid[0])
        .metric("sigmoid-last", sigmoid[LAYERS - 1])
        .metric("relu-kaiming-first", relu[0])
        .metric("relu-kaiming-last", relu[LAYERS - 1])
        .figure(Figure.of("gradient-norms", "Weight-gradient norm per layer, " + LAYERS + "-layer MLP", "layer (1 = input side)",
            "‖∂loss/∂W‖", Figure.Series.line("sigmoid, default init", x, sigmoid),
            Figure.Series.line("ReLU, Kaiming init", x, relu)).withLogY())
        .note("Loss: mean cross-entropy over the batch; norms are Frobenius norms of dLoss/dW for each Linear weight.")
        .note(String.format(java.util.Locale.ROOT, "The sigmoid net's first layer gets %.1e of its last layer's gradient;"
            + " the ReLU/Kaiming net's first layer %.2f of it.", sigmoidRatio, reluRatio));
  }

  /** LAYERS Linear layers with the activation between them; Kaiming-normal weights and zero biases if kaiming. */
  static Sequential mlp(Supplier<Module> activation, boolean kaiming) {
    Sequential net = new Sequential();
    for (int l = 0; l < LAYERS; l++) {
      Linear linear = new Linear(l == 0 ? 28 * 28 : WIDTH, l == LAYERS - 1 ? 10 : WIDTH);
      if (kaiming) {
        Init.kaimingNormal(linear.weight(), 0, Init.Mode.FAN_IN, Init.Nonlinearity.RELU);
        Init.zeros(linear.bias());
      }
      net.add(linear);
      if (l < LAYERS - 1) net.add(activation.get());
    }
    return net;
  }

  /** One forward/backward of the cross-entropy; the weight-gradient norm of each Linear, input side first. */
  static double[] gradientNorms(Sequential net, Batch data) {
    net.zeroGrad();
    new CrossEntropyLoss().forward(net.forward(data.inputs()), data.targets()).backward();
    List<Double> norms = new ArrayList<>();
    for (Module m : net) {
      if (m instanceof Linear linear) {
        norms.add(Math.sqrt(linear.weight().grad().pow(2).sum().item()));
      }
    }
    return norms.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
