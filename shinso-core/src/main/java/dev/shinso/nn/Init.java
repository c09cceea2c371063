package dev.shinso.nn;

import dev.shinso.Shinso;
import dev.shinso.autograd.NoGrad;
import dev.shinso.backend.Backend;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;

/**
 * Weight initialisers, as torch.nn.init: each fills a tensor in place (under NoGrad, so it works on
 * parameters) from the default generator ({@code Shinso.manualSeed}) or a given one, and returns it.
 * Fans are computed as PyTorch does: for a weight [out, in, k…], fan_in = in·∏k and fan_out = out·∏k.
 */
public final class Init {
  private Init() {}

  /** Which fan scales the variance: FAN_IN keeps the forward pass's variance, FAN_OUT the backward's. */
  public enum Mode { FAN_IN, FAN_OUT }

  /** The nonlinearity that follows a layer, for its recommended gain. */
  public enum Nonlinearity {
    LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, SIGMOID, TANH, RELU,
    LEAKY_RELU, SELU
  }

  /**
   * The gain PyTorch recommends for a nonlinearity: 1 for linear, conv and sigmoid; 5/3 for tanh;
   * √2 for relu; √(2/(1+a²)) for leaky_relu with negative slope a (param; null means 0.01); 3/4 for selu.
   */
  public static double calculateGain(Nonlinearity nonlinearity, Double param) {
    return switch (nonlinearity) {
      case LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, SIGMOID -> 1;
      case TANH -> 5.0 / 3;
      case RELU -> Math.sqrt(2);
      case LEAKY_RELU -> {
        double a = param == null ? 0.01 : param;
        yield Math.sqrt(2 / (1 + a * a));
      }
      case SELU -> 3.0 / 4;
    };
  }

  public static double calculateGain(Nonlinearity nonlinearity) {
    return calculateGain(nonlinearity, null);
  }

  /**
   * PyTorch's reset_parameters of Linear and the convolutions: weight Kaiming-uniform with a = √5
   * (that is U(±1/√fan_in)), then bias, when there is one, U(±1/√fan_in) with the weight's fan_in.
   */
  public static void linearDefault(Tensor weight, Tensor bias) {
    kaimingUniform(weight, Math.sqrt(5), Mode.FAN_IN, Nonlinearity.LEAKY_RELU);
    if (bias != null) {
      double bound = 1 / Math.sqrt(fanIn(weight));
      uniform(bias, -bound, bound);
    }
  }

  /** Input fan: size(1) times the receptive field (the product of the dims after the first two). */
  public static int fanIn(Tensor tensor) {
    int receptive = receptiveField(tensor, "fanIn");
    return tensor.size(1) * receptive;
  }

  /** Output fan: size(0) times the receptive field. */
  public static int fanOut(Tensor tensor) {
    int receptive = receptiveField(tensor, "fanOut");
    return tensor.size(0) * receptive;
  }

  private static int receptiveField(Tensor tensor, String op) {
    if (tensor.dim() < 2) {
      throw new IllegalArgumentException(op + ": fan in and fan out cannot be computed for a tensor with fewer than"
          + " 2 dimensions, got " + tensor.shapeString());
    }
    int r = 1;
    for (int d = 2; d < tensor.dim(); d++) r *= tensor.size(d);
    return r;
  }

  private static int fan(Tensor tensor, Mode mode) {
    return mode == Mode.FAN_IN ? fanIn(tensor) : fanOut(tensor);
  }

  // ---- plain distributions ----

  /** U(a, b). */
  public static Tensor uniform(Tensor tensor, double a, double b, Generator generator) {
    if (!(a <= b)) throw new IllegalArgumentException("uniform: lower bound " + a + " exceeds upper bound " + b);
    return fill(tensor, Backend.RandomKind.UNIFORM, a, b, generator);
  }

  public static Tensor uniform(Tensor tensor, double a, double b) {
    return uniform(tensor, a, b, null);
  }

  /** N(mean, std²). */
  public static Tensor normal(Tensor tensor, double mean, double std, Generator generator) {
    if (!(std >= 0)) throw new IllegalArgumentException("normal: std must be non-negative, got " + std);
    return fill(tensor, Backend.RandomKind.NORMAL, mean, std, generator);
  }

