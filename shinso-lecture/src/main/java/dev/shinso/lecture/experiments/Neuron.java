package dev.shinso.lecture.experiments;

import dev.shinso.lecture.Experiment;
import dev.shinso.lecture.Figure;
import dev.shinso.lecture.Figure.Series;
import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.lecture.Table;
import dev.shinso.lecture.experiments.LogicGates.Gate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Claim: a McCulloch–Pitts neuron H(Σ wᵢxᵢ + b) computes the logic gates AND, OR and NAND. The
 * experiment evaluates the neuron with the lecture's weights as shinso tensors (a matmul, a bias, the
 * Heaviside step) on the four inputs and prints the truth tables.
 *
 * <p>The slide mixes two conventions: its AND (w = (1, 1), 1.5) and OR (w = (1, 1), 0.5) are right
 * only when the number is a threshold, H(w·x − θ), while its NAND (w = (−1, −1), 1.5) is right only
 * when the number is a bias, H(w·x + b). This experiment uses H(w·x + b) throughout, so the slide's
 * gates read AND b = −1.5, OR b = −0.5, NAND b = +1.5; a second table takes the slide's numbers
 * literally in each convention and shows which gates then fail.
 */
public final class Neuron implements Experiment {
  /** A gate as the slide gives it: the weights and the unsigned number 1.5 or 0.5. */
  private record SlideGate(Gate gate, double w1, double w2, double slideNumber, double bias) {}

  private static final List<SlideGate> GATES = List.of(
      new SlideGate(Gate.AND, 1, 1, 1.5, -1.5),
      new SlideGate(Gate.OR, 1, 1, 0.5, -0.5),
      new SlideGate(Gate.NAND, -1, -1, 1.5, 1.5));

  @Override
  public String name() {
    return "neuron";
  }

  @Override
  public String claim() {
    return "A McCulloch–Pitts neuron H(Σ wᵢxᵢ + b) computes the logic gates AND, OR and NAND.";
  }

  @Override
  public Report run(Settings settings) {
    Report report = new Report(this);
    float[][] out = new float[GATES.size()][];
    for (int g = 0; g < GATES.size(); g++) {
      SlideGate s = GATES.get(g);
      out[g] = LogicGates.outputs(s.w1(), s.w2(), s.bias());
    }

    Table.Builder truth = Table.builder("Truth tables of H(w·x + b)", "x1", "x2", "AND", "OR", "NAND");
    for (int i = 0; i < 4; i++) {
      float[] x = LogicGates.INPUTS[i];
      truth.row((int) x[0], (int) x[1], (int) out[0][i], (int) out[1][i], (int) out[2][i]);
    }
    report.table(truth.build());

    Table.Builder weights = Table.builder("The lecture's neurons in the convention H(w·x + b)", "gate", "w1", "w2", "b",
        "accuracy");
    for (int g = 0; g < GATES.size(); g++) {
      SlideGate s = GATES.get(g);
      double acc = LogicGates.accuracy(out[g], s.gate());
      weights.row(s.gate().name(), s.w1(), s.w2(), s.bias(), acc);
      report.metric(key(s.gate()) + "-accuracy", acc);
    }
    report.table(weights.build());

    // The slide's unsigned number read literally both ways: as a bias +n and as a threshold (bias −n).
    Table.Builder literal = Table.builder("The slide's numbers taken literally (accuracy on the 4 inputs)", "gate",
        "slide number n", "as bias H(w·x + n)", "as threshold H(w·x − n)");
    for (SlideGate s : GATES) {
      double asBias = LogicGates.accuracy(LogicGates.outputs(s.w1(), s.w2(), s.slideNumber()), s.gate());
      double asThreshold = LogicGates.accuracy(LogicGates.outputs(s.w1(), s.w2(), -s.slideNumber()), s.gate());
      literal.row(s.gate().name(), s.slideNumber(), asBias, asThreshold);
      report.metric(key(s.gate()) + "-literal-bias-accuracy", asBias);
      report.metric(key(s.gate()) + "-literal-threshold-accuracy", asThreshold);
    }
    report.table(literal.build());

    for (SlideGate s : GATES) report.figure(figure(s));

    report.note("Convention: H(w·x + b) with H(z) = 1 for z > 0, else 0. The slide's AND (1.5) and OR (0.5) are "
        + "thresholds, so here they are biases b = −1.5 and b = −0.5; its NAND (1.5) is already a bias, b = +1.5.");
    report.note("Taken literally in one convention, the slide's numbers fail: as biases, AND and OR are wrong on "
        + "some inputs; as thresholds, NAND is. Only the mixed reading above makes all three gates right.");
    return report;
  }

  private static String key(Gate g) {
    return g.name().toLowerCase(Locale.ROOT);
  }

  /** The four inputs coloured by the neuron's output, and its decision line w1·x1 + w2·x2 + b = 0. */
  private static Figure figure(SlideGate s) {
    float[] y = LogicGates.outputs(s.w1(), s.w2(), s.bias());
    List<double[]> ones = new ArrayList<>(), zeros = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      double[] p = {LogicGates.INPUTS[i][0], LogicGates.INPUTS[i][1]};
      (y[i] == 1 ? ones : zeros).add(p);
    }
    double[] lx = {-0.5, 1.5};
    double[] ly = {(-s.bias() - s.w1() * lx[0]) / s.w2(), (-s.bias() - s.w1() * lx[1]) / s.w2()};
    String id = key(s.gate());
    String title = String.format(Locale.ROOT, "%s: H(w·x + b), w = (%.0f, %.0f), b = %.1f", s.gate(), s.w1(), s.w2(),
        s.bias());
    return Figure.of(id, title, "x1", "x2", LogicGates.points("output 1", ones), LogicGates.points("output 0", zeros),
        Series.line("decision line", lx, ly));
  }
}
