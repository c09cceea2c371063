package dev.shinso.backend;

/**
 * Elementwise one-input kernels a backend provides. Some take scalar parameters (p, q): CLAMP (min,
 * max), POW (exponent), LEAKY_RELU (slope). The *_GRAD entries are derivatives used by backward.
 */
public enum UnaryOp {
  NEG, EXP, LOG, SQRT, RSQRT, ABS, SIGN, SIGMOID, TANH, RELU, GELU, STEP, CLAMP, POW, LEAKY_RELU, SIN, COS,
  /** d/dx gelu(x) = Φ(x) + x·φ(x). */
  GELU_GRAD
}
