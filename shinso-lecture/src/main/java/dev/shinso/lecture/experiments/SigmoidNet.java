package dev.shinso.lecture.experiments;

import dev.shinso.autograd.NoGrad;
import dev.shinso.nn.Functional;
import dev.shinso.nn.Linear;
import dev.shinso.nn.Sequential;
import dev.shinso.nn.Sigmoid;
import dev.shinso.optim.Adam;
import dev.shinso.tensor.Tensor;

/**
 * The lecture's 2-layer network on scalars, f(x) = Σᵢ wᵢ σ(vᵢx + bᵢ) + c: Linear(1, M), Sigmoid,
 * Linear(M, 1). Its M hidden units are basis functions σ(vᵢx + bᵢ) that training moves, unlike a
 * polynomial's fixed xᵏ. Shared by {@link BasisFunctions} and {@link UniversalApproximation}.
 */
final class SigmoidNet {
  private final Linear hidden;
  private final Linear output;
  private final Sequential net;

  /** M hidden units with PyTorch's default initialisation from the default generator. */
  SigmoidNet(int m) {
    hidden = new Linear(1, m);
    output = new Linear(m, 1);
    net = new Sequential(hidden, new Sigmoid(), output);
  }

  /** A net whose weights are set by hand: hidden unit i computes σ(v[i]·x + b[i]), weighted by w[i], plus c. */
  static SigmoidNet of(float[] v, float[] b, float[] w, float c) {
    int m = v.length;
    if (b.length != m || w.length != m) {
      throw new IllegalArgumentException("SigmoidNet.of: v, b, w must have one entry per hidden unit, got "
          + m + ", " + b.length + ", " + w.length);
    }
    SigmoidNet n = new SigmoidNet(m);
    try (NoGrad g = NoGrad.enter()) {
      n.hidden.weight().copy_(Tensor.of(v, m, 1));
      n.hidden.bias().copy_(Tensor.of(b, m));
      n.output.weight().copy_(Tensor.of(w, 1, m));
      n.output.bias().fill_(c);
    }
    return n;
  }

  int hiddenUnits() {
    return hidden.outFeatures();
  }

  /**
   * Full-batch Adam at a constant learning rate on the mean squared error over (x, y) for the given
   * number of steps.
   *
   * @return the training MSE after the last step
   */
  double fit(double[] x, double[] y, int steps, double lr) {
    Tensor in = column(x), target = column(y);
    Adam opt = new Adam(net.parameters(), lr);
    for (int s = 0; s < steps; s++) {
      opt.zeroGrad();
      Functional.mseLoss(net.forward(in), target).backward();
      opt.step();
    }
    return Curves.mse(predict(x), y);
  }

  /** f(x) at each point. */
  double[] predict(double[] x) {
    try (NoGrad g = NoGrad.enter()) {
      return toDoubles(net.forward(column(x)));
    }
  }

  /** basis[i][j] = σ(vᵢ·x[j] + bᵢ): the hidden units as functions of x. */
  double[][] basis(double[] x) {
    try (NoGrad g = NoGrad.enter()) {
      Tensor h = hidden.forward(column(x)).sigmoid().t().contiguous(); // [M, n]
      double[][] out = new double[hiddenUnits()][];
      for (int i = 0; i < out.length; i++) out[i] = toDoubles(h.select(0, i));
      return out;
    }
  }


  /** x as an [n, 1] batch of scalar inputs. */
  private static Tensor column(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
    return Tensor.of(f, x.length, 1);
  }

  private static double[] toDoubles(Tensor t) {
    float[] f = t.contiguous().toFloatArray();
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }
}
