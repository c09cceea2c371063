package dev.shinso.lecture.experiments;

/**
 * Least squares min‖Aw − y‖² by Householder QR in double, which never forms AᵀA and so loses only
 * about cond(A) digits (the normal equations would lose cond(A)²): enough for a degree-19 polynomial
 * on 20 points once x is scaled to [−1, 1].
 */
final class LeastSquares {
  private LeastSquares() {}

  /** The w minimising ‖Aw − y‖² for A [n][p] with n ≥ p and full column rank. */
  static double[] solve(double[][] a, double[] y) {
    int n = a.length, p = a[0].length;
    if (y.length != n || n < p) {
      throw new IllegalArgumentException("LeastSquares.solve: A is [" + n + ", " + p + "] and y has " + y.length
          + " entries; need y of length " + n + " and n >= p");
    }
    double[][] r = new double[n][];
    for (int i = 0; i < n; i++) r[i] = a[i].clone();
    double[] qty = y.clone();
    for (int k = 0; k < p; k++) {
      // Householder reflection H = I − 2uuᵀ/uᵀu zeroing column k below the diagonal, applied to R and y.
      double norm = 0;
      for (int i = k; i < n; i++) norm += r[i][k] * r[i][k];
      norm = Math.sqrt(norm);
      if (norm == 0) throw new IllegalArgumentException("LeastSquares.solve: column " + k + " is zero (rank deficient)");
      double alpha = r[k][k] > 0 ? -norm : norm; // sign chosen so u[k] = r[k][k] − alpha does not cancel
      double[] u = new double[n];
      for (int i = k; i < n; i++) u[i] = r[i][k];
      u[k] -= alpha;
      double uu = 0;
      for (int i = k; i < n; i++) uu += u[i] * u[i];
      for (int j = k; j < p; j++) reflect(u, uu, k, n, r, j);
      double s = 0;
      for (int i = k; i < n; i++) s += u[i] * qty[i];
      for (int i = k; i < n; i++) qty[i] -= 2 * s / uu * u[i];
    }
    double[] w = new double[p];
    for (int k = p - 1; k >= 0; k--) { // back substitution with the upper triangle R
      double s = qty[k];
      for (int j = k + 1; j < p; j++) s -= r[k][j] * w[j];
      w[k] = s / r[k][k];
    }
    return w;
  }

  private static void reflect(double[] u, double uu, int k, int n, double[][] r, int j) {
    double s = 0;
    for (int i = k; i < n; i++) s += u[i] * r[i][j];
    for (int i = k; i < n; i++) r[i][j] -= 2 * s / uu * u[i];
  }
}
