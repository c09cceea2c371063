// Max, average and adaptive average pooling over contiguous [planes, H, W] float32, one output
// element per call: the code of pool.cu's kernels, written for host and device alike so that
// PoolHostCheckTest compiles it for the host and compares it with the CPU backend (no GPU needed).
// Window bounds and tie rules are those of dev.shinso.backend.cpu.Pooling (PyTorch's).
#pragma once
#include <math.h>

#ifdef __CUDACC__
#define SHINSO_HD __host__ __device__ __forceinline__
#else
#define SHINSO_HD inline
#endif

// Input plane h×w, output plane oh×ow, kernel, stride, padding and dilation (average pooling: 1).
struct PoolGeom {
  int h, w, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw;
};

// Backward passes scatter into dx: atomically on the device, where windows overlap across threads.
SHINSO_HD void pool_add(float* p, float v) {
#ifdef __CUDA_ARCH__
  atomicAdd(p, v);
#else
  *p += v;
#endif
}

// ceil(a / b) for b > 0 and any a, as Java's Math.ceilDiv.
SHINSO_HD int ceil_div(int a, int b) { return a > 0 ? (a + b - 1) / b : -((-a) / b); }

// The first tap k with start + k·dilation ≥ 0, and one past the last with start + k·dilation < size.
SHINSO_HD int first_tap(int start, int dilation) { return start >= 0 ? 0 : ceil_div(-start, dilation); }
SHINSO_HD int end_tap(int start, int dilation, int kernel, int size) {
  int e = ceil_div(size - start, dilation);
  return e < 0 ? 0 : e > kernel ? kernel : e;
}

// Output element o of max pooling: the value, and its flat index within the input plane. Starts at
// the window's first pixel inside the image with -inf; a later element wins when strictly greater,
// or NaN. idx may be null (inference).
SHINSO_HD void max_pool_at(const float* x, const PoolGeom& g, int o, float* y, long long* idx) {
  int plane = o / (g.oh * g.ow), r = o % (g.oh * g.ow);
  int hs = (r / g.ow) * g.sh - g.ph, ws = (r % g.ow) * g.sw - g.pw;
  int khLo = first_tap(hs, g.dh), khHi = end_tap(hs, g.dh, g.kh, g.h);
  int kwLo = first_tap(ws, g.dw), kwHi = end_tap(ws, g.dw, g.kw, g.w);
  const float* xp = x + (long long)plane * g.h * g.w;
  int best = (hs + khLo * g.dh) * g.w + ws + kwLo * g.dw;
  float m = -INFINITY;
  for (int kh = khLo; kh < khHi; ++kh) {
    int row = (hs + kh * g.dh) * g.w + ws;
    for (int kw = kwLo; kw < kwHi; ++kw) {
      int at = row + kw * g.dw;
      float v = xp[at];
      if (v > m || v != v) {
        m = v;
        best = at;
      }
    }
  }
  y[o] = m;
  if (idx) idx[o] = best;
}

// Output element j of the max-pooling gradient: its gradient goes to the input it came from.
SHINSO_HD void max_pool_back_at(const float* gy, const long long* idx, int inPlane, int outPlane, int j, float* dx) {
  pool_add(dx + (long long)(j / outPlane) * inPlane + idx[j], gy[j]);
}

// An average-pooling window along one axis: [start, end) inside the input, and its length counting
// the padding (clipped at the padded edge, which ceil mode can cross).
struct PoolWindow {
  int start, end, padded;
};

SHINSO_HD PoolWindow pool_window(int i, int stride, int pad, int kernel, int size) {
  int s = i * stride - pad, e = s + kernel < size + pad ? s + kernel : size + pad;
  PoolWindow wdw = {s > 0 ? s : 0, e < size ? e : size, e - s};
  return wdw;
}

SHINSO_HD int pool_divisor(const PoolWindow& rows, const PoolWindow& cols, bool includePad) {
  return includePad ? rows.padded * cols.padded : (rows.end - rows.start) * (cols.end - cols.start);
}

SHINSO_HD void avg_pool_at(const float* x, const PoolGeom& g, bool includePad, int o, float* y) {
  int plane = o / (g.oh * g.ow), r = o % (g.oh * g.ow);
  PoolWindow rows = pool_window(r / g.ow, g.sh, g.ph, g.kh, g.h), cols = pool_window(r % g.ow, g.sw, g.pw, g.kw, g.w);
  const float* xp = x + (long long)plane * g.h * g.w;
  float sum = 0;
  for (int ih = rows.start; ih < rows.end; ++ih) {
    for (int iw = cols.start; iw < cols.end; ++iw) sum += xp[ih * g.w + iw];
  }
  y[o] = sum / pool_divisor(rows, cols, includePad);
}

SHINSO_HD void avg_pool_back_at(const float* gy, const PoolGeom& g, bool includePad, int o, float* dx) {
  int plane = o / (g.oh * g.ow), r = o % (g.oh * g.ow);
  PoolWindow rows = pool_window(r / g.ow, g.sh, g.ph, g.kh, g.h), cols = pool_window(r % g.ow, g.sw, g.pw, g.kw, g.w);
  float* dp = dx + (long long)plane * g.h * g.w;
  float share = gy[o] / pool_divisor(rows, cols, includePad);
  for (int ih = rows.start; ih < rows.end; ++ih) {
    for (int iw = cols.start; iw < cols.end; ++iw) pool_add(dp + ih * g.w + iw, share);
  }
}

// Adaptive windows: [floor(i·in/out), ceil((i+1)·in/out)).
SHINSO_HD int adaptive_start(int i, int in, int out) { return (int)((long long)i * in / out); }
SHINSO_HD int adaptive_end(int i, int in, int out) { return (int)(((long long)(i + 1) * in + out - 1) / out); }

SHINSO_HD void adaptive_avg_at(const float* x, int h, int w, int oh, int ow, int o, float* y) {
  int plane = o / (oh * ow), r = o % (oh * ow), i = r / ow, j = r % ow;
  int hs = adaptive_start(i, h, oh), he = adaptive_end(i, h, oh);
  int ws = adaptive_start(j, w, ow), we = adaptive_end(j, w, ow);
  const float* xp = x + (long long)plane * h * w;
  float sum = 0;
  for (int ih = hs; ih < he; ++ih) {
    for (int iw = ws; iw < we; ++iw) sum += xp[ih * w + iw];
  }
  y[o] = sum / ((he - hs) * (we - ws));
}

SHINSO_HD void adaptive_avg_back_at(const float* gy, int h, int w, int oh, int ow, int o, float* dx) {
  int plane = o / (oh * ow), r = o % (oh * ow), i = r / ow, j = r % ow;
  int hs = adaptive_start(i, h, oh), he = adaptive_end(i, h, oh);
  int ws = adaptive_start(j, w, ow), we = adaptive_end(j, w, ow);
  float* dp = dx + (long long)plane * h * w;
  float share = gy[o] / ((he - hs) * (we - ws));
  for (int ih = hs; ih < he; ++ih) {
    for (int iw = ws; iw < we; ++iw) pool_add(dp + ih * w + iw, share);
  }
}
