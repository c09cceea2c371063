// Reductions. Output o's elements are x at kept offset(o) + reduced offset(r), r in [0, R), each
// from its own view, so any set of dims reduces without a permuted copy. Groups of T threads
// (1, 2, ..., 32, or the whole block of 256) share one output: T = 1 for short rows, a warp or a
// block for long ones. A long reduction with few outputs is split: virtual output v = o·groups + g
// covers r in [g·chunk, (g + 1)·chunk), and the host reduces the partials again.
#include "common.cuh"
#include "ops.cuh"

template <typename A>
__device__ __forceinline__ A combine(int op, A a, A b) {
  if (op == ReduceOp::SUM) return a + b;
  if constexpr (sizeof(A) == sizeof(float)) return op == ReduceOp::MAX ? max_nan(a, b) : min_nan(a, b);
  return a;  // double is SUM only
}

// Reduces v over each group of T threads (T a power of two up to blockDim.x); the group's first
// thread gets the result. Every thread of the block must call it (block-wide sync for T > 32).
template <typename A>
__device__ A group_reduce(int op, A v, int T) {
  __shared__ A partial[SHINSO_THREADS / 32];
  int width = T < 32 ? T : 32;
  for (int o = width / 2; o > 0; o >>= 1) v = combine(op, v, __shfl_down_sync(0xffffffffu, v, o, width));
  if (T <= 32) return v;
  int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  __syncthreads();  // partial may still be read from the previous output
  if (lane == 0) partial[warp] = v;
  __syncthreads();
  int warps = T / 32;
  v = partial[lane < warps ? lane : 0];
  for (int o = 16; o > 0; o >>= 1) {
    A other = __shfl_down_sync(0xffffffffu, v, o);
    if (lane + o < warps) v = combine(op, v, other);
  }
  return v;
}

template <typename A>
__device__ void reduce(int op, int nVirt, int groups, int R, int chunk, int T, const Dims& kept, const View& vk,
                       const Dims& red, const View& vr, const float* x, float* y, A identity) {
  unsigned perBlock = blockDim.x / T, slot = threadIdx.x / T, t = threadIdx.x % T;
  // The loop bound is uniform across the block, so every thread reaches every sync and shuffle.
  for (unsigned base = blockIdx.x * perBlock; base < (unsigned)nVirt; base += gridDim.x * perBlock) {
    unsigned v = base + slot;
    A acc = identity;
    if (v < (unsigned)nVirt) {
      unsigned o = v / groups, g = v % groups;
      int ok;
      offsets(o, kept, vk, ok);
      unsigned end = min((unsigned)R, (g + 1) * (unsigned)chunk);
      for (unsigned r = g * chunk + t; r < end; r += T) {
        int orr;
        offsets(r, red, vr, orr);
        acc = combine(op, acc, (A)x[ok + orr]);
      }
    }
    acc = group_reduce(op, acc, T);
    if (t == 0 && v < (unsigned)nVirt) y[v] = (float)acc;
  }
}

// SUM accumulates in double (as the CPU's blocks of float sums added in double); MAX and MIN in float, NaN winning.
extern "C" __global__ void reduce_f32(int op, int nVirt, int groups, int R, int chunk, int T, Dims kept, View vk,
                                      Dims red, View vr, const float* x, float* y) {
  if (op == ReduceOp::SUM) reduce<double>(op, nVirt, groups, R, chunk, T, kept, vk, red, vr, x, y, 0.0);
  else reduce<float>(op, nVirt, groups, R, chunk, T, kept, vk, red, vr, x, y, op == ReduceOp::MAX ? -INFINITY : INFINITY);
}

// Does (vb, ib) beat (va, ia)? The first NaN beats everything, then the larger (smaller) value,
// then the smaller index; index -1 is "nothing yet". Order-free, so any reduction tree agrees.
__device__ __forceinline__ bool beats(bool isMax, float vb, int ib, float va, int ia) {
  if (ib < 0) return false;
  if (ia < 0) return true;
  bool an = va != va, bn = vb != vb;
  if (an || bn) return bn && (!an || ib < ia);
  if (vb == va) return ib < ia;
  return isMax ? vb > va : vb < va;
}

// Index of the first max (min) along one dim of length R and element stride `stride`.
extern "C" __global__ void argreduce_f32(int isMax, int nOut, int R, int T, Dims kept, View vk, int stride,
                                         const float* x, long long* y) {
  __shared__ float pv[SHINSO_THREADS / 32];
  __shared__ int pi[SHINSO_THREADS / 32];
  unsigned perBlock = blockDim.x / T, slot = threadIdx.x / T, t = threadIdx.x % T;
  for (unsigned base = blockIdx.x * perBlock; base < (unsigned)nOut; base += gridDim.x * perBlock) {
    unsigned o = base + slot;
    float best = 0;
    int at = -1;
    if (o < (unsigned)nOut) {
      int ok;
      offsets(o, kept, vk, ok);
      for (int r = t; r < R; r += T) {
        float v = x[ok + r * stride];
        if (beats(isMax, v, r, best, at)) { best = v; at = r; }
      }
    }
    int width = T < 32 ? T : 32;
    for (int s = width / 2; s > 0; s >>= 1) {
      float ov = __shfl_down_sync(0xffffffffu, best, s, width);
      int oi = __shfl_down_sync(0xffffffffu, at, s, width);
      if (beats(isMax, ov, oi, best, at)) { best = ov; at = oi; }
    }
    if (T > 32) {
      int lane = threadIdx.x % 32, warp = threadIdx.x / 32, warps = T / 32;
      __syncthreads();
      if (lane == 0) { pv[warp] = best; pi[warp] = at; }
      __syncthreads();
      best = lane < warps ? pv[lane] : 0;
      at = lane < warps ? pi[lane] : -1;
      for (int s = 16; s > 0; s >>= 1) {
        float ov = __shfl_down_sync(0xffffffffu, best, s);
        int oi = __shfl_down_sync(0xffffffffu, at, s);
        if (beats(isMax, ov, oi, best, at)) { best = ov; at = oi; }
      }
    }
    if (t == 0 && o < (unsigned)nOut) y[o] = at;
  }
}
