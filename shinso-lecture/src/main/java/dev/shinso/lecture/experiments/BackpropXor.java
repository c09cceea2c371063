package dev.shinso.lecture.experiments;

import dev.shinso.Shinso;
import dev.shinso.autograd.NoGrad;
import dev.shinso.lecture.Experiment;
import dev.shinso.lecture.Figure;
import dev.shinso.lecture.Figure.Series;
import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.lecture.Table;
import dev.shinso.lecture.experiments.LogicGates.Gate;
import dev.shinso.nn.Linear;
import dev.shinso.nn.MSELoss;
import dev.shinso.nn.Module;
import dev.shinso.nn.Parameter;
import dev.shinso.nn.Sequential;
import dev.shinso.nn.Sigmoid;
import dev.shinso.nn.Step;
import dev.shinso.optim.SGD;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Claim: replacing the step H by the sigmoid makes the network differentiable, so a 2-2-1 network
 * trained by gradient descent (backpropagation) solves XOR; with H every gradient is zero and
 * gradient descent cannot move.
 *
 * <p>The experiment trains Linear(2, 2) → Sigmoid → Linear(2, 1) → Sigmoid on XOR's four points by
 * full-batch gradient descent on the mean squared error, and reports the outputs (all on the right
 * side of 0.5), the loss curve and the decision regions. It then gives the same network, with the
 * same initial weights, Step activations instead: one backward pass leaves every parameter's
 * gradient exactly zero.
 */
public final class BackpropXor implements Experiment {
  private static final double LR = 2.0;

  @Override
  public String name() {
    return "backprop-xor";
  }

  @Override
  public String claim() {
    return "With the step replaced by the sigmoid, a 2-2-1 network trained by gradient descent solves XOR; "
        + "with the step, every gradient is zero.";
  }

  static Sequential network(boolean sigmoid) {
    return new Sequential(new Linear(2, 2), sigmoid ? new Sigmoid() : new Step(), new Linear(2, 1),
        sigmoid ? new Sigmoid() : new Step());
  }

  /** A trained sigmoid network: its loss before each step and its final outputs on the four inputs. */
  private record Trained(Sequential net, double[] loss, float[] outputs, double finalLoss) {
    int correct() {
      float[] t = Gate.XOR.targets();
      int right = 0;
      for (int i = 0; i < 4; i++) if ((outputs[i] > 0.5 ? 1 : 0) == t[i]) right++;
      return right;
    }
  }

  @Override
  public Report run(Settings settings) {
    int epochs = settings.quick() ? 2000 : 5000;
    int grid = settings.quick() ? 21 : 61;
    int seeds = settings.quick() ? 0 : 20;
    Tensor x = LogicGates.inputs();
    Tensor y = Gate.XOR.targetTensor();
    MSELoss mse = new MSELoss();
    Report report = new Report(this);

    Shinso.manualSeed(settings.seed());
    Sequential net = network(true);
    Map<String, Tensor> initial = copy(net.stateDict());

    // The same initial weights with the step and with the sigmoid: one forward and backward each.
    Sequential stepNet = network(false);
    stepNet.loadStateDict(initial, true);
    mse.forward(stepNet.forward(x), y).backward();
    double stepMaxGrad = maxAbsGrad(stepNet);
    mse.forward(net.forward(x), y).backward();
    double sigmoidMaxGrad = maxAbsGrad(net);
    net.zeroGrad();

    Trained t = train(net, epochs);
    float[] target = Gate.XOR.targets();
    double margin = Double.POSITIVE_INFINITY;
    Table.Builder outputs = Table.builder("Sigmoid network after " + epochs + " epochs of gradient descent", "x1", "x2",
        "output", "class", "XOR");
    for (int i = 0; i < 4; i++) {
      float o = t.outputs()[i];
      margin = Math.min(margin, target[i] == 1 ? o - 0.5 : 0.5 - o);
      outputs.row((int) LogicGates.INPUTS[i][0], (int) LogicGates.INPUTS[i][1], (double) o, o > 0.5 ? 1 : 0,
          (int) target[i]);
    }
    report.table(outputs.build());

    Table.Builder grads = Table.builder("Gradients of the MSE at the same initial weights", "activation",
        "max |grad| over all parameters");
    grads.row("sigmoid", sigmoidMaxGrad).row("step H", stepMaxGrad);
    report.table(grads.build());

    report.metric("final-loss", t.finalLoss());
    report.metric("accuracy", t.correct() / 4.0);
    report.metric("min-margin", margin);
    report.metric("sigmoid-max-abs-grad", sigmoidMaxGrad);
    report.metric("step-max-abs-grad", stepMaxGrad);

    if (seeds > 0) {
      // How often plain gradient descent solves XOR: the squared error has plateaus where some starts stall.
      Table.Builder sweep = Table.builder("Other initialisations, " + epochs + " epochs each", "seed", "final loss",
          "accuracy");
      int solved = 0;
      for (int k = 0; k < seeds; k++) {
        long seed = settings.seed() + k;
        Shinso.manualSeed(seed);
        Trained r = k == 0 ? t : train(network(true), epochs);
        if (r.correct() == 4) solved++;
        sweep.row(seed, r.finalLoss(), r.correct() / 4.0);
        settings.log().printf(Locale.ROOT, "backprop-xor: seed %d, loss %.4g%n", seed, r.finalLoss());
      }
      report.table(sweep.build());
      report.metric("solved-fraction", solved / (double) seeds);
      report.note(String.format(Locale.ROOT, "Gradient descent solved XOR from %d of %d initialisations (seeds %d–%d). "
          + "A failed start has stalled on a nearly flat region of the squared error (loss near 1/8, two outputs "
          + "near 0.5) within the epoch budget, where the gradient is small but not zero as with the step.", solved,
          seeds, settings.seed(), settings.seed() + seeds - 1));
    }

    double[] epoch = new double[epochs];
    for (int e = 0; e < epochs; e++) epoch[e] = e + 1;
    report.figure(Figure.of("loss", "2-2-1 sigmoid network on XOR: training loss", "epoch", "MSE",
        Series.line("MSE", epoch, t.loss())).withLogY());
    report.figure(decisionRegions(net, grid));

    report.note(String.format(Locale.ROOT, "Setup: Linear(2,2) → Sigmoid → Linear(2,1) → Sigmoid, PyTorch's default "
        + "initialisation drawn after Shinso.manualSeed(%d), full-batch SGD with lr %.1f on the mean squared error "
        + "over the four XOR points; class = output > 0.5.", settings.seed(), LR));
    report.note("With Step in place of Sigmoid (same initial weights) backward gives gradient exactly 0 for every "
        + "weight and bias: H is flat wherever it is differentiable, so gradient descent has nothing to follow.");
    return report;
  }

