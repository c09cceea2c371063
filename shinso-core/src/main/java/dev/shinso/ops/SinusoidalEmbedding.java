package dev.shinso.ops;

import dev.shinso.autograd.Autograd;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;

/**
 * The sinusoidal embedding of positions or diffusion timesteps t [B] (Vaswani et al. 2017; Ho et al.
 * 2020): [B, dim] = [sin(t·f₀) … sin(t·f_{h−1}), cos(t·f₀) … cos(t·f_{h−1})] with h = dim/2 and
 * fᵢ = maxPeriod^(−i/h), so nearby t get similar vectors at every scale from 1 to maxPeriod. A
 * primitive of its own because it needs sin and cos; its backward (d/dt = Σ fᵢ·(cos·g_sin − sin·g_cos))
 * sits beside it. INT64 timesteps are converted to float; the gradient flows to a FLOAT32 t.
 */
public final class SinusoidalEmbedding {
  private SinusoidalEmbedding() {}

  public static Tensor forward(Tensor t, int dim, double maxPeriod) {
    if (t.dim() != 1) {
      throw new IllegalArgumentException("sinusoidalEmbedding: expected timesteps of shape [B], got " + t.shapeString());
    }
    if (dim < 2 || dim % 2 != 0) {
      throw new IllegalArgumentException("sinusoidalEmbedding: dim must be even and at least 2, got " + dim
          + " (timesteps " + t.shapeString() + ")");
    }
    if (!(maxPeriod > 0)) throw new IllegalArgumentException("sinusoidalEmbedding: max_period must be positive, got " + maxPeriod);
    Tensor tf = t.dtype() == DType.FLOAT32 ? t : t.to(DType.FLOAT32);
    int b = t.size(0), half = dim / 2;
    double[] freqs = frequencies(half, maxPeriod);
    float[] tv = tf.toFloatArray(), out = new float[b * dim];
    for (int i = 0; i < b; i++) {
      for (int k = 0; k < half; k++) {
        double a = tv[i] * freqs[k];
        out[i * dim + k] = (float) Math.sin(a);
        out[i * dim + half + k] = (float) Math.cos(a);
      }
    }
    Tensor result = Tensor.of(out, b, dim);
    if (t.dtype() != DType.FLOAT32) return result;
    return Autograd.record("sinusoidalEmbedding", result, new Tensor[] {t}, new Tensor[] {t}, g -> {
      float[] gv = g.contiguous().toFloatArray(), dt = new float[b];
      for (int i = 0; i < b; i++) {
        double s = 0;
        for (int k = 0; k < half; k++) {
          double a = tv[i] * freqs[k];
          s += freqs[k] * (Math.cos(a) * gv[i * dim + k] - Math.sin(a) * gv[i * dim + half + k]);
        }
        dt[i] = (float) s;
      }
      return new Tensor[] {Tensor.of(dt, b)};
    });
  }

  private static double[] frequencies(int half, double maxPeriod) {
    double[] f = new double[half];
    for (int k = 0; k < half; k++) f[k] = Math.exp(-Math.log(maxPeriod) * k / half);
    return f;
  }
}
