// Batch normalisation over contiguous x [N, C, S] (S: the product of the dims after C, 1 for
// [N, C]), the code of norm.cu's kernels for host and device alike (NormHostCheckTest runs it on
// the host against the CPU backend). Per-channel sums are taken in double: a channel of a large
// batch sums 10^5 to 10^7 floats.
#pragma once
#include <math.h>

#ifdef __CUDACC__
#define SHINSO_HD __host__ __device__ __forceinline__
#else
#define SHINSO_HD inline
#endif

// Element i (0 <= i < N·S) of channel ch: its offset in x.
SHINSO_HD long long bn_at(int i, int ch, int c, int s) { return (long long)(i / s) * c * s + (long long)ch * s + i % s; }

// One thread's part of a channel's sums: elements t, t + threads, … of the channel's n·s.
SHINSO_HD double bn_partial_sum(const float* x, int n, int c, int s, int ch, int t, int threads) {
  double sum = 0;
  for (int i = t; i < n * s; i += threads) sum += x[bn_at(i, ch, c, s)];
  return sum;
}

SHINSO_HD double bn_partial_squares(const float* x, int n, int c, int s, int ch, float mean, int t, int threads) {
  double sum = 0;
  for (int i = t; i < n * s; i += threads) {
    double d = (double)x[bn_at(i, ch, c, s)] - mean;
    sum += d * d;
  }
  return sum;
}

// Σdy and Σdy·x̂ of one thread's elements.
SHINSO_HD void bn_partial_backward(const float* gy, const float* x, int n, int c, int s, int ch, float mean,
                                   float invstd, int t, int threads, double& sumG, double& sumGxHat) {
  sumG = 0;
  sumGxHat = 0;
  for (int i = t; i < n * s; i += threads) {
    long long at = bn_at(i, ch, c, s);
    double g = gy[at];
    sumG += g;
    sumGxHat += g * ((double)x[at] - mean) * invstd;
  }
}

SHINSO_HD float bn_invstd(float var, float eps) { return 1.0f / sqrtf(var + eps); }

// y = (x − mean)·invstd·weight + bias at element o (weight and bias may be null).
SHINSO_HD void bn_apply_at(const float* x, const float* mean, const float* var, float eps, const float* weight,
                           const float* bias, int c, int s, long long o, float* y) {
  int ch = (int)(o / s % c);
  float v = (x[o] - mean[ch]) * bn_invstd(var[ch], eps);
  if (weight) v *= weight[ch];
  if (bias) v += bias[ch];
  y[o] = v;
}

// dx = weight·invstd·(dy − Σdy/M − x̂·Σdy·x̂/M) at element o.
SHINSO_HD void bn_backward_at(const float* gy, const float* x, const float* mean, const float* var, float eps,
                              const float* weight, const float* sumG, const float* sumGxHat, float inverseCount, int c,
                              int s, long long o, float* dx) {
  int ch = (int)(o / s % c);
  float invstd = bn_invstd(var[ch], eps);
  float xHat = (x[o] - mean[ch]) * invstd;
  float scale = weight ? invstd * weight[ch] : invstd;
  dx[o] = (gy[o] - sumG[ch] * inverseCount - xHat * (sumGxHat[ch] * inverseCount)) * scale;
}