  /** Full-batch gradient descent on the MSE over XOR's four points. */
  private static Trained train(Sequential net, int epochs) {
    Tensor x = LogicGates.inputs();
    Tensor y = Gate.XOR.targetTensor();
    MSELoss mse = new MSELoss();
    SGD opt = new SGD(net.parameters(), LR);
    double[] loss = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      opt.zeroGrad();
      Tensor l = mse.forward(net.forward(x), y);
      l.backward();
      opt.step();
      loss[e] = l.item();
    }
    try (NoGrad g = NoGrad.enter()) {
      Tensor out = net.forward(x);
      return new Trained(net, loss, out.toFloatArray(), mse.forward(out, y).item());
    }
  }

  /** Predicted class over a grid on [−0.5, 1.5]², as two point clouds, plus the four data points by target. */
  private static Figure decisionRegions(Module net, int n) {
    float[] grid = new float[n * n * 2];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        grid[2 * (i * n + j)] = (float) (-0.5 + 2.0 * i / (n - 1));
        grid[2 * (i * n + j) + 1] = (float) (-0.5 + 2.0 * j / (n - 1));
      }
    }
    float[] p;
    try (NoGrad g = NoGrad.enter()) {
      p = net.forward(Tensor.of(grid, n * n, 2)).toFloatArray();
    }
    List<double[]> one = new ArrayList<>(), zero = new ArrayList<>(), dataOne = new ArrayList<>(),
        dataZero = new ArrayList<>();
    for (int k = 0; k < n * n; k++) (p[k] > 0.5 ? one : zero).add(new double[] {grid[2 * k], grid[2 * k + 1]});
    float[] t = Gate.XOR.targets();
    for (int i = 0; i < 4; i++) {
      (t[i] == 1 ? dataOne : dataZero).add(new double[] {LogicGates.INPUTS[i][0], LogicGates.INPUTS[i][1]});
    }
    return Figure.of("decision-regions", "2-2-1 sigmoid network: predicted class of XOR", "x1", "x2",
        LogicGates.points("predicted 1", one), LogicGates.points("predicted 0", zero),
        LogicGates.points("XOR = 1", dataOne), LogicGates.points("XOR = 0", dataZero));
  }

  private static Map<String, Tensor> copy(Map<String, Tensor> state) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    state.forEach((k, v) -> out.put(k, v.detach().clone()));
    return out;
  }

  /** The largest |gradient| over all parameters; fails if any parameter got no gradient at all. */
  private static double maxAbsGrad(Module net) {
    double max = 0;
    for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
      Tensor g = e.getValue().grad();
      if (g == null) throw new IllegalStateException("backprop-xor: parameter " + e.getKey() + " got no gradient");
      for (float v : g.toFloatArray()) max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
