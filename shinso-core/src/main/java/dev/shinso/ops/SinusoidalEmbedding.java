package dev.shinso.ops;

import dev.shinso.autograd.Autograd;
import dev.shinso.backend.UnaryOp;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;

/**
 * The sinusoidal embedding of positions or diffusion timesteps t [B] (Vaswani et al. 2017; Ho et al.
 * 2020): [B, dim] = [sin(t·f₀) … sin(t·f_{h−1}), cos(t·f₀) … cos(t·f_{h−1})] with h = dim/2 and
 * fᵢ = maxPeriod^(−i/h), so nearby t get similar vectors at every scale from 1 to maxPeriod. The
 * angles t·fᵢ are float32 products, as in PyTorch's implementations; sin and cos are backend
 * kernels, and the backward (d/dt = Σ fᵢ·(cos·g_sin − sin·g_cos)) sits beside the forward. INT64
 * timesteps are converted to float; the gradient flows to a FLOAT32 t.
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
    int b = t.size(0), half = dim / 2;
    Tensor angles = DTypes.floating(t.detach()).reshape(b, 1).mul(frequencies(t.device(), half, maxPeriod));   // [B, half]
    Tensor sin = Unary.kernel(UnaryOp.SIN, angles, 0, 0), cos = Unary.kernel(UnaryOp.COS, angles, 0, 0);
    Tensor result = Join.cat(java.util.List.of(sin, cos), 1);
    if (!t.dtype().isFloatingPoint()) return result;
    return Autograd.record("sinusoidalEmbedding", result, new Tensor[] {t}, new Tensor[] {t}, g -> {
      Tensor gSin = g.narrow(1, 0, half), gCos = g.narrow(1, half, half);
      Tensor f = frequencies(g.device(), half, maxPeriod);
      return new Tensor[] {cos.mul(gSin).sub(sin.mul(gCos)).mul(f).sum(1)};
    });
  }

  /** fᵢ = maxPeriod^(−i/half), computed in double on the host, as a [half] tensor. */
  private static Tensor frequencies(dev.shinso.tensor.Device device, int half, double maxPeriod) {
    float[] f = new float[half];
    for (int k = 0; k < half; k++) f[k] = (float) Math.exp(-Math.log(maxPeriod) * k / half);
    return Tensor.of(device, f, half);
  }
}
