package dev.shinso.lecture.experiments;

import dev.shinso.Shinso;
import dev.shinso.lecture.Experiment;
import dev.shinso.lecture.Figure;
import dev.shinso.lecture.Figure.Series;
import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.lecture.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * Claim (universal approximation): a 2-layer sigmoid net approximates any continuous function on an
 * interval as closely as we like, given enough hidden units.
 *
 * <p>The target f(x) = x·sin(2πx) + 0.3·cos(5x) on [0, 1] is approximated two ways. (a) By
 * construction: a staircase of M steps, step j being h_j·(σ(k(x − a_j)) − σ(k(x − b_j))) with h_j the
 * value of f at the step's midpoint and k steep, is exactly a 2-layer sigmoid net with 2M hidden
 * units whose weights are set by hand; its sup-norm error on a dense grid falls like 1/M (about
 * max|f′|/2M). (b) By training nets with M hidden units (full-batch Adam on the MSE), which reach
 * far smaller errors with the same number of units because training places and shapes the sigmoids.
 */
public final class UniversalApproximation implements Experiment {
  /** Steps of the constructed staircase; each step costs 2 hidden units. */
  static final int[] STEPS = {2, 4, 8, 16, 32, 64};
  /** Steepness per step: k = STEEPNESS·M makes each transition about 2% of a step wide. */
  static final double STEEPNESS = 50;
  private static final int GRID = 2001;
  private static final int TRAIN_POINTS = 101;

  @Override
  public String name() {
    return "universal-approximation";
  }

  @Override
  public String claim() {
    return "A 2-layer sigmoid net approximates a continuous function arbitrarily well as its hidden units grow.";
  }

  @Override
  public Report run(Settings settings) {
    double[] grid = Curves.linspace(0, 1, GRID), truth = sample(grid);
    Report report = new Report(this);
    List<Series> curves = new ArrayList<>();
    curves.add(Series.line("target f", grid, truth));

    Table.Builder built = Table.builder("(a) Constructed staircase: max |f − net| on " + GRID + " grid points",
        "steps M", "hidden units", "steepness k", "max error");
    double[] builtUnits = new double[STEPS.length], builtErr = new double[STEPS.length];
    for (int s = 0; s < STEPS.length; s++) {
      int m = STEPS[s];
      double[] approx = staircase(m).predict(grid);
      builtUnits[s] = log2(2 * m);
      builtErr[s] = Curves.maxError(approx, truth);
      built.row(m, 2 * m, STEEPNESS * m, builtErr[s]);
      report.metric("constructed_max_error_m" + m, builtErr[s]);
      if (m == 4 || m == 16 || m == STEPS[STEPS.length - 1]) curves.add(Series.line("staircase M=" + m, grid, approx));
    }
    int increases = 0;
    for (int s = 1; s < STEPS.length; s++) if (builtErr[s] > builtErr[s - 1]) increases++;

    int[] hidden = settings.quick() ? new int[] {2, 16} : new int[] {2, 4, 8, 16, 32};
    int steps = settings.quick() ? 1500 : 8000;
    double[] x = Curves.linspace(0, 1, TRAIN_POINTS), y = sample(x);
    Table.Builder trained = Table.builder("(b) Trained nets (" + steps + " full-batch Adam steps on " + TRAIN_POINTS
        + " points): max |f − net| on the grid", "hidden units", "train MSE", "max error");
    double[] trainedUnits = new double[hidden.length], trainedErr = new double[hidden.length];
    for (int s = 0; s < hidden.length; s++) {
      int m = hidden[s];
      settings.log().println("universal-approximation: training a net with " + m + " hidden units");
      Shinso.manualSeed(settings.seed());
      SigmoidNet net = new SigmoidNet(m);
      double trainMse = net.fit(x, y, steps, 0.02);
      double[] approx = net.predict(grid);
      trainedUnits[s] = log2(m);
      trainedErr[s] = Curves.maxError(approx, truth);
      trained.row(m, trainMse, trainedErr[s]);
      report.metric("trained_max_error_h" + m, trainedErr[s]);
      if (s == hidden.length - 1) curves.add(Series.line("trained, " + m + " units", grid, approx));
    }

    double first = builtErr[0], last = builtErr[STEPS.length - 1];
    return report.table(built.build()).table(trained.build())
        .metric("constructed_error_increases", increases)
        .metric("constructed_error_ratio", last / first)
        .metric("trained_max_error_largest", trainedErr[hidden.length - 1])
        .metric("target_range", range(truth))
        .figure(Figure.of("approximations", "Approximations of f(x) = x·sin(2πx) + 0.3·cos(5x)", "x", "y",
            curves.toArray(Series[]::new)))
        .figure(Figure.of("error", "Sup-norm error against hidden units", "log₂ hidden units", "max |f − net|",
            Series.line("constructed staircase", builtUnits, builtErr),
            Series.line("trained", trainedUnits, trainedErr)).withLogY())
        .note("Max error is the sup norm over " + GRID + " evenly spaced x in [0, 1]; f ranges over "
            + fmt(range(truth)) + ". The staircase's outer edges lie outside [0, 1] so the ends are not half-steps.")
        .note("The staircase error falls from " + fmt(first) + " (" + 2 * STEPS[0] + " units) to " + fmt(last) + " ("
            + 2 * STEPS[STEPS.length - 1] + " units), about halving with each doubling as max|f′|/2M predicts; "
            + "trained nets reach " + fmt(trainedErr[hidden.length - 1]) + " with " + hidden[hidden.length - 1]
            + " units, since training places and shapes each sigmoid instead of spending two per step.")
        .note("A trained net's error is bounded by its optimiser's fixed budget as well as by its size, so it need "
            + "not fall with every added unit; the staircase's error is fixed by the construction alone.");
  }

  /** f(x) = x·sin(2πx) + 0.3·cos(5x). */
  static double target(double x) {
    return x * Math.sin(2 * Math.PI * x) + 0.3 * Math.cos(5 * x);
  }

  /**
   * The M-step staircase as a 2-layer net: step j on [j/M, (j+1)/M] is h_j·σ(k(x − a_j)) − h_j·σ(k(x − b_j)),
   * two hidden units with input weight k and biases −k·a_j, −k·b_j, and output weights ±h_j.
   */
  static SigmoidNet staircase(int m) {
    float k = (float) (STEEPNESS * m);
    float[] v = new float[2 * m], b = new float[2 * m], w = new float[2 * m];
    for (int j = 0; j < m; j++) {
      double a = j == 0 ? -1 : (double) j / m, e = j == m - 1 ? 2 : (double) (j + 1) / m; // outer edges off [0, 1]
      float h = (float) target((j + 0.5) / m);
      v[2 * j] = k;
      b[2 * j] = (float) (-k * a);
      w[2 * j] = h;
      v[2 * j + 1] = k;
      b[2 * j + 1] = (float) (-k * e);
      w[2 * j + 1] = -h;
    }
    return SigmoidNet.of(v, b, w, 0);
  }

  private static double[] sample(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) y[i] = target(x[i]);
    return y;
  }

  private static double range(double[] v) {
    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
    for (double d : v) {
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
    }
    return hi - lo;
  }

  private static double log2(int n) {
    return Math.log(n) / Math.log(2);
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.3g", v);
  }
}