  public static Tensor normal(Tensor tensor, double mean, double std) {
    return normal(tensor, mean, std, null);
  }

  public static Tensor constant(Tensor tensor, double value) {
    try (NoGrad g = NoGrad.enter()) {
      return tensor.fill_((float) value);
    }
  }

  public static Tensor zeros(Tensor tensor) {
    return constant(tensor, 0);
  }

  public static Tensor ones(Tensor tensor) {
    return constant(tensor, 1);
  }

  // ---- Xavier (Glorot) ----

  /** U(−a, a) with a = gain·√(6/(fan_in + fan_out)). */
  public static Tensor xavierUniform(Tensor tensor, double gain, Generator generator) {
    double a = gain * Math.sqrt(6.0 / (fanIn(tensor) + fanOut(tensor)));
    return uniform(tensor, -a, a, generator);
  }

  public static Tensor xavierUniform(Tensor tensor, double gain) {
    return xavierUniform(tensor, gain, null);
  }

  public static Tensor xavierUniform(Tensor tensor) {
    return xavierUniform(tensor, 1, null);
  }

  /** N(0, std²) with std = gain·√(2/(fan_in + fan_out)). */
  public static Tensor xavierNormal(Tensor tensor, double gain, Generator generator) {
    double std = gain * Math.sqrt(2.0 / (fanIn(tensor) + fanOut(tensor)));
    return normal(tensor, 0, std, generator);
  }

  public static Tensor xavierNormal(Tensor tensor, double gain) {
    return xavierNormal(tensor, gain, null);
  }

  public static Tensor xavierNormal(Tensor tensor) {
    return xavierNormal(tensor, 1, null);
  }

  // ---- Kaiming (He) ----

  /**
   * U(−bound, bound) with bound = gain·√(3/fan), gain = calculateGain(nonlinearity, a). PyTorch's
   * defaults are a = 0, FAN_IN, LEAKY_RELU (gain √2).
   */
  public static Tensor kaimingUniform(Tensor tensor, double a, Mode mode, Nonlinearity nonlinearity,
      Generator generator) {
    double bound = calculateGain(nonlinearity, a) * Math.sqrt(3.0 / fan(tensor, mode));
    return uniform(tensor, -bound, bound, generator);
  }

  public static Tensor kaimingUniform(Tensor tensor, double a, Mode mode, Nonlinearity nonlinearity) {
    return kaimingUniform(tensor, a, mode, nonlinearity, null);
  }

  public static Tensor kaimingUniform(Tensor tensor) {
    return kaimingUniform(tensor, 0, Mode.FAN_IN, Nonlinearity.LEAKY_RELU, null);
  }

  /** N(0, std²) with std = gain/√fan, gain = calculateGain(nonlinearity, a). */
  public static Tensor kaimingNormal(Tensor tensor, double a, Mode mode, Nonlinearity nonlinearity,
      Generator generator) {
    double std = calculateGain(nonlinearity, a) / Math.sqrt(fan(tensor, mode));
    return normal(tensor, 0, std, generator);
  }

  public static Tensor kaimingNormal(Tensor tensor, double a, Mode mode, Nonlinearity nonlinearity) {
    return kaimingNormal(tensor, a, mode, nonlinearity, null);
  }

  public static Tensor kaimingNormal(Tensor tensor) {
    return kaimingNormal(tensor, 0, Mode.FAN_IN, Nonlinearity.LEAKY_RELU, null);
  }

  /** Draws into a fresh contiguous tensor, then copies into tensor (which may be any view). */
  private static Tensor fill(Tensor tensor, Backend.RandomKind kind, double p, double q, Generator generator) {
    if (!tensor.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException("Init: can only fill floating-point tensors, got " + tensor.dtype() + " "
          + tensor.shapeString());
    }
    Tensor draw = Tensor.empty(tensor.device(), DType.FLOAT32, tensor.shapeArray());
    tensor.backend().random(kind, draw, p, q, generator == null ? Shinso.defaultGenerator() : generator);
    try (NoGrad g = NoGrad.enter()) {
      return tensor.copy_(draw);
    }
  }
}
