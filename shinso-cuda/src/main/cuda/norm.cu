// Batch normalisation in four kernels: per-channel statistics and gradient sums (one block per
// channel, a tree of doubles in shared memory), and the elementwise normalisation and input
// gradient. The per-element code is in norm.cuh.
#include "common.cuh"
#include "norm.cuh"

// The block's sum of v (every thread's), returned to all threads.
__device__ double block_sum(double v, double* shared) {
  shared[threadIdx.x] = v;
  __syncthreads();
  for (int half = blockDim.x / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) shared[threadIdx.x] += shared[threadIdx.x + half];
    __syncthreads();
  }
  double total = shared[0];
  __syncthreads();  // before the next call overwrites shared
  return total;
}

// mean and biased variance of each channel; blocks loop over channels beyond the grid.
extern "C" __global__ void batch_norm_stats_f32(int n, int c, int s, const float* x, float* mean, float* var) {
  __shared__ double shared[SHINSO_THREADS];
  double count = (double)n * s;
  for (int ch = blockIdx.x; ch < c; ch += gridDim.x) {
    float m = (float)(block_sum(bn_partial_sum(x, n, c, s, ch, threadIdx.x, blockDim.x), shared) / count);
    double sq = block_sum(bn_partial_squares(x, n, c, s, ch, m, threadIdx.x, blockDim.x), shared);
    if (threadIdx.x == 0) {
      mean[ch] = m;
      var[ch] = (float)(sq / count);
    }
  }
}

extern "C" __global__ void batch_norm_apply_f32(int total, int c, int s, const float* x, const float* mean,
                                                const float* var, float eps, const float* weight, const float* bias,
                                                float* y) {
  SHINSO_FOR_EACH(o, total) bn_apply_at(x, mean, var, eps, weight, bias, c, s, o, y);
}

// Σdy and Σdy·x̂ of each channel (dbias and dweight).
extern "C" __global__ void batch_norm_backward_reduce_f32(int n, int c, int s, const float* gy, const float* x,
                                                          const float* mean, const float* var, float eps, float* sumG,
                                                          float* sumGxHat) {
  __shared__ double shared[SHINSO_THREADS];
  for (int ch = blockIdx.x; ch < c; ch += gridDim.x) {
    double g, gx;
    bn_partial_backward(gy, x, n, c, s, ch, mean[ch], bn_invstd(var[ch], eps), threadIdx.x, blockDim.x, g, gx);
    g = block_sum(g, shared);
    gx = block_sum(gx, shared);
    if (threadIdx.x == 0) {
      sumG[ch] = (float)g;
      sumGxHat[ch] = (float)gx;
    }
  }
}

extern "C" __global__ void batch_norm_backward_apply_f32(int total, int c, int s, const float* gy, const float* x,
                                                         const float* mean, const float* var, float eps,
                                                         const float* weight, const float* sumG,
                                                         const float* sumGxHat, float inverseCount, float* dx) {
  SHINSO_FOR_EACH(o, total) bn_backward_at(gy, x, mean, var, eps, weight, sumG, sumGxHat, inverseCount, c, s, o, dx);
}
