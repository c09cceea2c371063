package dev.shinso.lecture.experiments;

import dev.shinso.Shinso;
import dev.shinso.autograd.NoGrad;
import dev.shinso.lecture.Experiment;
import dev.shinso.lecture.Figure;
import dev.shinso.lecture.Report;
import dev.shinso.lecture.Settings;
import dev.shinso.lecture.Table;
import dev.shinso.nn.Init;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Claim: with ReLU, the weight variance must be 2/fan_in (He et al., 2015) for the activations'
 * variance to survive many layers; 1 makes it explode and 1/fan_in makes it vanish.
 *
 * <p>A batch of standard-normal vectors goes through 50 bias-free linear layers (x·Wᵀ) of width 256,
 * each followed by ReLU, with the weights drawn by four schemes ({@link Init}): N(0, 1),
 * N(0, 1/d), Kaiming N(0, 2/d) and Kaiming U(−√(6/d), √(6/d)), whose variance is also 2/d. After each
 * layer the (unbiased, float32) variance of all activations is recorded. A ReLU layer multiplies the
 * second moment by d·Var(w)/2, so per layer N(0, 1) multiplies it by d/2, N(0, 1/d) halves it, and
 * both Kaiming schemes keep it. N(0, 1)'s activations leave float32's range after a few dozen layers;
 * the experiment stops that series at the first non-finite variance and reports it as infinite.
 *
 * <p>The claim is about the variance over random weights. A single net of width 256 drifts by a factor
 * of up to ~5 over 50 layers (finite-width noise, which grows with depth/width), so the activations are
 * pooled over many independent nets, run at once as one batched matmul per layer.
 */
public final class Kaiming implements Experiment {
  static final int LAYERS = 50;
  /** The layers shown in the table. */
  static final int[] SHOWN = {1, 10, 25, 50};

  @Override
  public String name() {
    return "kaiming";
  }

  @Override
  public String claim() {
    return "Through a deep ReLU network the activation variance explodes with N(0,1) weights, vanishes with"
        + " N(0,1/d) and stays constant with Kaiming's N(0,2/d) (or the uniform scheme of the same variance).";
  }

  /** A weight initialiser, named as in the table; d is the fan-in. */
  private record Scheme(String name, String key, Consumer<Tensor> init) {}

  @Override
  public Report run(Settings settings) {
    int width = 256;
    int nets = settings.quick() ? 16 : 64;
    int batch = 16;
    List<Scheme> schemes = List.of(
        new Scheme("N(0,1)", "normal-1", w -> Init.normal(w, 0, 1)),
        new Scheme("N(0,1/d)", "normal-1-over-d", w -> Init.normal(w, 0, 1 / Math.sqrt(width))),
        new Scheme("Kaiming N(0,2/d)", "kaiming-normal",
            w -> Init.kaimingNormal(w, 0, Init.Mode.FAN_IN, Init.Nonlinearity.RELU)),
        new Scheme("Kaiming U(±√(6/d))", "kaiming-uniform",
            w -> Init.kaimingUniform(w, 0, Init.Mode.FAN_IN, Init.Nonlinearity.RELU)));

    Shinso.manualSeed(settings.seed());
    Tensor input = Tensor.randn(nets, batch, width);
    Report report = new Report(this);
    List<String> columns = new ArrayList<>(List.of("weights"));
    for (int l : SHOWN) columns.add("layer " + l);
    columns.add("layer 50 / layer 1");
    Table.Builder table = Table.builder("Variance of the activations after ReLU layer l (width " + width + "; " + nets
        + " independent nets, " + batch + " standard-normal inputs each)", columns.toArray(String[]::new));
    List<Figure.Series> series = new ArrayList<>();
    for (int s = 0; s < schemes.size(); s++) {
      Scheme scheme = schemes.get(s);
      Shinso.manualSeed(settings.seed() + 1 + s);
      double[] variance = variances(input, scheme.init());
      settings.log().println("kaiming: " + scheme.name() + " done");
      int finite = finiteLayers(variance);
      double ratio = variance[LAYERS - 1] / variance[0];
      List<Object> row = new ArrayList<>(List.of(scheme.name()));
      for (int l : SHOWN) row.add(variance[l - 1]);
      row.add(ratio);
      table.row(row.toArray());
      report.metric(scheme.key() + "-layer1", variance[0]);
      report.metric(scheme.key() + "-layer50", variance[LAYERS - 1]);
      report.metric(scheme.key() + "-ratio", ratio);
      if (finite < LAYERS) {
        report.metric(scheme.key() + "-last-finite-layer", finite);
        report.metric(scheme.key() + "-ratio-last-finite", variance[finite - 1] / variance[0]);
        report.note(scheme.name() + ": the float32 variance is " + String.format(Locale.ROOT, "%.3g", variance[finite - 1]) + " at layer "
            + finite + " (" + String.format(Locale.ROOT, "%.3g", variance[finite - 1] / variance[0]) + "× layer 1) and overflows to"
            + " infinity at layer " + (finite + 1) + "; later layers are reported as Infinity and left out of the plot.");
      }
      double[] x = new double[finite], y = new double[finite];
      for (int l = 0; l < finite; l++) {
        x[l] = l + 1;
        y[l] = variance[l];
      }
      series.add(Figure.Series.line(scheme.name(), x, y));
    }
    report.table(table.build());
    report.figure(new Figure("variance", "Activation variance through " + LAYERS + " ReLU layers", "layer",
        "variance of activations", series, false).withLogY());
    report.note("Each ReLU layer multiplies the activations' second moment by d·Var(w)/2: by " + width / 2
        + " for N(0,1), by 1/2 for N(0,1/d) and by 1 for both Kaiming schemes (Var(w) = 2/d).");
    return report;
  }

  /**
   * The activations' variance after each of the LAYERS layers, pooled over the independent networks
   * (input [nets, batch, width]; layer l's weights [nets, width, width], each net's slice drawn by init
   * as a [out, in] weight); +Infinity from the first layer whose variance overflows float32.
   */
  static double[] variances(Tensor input, Consumer<Tensor> init) {
    int nets = input.size(0), width = input.size(2);
    double[] out = new double[LAYERS];
    Tensor x = input;
    try (NoGrad g = NoGrad.enter()) {
      for (int l = 0; l < LAYERS; l++) {
        Tensor weight = Tensor.empty(DType.FLOAT32, nets, width, width);
        for (int n = 0; n < nets; n++) init.accept(weight.select(0, n));
        x = x.matmul(weight.transpose(1, 2)).relu(); // each net's x·Wᵀ, as Linear without bias
        double v = x.var().item();
        if (!Double.isFinite(v)) {
          // Once float32 overflows, inf − inf turns the rest into NaN; the honest value is "unbounded".
          Arrays.fill(out, l, LAYERS, Double.POSITIVE_INFINITY);
          break;
        }
        out[l] = v;
      }
    }
    return out;
  }

  private static int finiteLayers(double[] v) {
    int n = 0;
    while (n < v.length && Double.isFinite(v[n])) n++;
    return n;
  }
}
