// Random fills of a contiguous tensor by the counter mapping of Backend.random (see philox.cuh).
// One thread per Philox counter; element i of the fill is element i % per_counter of counter
// offset + i / per_counter, so the result does not depend on the launch shape.
#include "common.cuh"
#include "philox.cuh"

extern "C" __global__ void random_f32(int kind, int n, unsigned long long seed, unsigned long long offset, double p,
                                      double q, long long lo, unsigned long long span, float* y) {
  int per = philox_per_counter(kind);
  unsigned counters = (unsigned)((n + per - 1) / per);
  SHINSO_FOR_EACH(c, counters) {
    float v[4];
    philox_floats(kind, seed, offset + c, p, q, lo, span, v);
    int first = (int)c * per;
    for (int j = 0; j < per && first + j < n; ++j) y[first + j] = v[j];
  }
}

extern "C" __global__ void random_i64(int n, unsigned long long seed, unsigned long long offset, long long lo,
                                      unsigned long long span, long long* y) {
  unsigned counters = (unsigned)((n + 1) / 2);
  SHINSO_FOR_EACH(c, counters) {
    long long v[2];
    philox_longs(seed, offset + c, lo, span, v);
    int first = (int)c * 2;
    y[first] = v[0];
    if (first + 1 < n) y[first + 1] = v[1];
  }
}
