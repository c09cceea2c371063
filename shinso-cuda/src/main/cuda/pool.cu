// Pooling kernels: one thread per output element (grid-stride), the code in pool.cuh. Inputs and
// outputs are contiguous [planes, H, W]; the backward kernels add into a zeroed dx.
#include "common.cuh"
#include "pool.cuh"

#define POOL_GEOM_PARAMS int h, int w, int oh, int ow, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw
#define POOL_GEOM {h, w, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw}

extern "C" __global__ void max_pool2d_f32(int n, POOL_GEOM_PARAMS, const float* x, float* y, long long* idx) {
  PoolGeom g = POOL_GEOM;
  SHINSO_FOR_EACH(o, n) max_pool_at(x, g, o, y, idx);
}

extern "C" __global__ void max_pool2d_backward_f32(int n, int inPlane, int outPlane, const float* gy,
                                                   const long long* idx, float* dx) {
  SHINSO_FOR_EACH(j, n) max_pool_back_at(gy, idx, inPlane, outPlane, j, dx);
}

extern "C" __global__ void avg_pool2d_f32(int n, POOL_GEOM_PARAMS, int includePad, const float* x, float* y) {
  PoolGeom g = POOL_GEOM;
  SHINSO_FOR_EACH(o, n) avg_pool_at(x, g, includePad != 0, o, y);
}

extern "C" __global__ void avg_pool2d_backward_f32(int n, POOL_GEOM_PARAMS, int includePad, const float* gy,
                                                   float* dx) {
  PoolGeom g = POOL_GEOM;
  SHINSO_FOR_EACH(o, n) avg_pool_back_at(gy, g, includePad != 0, o, dx);
}

extern "C" __global__ void adaptive_avg_pool2d_f32(int n, int h, int w, int oh, int ow, const float* x, float* y) {
  SHINSO_FOR_EACH(o, n) adaptive_avg_at(x, h, w, oh, ow, o, y);
}

extern "C" __global__ void adaptive_avg_pool2d_backward_f32(int n, int h, int w, int oh, int ow, const float* gy,
                                                            float* dx) {
  SHINSO_FOR_EACH(o, n) adaptive_avg_back_at(gy, h, w, oh, ow, o, dx);
}
