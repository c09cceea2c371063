package dev.shinso.lecture.experiments;

/** Functions of one variable sampled on grids: the grids and the distances between two samplings. */
final class Curves {
  private Curves() {}

  /** n evenly spaced points from a to b, both included. */
  static double[] linspace(double a, double b, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = a + (b - a) * i / (n - 1);
    return out;
  }

  /** Mean squared difference. */
  static double mse(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
    return s / a.length;
  }

  /** Largest absolute difference: the sup norm on the grid. */
  static double maxError(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
    return m;
  }
}
