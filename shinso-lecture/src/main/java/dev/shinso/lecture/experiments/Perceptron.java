package dev.shinso.lecture.experiments;

import dev.shinso.lecture.Experiment;
import dev.shinso.lecture.Figure;
import dev.shinso.lecture.Figure.Series;
import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.lecture.Table;
import dev.shinso.lecture.experiments.LogicGates.Gate;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Claim: Rosenblatt's perceptron learning rule finds AND, OR and NAND in a few epochs but can never
 * learn XOR, which is not linearly separable; XOR = AND(OR(x), NAND(x)) is computed by composing
 * neurons in two layers.
 *
 * <p>The rule: for each input in turn, ŷ = H(w·x + b), then w += η(y − ŷ)x and b += η(y − ŷ), with
 * η = 1 from w = 0, b = 0 and the inputs in truth-table order. Everything is then an integer, so the
 * experiment can see exactly that XOR's (w₁, w₂, b) after each epoch repeats with a fixed period
 * while its accuracy never exceeds 3/4 (no line separates XOR's four points). The composed XOR runs
 * the lecture's OR and NAND neurons as a hidden layer of shinso tensors and the AND neuron on top.
 */
public final class Perceptron implements Experiment {
  private static final List<Gate> GATES = List.of(Gate.AND, Gate.OR, Gate.NAND, Gate.XOR);

  /**
   * What training one gate gave: (w₁, w₂, b) after epoch e at index e (index 0: the start), the
   * accuracy then, the weights after every single update step (4 per epoch), and mistakes per epoch.
   */
  record Run(Gate gate, double[][] weights, double[] accuracy, double[][] stepWeights, int[] mistakes) {
    /** The first epoch after which all four inputs are right, or -1 if none. */
    int epochsToPerfect() {
      for (int e = 0; e < accuracy.length; e++) if (accuracy[e] == 1.0) return e;
      return -1;
    }

    double bestAccuracy() {
      return Arrays.stream(accuracy).max().orElseThrow();
    }

    /**
     * {i, p} for the earliest epochs i < i + p that end with the same weights, or null. Since the
     * rule is deterministic and every epoch presents the inputs in the same order, epochs i + 1 …
     * i + p then repeat forever.
     */
    int[] cycle() {
      for (int j = 1; j < weights.length; j++) {
        for (int i = 0; i < j; i++) if (Arrays.equals(weights[i], weights[j])) return new int[] {i, j - i};
      }
      return null;
    }

    /** How many different (w₁, w₂, b) the rule visits, step by step, within the cycle {i, p}. */
    int distinctWeightsInCycle(int[] cycle) {
      return (int) Arrays.stream(stepWeights, 4 * cycle[0], 4 * (cycle[0] + cycle[1])).map(Arrays::toString)
          .distinct().count();
    }
  }

  @Override
  public String name() {
    return "perceptron";
  }

  @Override
  public String claim() {
    return "The perceptron learning rule learns AND, OR and NAND in a few epochs but never XOR; "
        + "XOR = AND(OR, NAND) needs two layers.";
  }

  @Override
  public Report run(Settings settings) {
    int epochs = settings.quick() ? 20 : 100;
    Report report = new Report(this);
    List<Run> runs = new ArrayList<>();
    for (Gate g : GATES) runs.add(train(g, epochs, 1.0));

    Table.Builder summary = Table.builder("Perceptron rule, η = 1, from w = 0, b = 0, " + epochs + " epochs", "gate",
        "epochs to 100%", "best accuracy", "final w1", "final w2", "final b");
    for (Run r : runs) {
      double[] w = r.weights()[epochs];
      int e = r.epochsToPerfect();
      summary.row(r.gate().name(), e < 0 ? "never" : e, r.bestAccuracy(), w[0], w[1], w[2]);
      String k = r.gate().name().toLowerCase(Locale.ROOT);
      if (r.gate() != Gate.XOR) report.metric(k + "-epochs-to-100", e);
    }
    report.table(summary.build());

    Run xor = runs.get(GATES.indexOf(Gate.XOR));
    int[] cycle = xor.cycle();
    int minMistakes = Arrays.stream(xor.mistakes(), 1, epochs + 1).min().orElseThrow();
    report.metric("xor-best-accuracy", xor.bestAccuracy());
    report.metric("xor-epochs", epochs);
    report.metric("xor-min-mistakes-per-epoch", minMistakes);
    report.metric("xor-weights-repeat", cycle == null ? 0 : 1);
    report.metric("xor-weights-period", cycle == null ? 0 : cycle[1]);
    report.metric("xor-cycle-start", cycle == null ? -1 : cycle[0]);
    report.metric("xor-cycle-distinct-weights", cycle == null ? 0 : xor.distinctWeightsInCycle(cycle));

    int shownEpochs = Math.min(epochs, cycle == null ? 3 : cycle[0] + 2 * cycle[1]);
    Table.Builder xorTable = Table.builder("XOR: every update step of the first " + shownEpochs + " epochs", "epoch",
        "x1", "x2", "y", "ŷ", "w1", "w2", "b");
    float[] y = Gate.XOR.targets();
    for (int e = 1; e <= shownEpochs; e++) {
      for (int i = 0; i < 4; i++) {
        double[] before = xor.stepWeights()[4 * (e - 1) + i], after = xor.stepWeights()[4 * (e - 1) + i + 1];
        float[] x = LogicGates.INPUTS[i];
        int yHat = before[0] * x[0] + before[1] * x[1] + before[2] > 0 ? 1 : 0;
        xorTable.row(e, (int) x[0], (int) x[1], (int) y[i], yHat, after[0], after[1], after[2]);
      }
    }
    report.table(xorTable.build());

    double composedLecture = composedXor(report, "XOR = AND(OR(x), NAND(x)) with the lecture's neurons (H(w·x + b))",
        new double[] {1, 1, -0.5}, new double[] {-1, -1, 1.5}, new double[] {1, 1, -1.5});
    double composedLearned = composedXor(report, "XOR = AND(OR(x), NAND(x)) with the perceptron's learned neurons",
        last(runs.get(GATES.indexOf(Gate.OR))), last(runs.get(GATES.indexOf(Gate.NAND))),
        last(runs.get(GATES.indexOf(Gate.AND))));
    report.metric("composed-xor-accuracy", composedLecture);
    report.metric("composed-xor-learned-accuracy", composedLearned);

    report.figure(xorWeightsFigure(xor));
    report.figure(accuracyFigure(runs));

    report.note("Rule: ŷ = H(w·x + b) with H(z) = 1 for z > 0, else 0; w += η(y − ŷ)x, b += η(y − ŷ); η = 1; "
        + "inputs in the order (0,0), (0,1), (1,0), (1,1) every epoch; accuracy measured after each epoch.");
    if (cycle != null) {
      report.note(String.format(Locale.ROOT, "XOR never gets all four inputs right (best accuracy %.2f after any "
          + "epoch; at least %d mistakes in every epoch): the weights after epoch %d equal those after epoch %d, so "
          + "the rule goes round the same loop of %d weight vectors every %d epoch(s), forever.",
          xor.bestAccuracy(), minMistakes, cycle[0] + cycle[1], cycle[0], xor.distinctWeightsInCycle(cycle),
          cycle[1]));
    }
    report.note("Two layers fix it: the OR and NAND neurons form a hidden layer and the AND neuron combines them; "
        + "the composition is right on all four inputs.");
    return report;
  }

  /** Rosenblatt's rule on one gate for the given epochs, recording weights and accuracy after each. */
  static Run train(Gate gate, int epochs, double lr) {
    float[] y = gate.targets();
    double w1 = 0, w2 = 0, b = 0;
    double[][] weights = new double[epochs + 1][];
    double[][] stepWeights = new double[4 * epochs + 1][];
    double[] accuracy = new double[epochs + 1];
    int[] mistakes = new int[epochs + 1];
    weights[0] = stepWeights[0] = new double[] {w1, w2, b};
    accuracy[0] = LogicGates.accuracy(LogicGates.outputs(w1, w2, b), gate);
    for (int e = 1; e <= epochs; e++) {
      for (int i = 0; i < 4; i++) {
        float[] x = LogicGates.INPUTS[i];
        double yHat = w1 * x[0] + w2 * x[1] + b > 0 ? 1 : 0;
        double err = y[i] - yHat;
        if (err != 0) mistakes[e]++;
        w1 += lr * err * x[0];
        w2 += lr * err * x[1];
        b += lr * err;
        stepWeights[4 * (e - 1) + i + 1] = new double[] {w1, w2, b};
      }
      weights[e] = new double[] {w1, w2, b};
      accuracy[e] = LogicGates.accuracy(LogicGates.outputs(w1, w2, b), gate);
    }
    return new Run(gate, weights, accuracy, stepWeights, mistakes);
  }

  private static double[] last(Run r) {
    return r.weights()[r.weights().length - 1];
  }

  /** Runs AND(OR(x), NAND(x)) with the given (w₁, w₂, b) per neuron, tabulates it and returns its XOR accuracy. */
  private static double composedXor(Report report, String title, double[] or, double[] nand, double[] and) {
    Tensor x = LogicGates.inputs();
    Tensor hidden = Tensor.stack(List.of(LogicGates.neuron(x, or[0], or[1], or[2]),
        LogicGates.neuron(x, nand[0], nand[1], nand[2])), 1);
    float[] h = hidden.toFloatArray();
    float[] out = LogicGates.neuron(hidden, and[0], and[1], and[2]).toFloatArray();
    float[] target = Gate.XOR.targets();
    Table.Builder t = Table.builder(title, "x1", "x2", "OR", "NAND", "AND(OR, NAND)", "XOR");
    for (int i = 0; i < 4; i++) {
      float[] xi = LogicGates.INPUTS[i];
      t.row((int) xi[0], (int) xi[1], (int) h[2 * i], (int) h[2 * i + 1], (int) out[i], (int) target[i]);
    }
    report.table(t.build());
    return LogicGates.accuracy(out, Gate.XOR);
  }

  /** XOR's weights after every update step, on an epoch axis (step k at epoch k/4). */
  private static Figure xorWeightsFigure(Run xor) {
    int n = xor.stepWeights().length;
    double[] epoch = new double[n], w1 = new double[n], w2 = new double[n], b = new double[n];
    for (int k = 0; k < n; k++) {
      epoch[k] = k / 4.0;
      w1[k] = xor.stepWeights()[k][0];
      w2[k] = xor.stepWeights()[k][1];
      b[k] = xor.stepWeights()[k][2];
    }
    return Figure.of("xor-weights", "Perceptron rule on XOR: the weights after every update cycle", "epoch", "value",
        Series.line("w1", epoch, w1), Series.line("w2", epoch, w2), Series.line("b", epoch, b));
  }

  private static Figure accuracyFigure(List<Run> runs) {
    List<Series> series = new ArrayList<>();
    for (Run r : runs) {
      double[] epoch = new double[r.accuracy().length];
      for (int e = 0; e < epoch.length; e++) epoch[e] = e;
      series.add(Series.line(r.gate().name(), epoch, r.accuracy()));
    }
    return Figure.of("accuracy", "Perceptron rule: accuracy after each epoch", "epoch", "accuracy",
        series.toArray(Series[]::new));
  }
}
