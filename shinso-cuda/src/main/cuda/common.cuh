// What every shinso kernel shares: the strided-view structs the Java side packs (see
// dev.shinso.cuda.kernels.KernelArgs), offsets from linear indices, NaN-propagating max/min and the
// index-error report. Kernels take 32-bit indices: a tensor's numel and offsets are Java ints.
#pragma once

#define SHINSO_MAX_DIMS 8
#define SHINSO_THREADS 256

// The sizes of the (collapsed) dims a kernel iterates over, outermost first.
struct Dims {
  int rank;
  int size[SHINSO_MAX_DIMS];
};

// One operand's element offset and strides over a Dims.
struct View {
  int offset;
  int stride[SHINSO_MAX_DIMS];
};

// The Java side writes these byte for byte; a change here must change KernelArgs too.
static_assert(sizeof(Dims) == 36, "Dims is 36 bytes in KernelArgs");
static_assert(sizeof(View) == 36, "View is 36 bytes in KernelArgs");

// A grid-stride loop over [0, n): unsigned, so i + step cannot overflow for n < 2^31.
#define SHINSO_FOR_EACH(i, n)                                                              \
  for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < (unsigned)(n); i += blockDim.x * gridDim.x)

// Offsets of element i (row-major over dims) in any number of views, one div/mod chain for all:
// offsets(i, d, va, oa, vb, ob, ...) sets oa, ob, ... The loop is unrolled over SHINSO_MAX_DIMS so
// that the structs are indexed statically and stay in parameter space (no local-memory copy).
__device__ __forceinline__ void add_index(int, int) {}

template <typename... Rest>
__device__ __forceinline__ void add_index(int idx, int k, const View& v, int& o, Rest&... rest) {
  o += idx * v.stride[k];
  add_index(idx, k, rest...);
}

__device__ __forceinline__ void start_offsets() {}

template <typename... Rest>
__device__ __forceinline__ void start_offsets(const View& v, int& o, Rest&... rest) {
  o = v.offset;
  start_offsets(rest...);
}

template <typename... ViewsAndOffsets>
__device__ __forceinline__ void offsets(unsigned i, const Dims& d, ViewsAndOffsets&... vo) {
  start_offsets(vo...);
#pragma unroll
  for (int k = SHINSO_MAX_DIMS - 1; k >= 0; --k) {
    if (k < d.rank) {
      unsigned s = d.size[k];
      add_index((int)(i % s), k, vo...);
      i /= s;
    }
  }
}

// As Java's Math.max/min: NaN wins (CUDA's fmaxf would drop it).
__device__ __forceinline__ float max_nan(float a, float b) { return a != a ? a : b != b ? b : fmaxf(a, b); }
__device__ __forceinline__ float min_nan(float a, float b) { return a != a ? a : b != b ? b : fminf(a, b); }

// Index checks: an index in [-size, size) is used (negative counts from the end); another is
// reported to the host through err = {launch sequence number, index} (the first report wins) and
// its element skipped. The host names the op and shapes at its next synchronisation.
__device__ __forceinline__ bool checked_index(long long raw, int size, unsigned long long seq,
                                              unsigned long long* err, int& out) {
  if (raw < -(long long)size || raw >= (long long)size) {
    if (atomicCAS(err, 0ULL, seq) == 0ULL) err[1] = (unsigned long long)raw;
    return false;
  }
  out = (int)(raw < 0 ? raw + size : raw);
  return true;
}
