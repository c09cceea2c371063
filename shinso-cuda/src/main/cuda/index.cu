// gather (which indexSelect also uses) and scatterAdd. The host folds the indexed dim out of the
// views: x (or out) has stride 0 there and its real stride comes as dimStride; the index view
// names, for every element, where its index lies (indexSelect's 1-d index has stride 0 on all other
// dims). Indices in [-size, size) are used, others reported (checked_index).
#include "common.cuh"

template <typename T>
__device__ void gather(int n, Dims d, int size, int dimStride, unsigned long long seq, unsigned long long* err, T* y,
                       View vy, const T* x, View vx, const long long* index, View vi) {
  SHINSO_FOR_EACH(i, n) {
    int oy, ox, oi, row;
    offsets(i, d, vy, oy, vx, ox, vi, oi);
    if (checked_index(index[oi], size, seq, err, row)) y[oy] = x[ox + row * dimStride];
  }
}

extern "C" __global__ void gather_f32(int n, Dims d, int size, int dimStride, unsigned long long seq,
                                      unsigned long long* err, float* y, View vy, const float* x, View vx,
                                      const long long* index, View vi) {
  gather(n, d, size, dimStride, seq, err, y, vy, x, vx, index, vi);
}

extern "C" __global__ void gather_i64(int n, Dims d, int size, int dimStride, unsigned long long seq,
                                      unsigned long long* err, long long* y, View vy, const long long* x, View vx,
                                      const long long* index, View vi) {
  gather(n, d, size, dimStride, seq, err, y, vy, x, vx, index, vi);
}

// out[... index ...] += src[...], atomically: several elements may name one position.
extern "C" __global__ void scatter_add_f32(int n, Dims d, int size, int dimStride, unsigned long long seq,
                                           unsigned long long* err, float* out, View vo, const float* src, View vs,
                                           const long long* index, View vi) {
  SHINSO_FOR_EACH(i, n) {
    int oo, os, oi, row;
    offsets(i, d, vo, oo, vs, os, vi, oi);
    if (checked_index(index[oi], size, seq, err, row)) atomicAdd(out + oo + row * dimStride, src[os]);
  }
}

extern "C" __global__ void scatter_add_i64(int n, Dims d, int size, int dimStride, unsigned long long seq,
                                           unsigned long long* err, long long* out, View vo, const long long* src,
                                           View vs, const long long* index, View vi) {
  SHINSO_FOR_EACH(i, n) {
    int oo, os, oi, row;
    offsets(i, d, vo, oo, vs, os, vi, oi);
    if (checked_index(index[oi], size, seq, err, row)) {
      // two's complement: an unsigned add is the signed add
      atomicAdd((unsigned long long*)(out + oo + row * dimStride), (unsigned long long)src[os]);
    }
  }
}
