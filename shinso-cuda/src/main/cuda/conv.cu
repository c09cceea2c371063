// What a library convolution leaves to shinso: the bias, and the ReLU of a fused Conv2d+ReLU, in one
// pass over the output y [N, C, S] in place (S: the output plane's size).
#include "common.cuh"

extern "C" __global__ void bias_relu_f32(int total, int c, int s, const float* bias, int relu, float* y) {
  SHINSO_FOR_EACH(o, total) {
    float v = y[o];
    if (bias) v += bias[o / s % c];
    if (relu && v <= 0) v = 0;  // as the CPU's ReLU: -0 becomes 0, NaN stays NaN
    y[o] = v;
  }
}
