// Elementwise kernels over strided views: copy (with dtype conversion), fill, unary, binary, where.
// Every operand is a View over one Dims (inputs already broadcast to the output's shape, stride 0).
// Formulas follow the CPU backend's (backend/cpu/UnaryKernels, BinaryKernels): the same
// expressions, in float, except pow, sin and cos, which the CPU computes in double.
#include "common.cuh"
#include "ops.cuh"

template <typename D, typename S>
__device__ __forceinline__ D convert(S v) { return (D)v; }  // float -> int64 truncates and saturates, NaN -> 0, as Java

template <typename D, typename S>
__device__ void copy(int n, Dims d, D* y, View vy, const S* x, View vx) {
  SHINSO_FOR_EACH(i, n) {
    int oy, ox;
    offsets(i, d, vy, oy, vx, ox);
    y[oy] = convert<D, S>(x[ox]);
  }
}

extern "C" __global__ void copy_f32_f32(int n, Dims d, float* y, View vy, const float* x, View vx) { copy(n, d, y, vy, x, vx); }
extern "C" __global__ void copy_i64_i64(int n, Dims d, long long* y, View vy, const long long* x, View vx) { copy(n, d, y, vy, x, vx); }
extern "C" __global__ void copy_f32_i64(int n, Dims d, float* y, View vy, const long long* x, View vx) { copy(n, d, y, vy, x, vx); }
extern "C" __global__ void copy_i64_f32(int n, Dims d, long long* y, View vy, const float* x, View vx) { copy(n, d, y, vy, x, vx); }

extern "C" __global__ void fill_f32(int n, Dims d, float* y, View vy, float value) {
  SHINSO_FOR_EACH(i, n) {
    int oy;
    offsets(i, d, vy, oy);
    y[oy] = value;
  }
}

extern "C" __global__ void fill_i64(int n, Dims d, long long* y, View vy, long long value) {
  SHINSO_FOR_EACH(i, n) {
    int oy;
    offsets(i, d, vy, oy);
    y[oy] = value;
  }
}

#define SQRT1_2 0.70710678118654752f
#define INV_SQRT_2PI 0.39894228040143268f

__device__ __forceinline__ float unary_op(int op, float v, float p, float q) {
  switch (op) {
    case UnaryOp::NEG: return -v;
    case UnaryOp::EXP: return expf(v);
    case UnaryOp::LOG: return logf(v);
    case UnaryOp::SQRT: return sqrtf(v);
    case UnaryOp::RSQRT: return 1.0f / sqrtf(v);
    case UnaryOp::ABS: return fabsf(v);
    case UnaryOp::SIGN: return v > 0 ? 1.0f : v < 0 ? -1.0f : v;  // 0 and NaN pass through
    case UnaryOp::SIGMOID: return 1.0f / (expf(-v) + 1.0f);
    case UnaryOp::TANH: return tanhf(v);
    case UnaryOp::RELU: return v <= 0 ? 0.0f : v;  // NaN stays NaN
    case UnaryOp::GELU: return 0.5f * v * erfcf(-v * SQRT1_2);
    case UnaryOp::STEP: return v > 0 ? 1.0f : 0.0f;
    case UnaryOp::CLAMP: return min_nan(max_nan(v, p), q);
    case UnaryOp::POW: return (float)pow((double)v, (double)p);
    case UnaryOp::LEAKY_RELU: return v < 0 ? v * p : v;
    case UnaryOp::SIN: return (float)sin((double)v);
    case UnaryOp::COS: return (float)cos((double)v);
    case UnaryOp::GELU_GRAD: return erfcf(-v * SQRT1_2) * 0.5f + v * (expf(v * v * -0.5f) * INV_SQRT_2PI);
    default: return __int_as_float(0x7fc00000);  // unknown op: NaN, never a plausible number
  }
}

extern "C" __global__ void unary_f32(int op, float p, float q, int n, Dims d, float* y, View vy, const float* x, View vx) {
  SHINSO_FOR_EACH(i, n) {
    int oy, ox;
    offsets(i, d, vy, oy, vx, ox);
    y[oy] = unary_op(op, x[ox], p, q);
  }
}

__device__ __forceinline__ float binary_op(int op, float a, float b) {
  switch (op) {
    case BinaryOp::ADD: return a + b;
    case BinaryOp::SUB: return a - b;
    case BinaryOp::MUL: return a * b;
    case BinaryOp::DIV: return a / b;
    case BinaryOp::POW: return (float)pow((double)a, (double)b);
    case BinaryOp::MAX: return max_nan(a, b);
    case BinaryOp::MIN: return min_nan(a, b);
    case BinaryOp::RELU_BACKWARD: return b > 0 ? a : 0.0f;
    case BinaryOp::EQ: return a == b ? 1.0f : 0.0f;
    case BinaryOp::NE: return a != b ? 1.0f : 0.0f;
    case BinaryOp::LT: return a < b ? 1.0f : 0.0f;
    case BinaryOp::LE: return a <= b ? 1.0f : 0.0f;
    case BinaryOp::GT: return a > b ? 1.0f : 0.0f;
    case BinaryOp::GE: return a >= b ? 1.0f : 0.0f;
    default: return __int_as_float(0x7fc00000);
  }
}

// int64 arithmetic (the host sends only ADD, SUB, MUL, MAX, MIN); comparisons go to compare_i64.
__device__ __forceinline__ long long binary_op(int op, long long a, long long b) {
  switch (op) {
    case BinaryOp::ADD: return a + b;
    case BinaryOp::SUB: return a - b;
    case BinaryOp::MUL: return a * b;
    case BinaryOp::MAX: return a > b ? a : b;
    case BinaryOp::MIN: return a < b ? a : b;
    default: return 0;
  }
}

__device__ __forceinline__ float compare_op(int op, long long a, long long b) {
  bool r;
  switch (op) {
    case BinaryOp::EQ: r = a == b; break;
    case BinaryOp::NE: r = a != b; break;
    case BinaryOp::LT: r = a < b; break;
    case BinaryOp::LE: r = a <= b; break;
    case BinaryOp::GT: r = a > b; break;
    case BinaryOp::GE: r = a >= b; break;
    default: r = false;
  }
  return r ? 1.0f : 0.0f;
}

// y = a op b; y may be a itself (binaryInPlace): each element is read before it is written, by one thread.
template <typename Y, typename T>
__device__ void binary(int op, int n, Dims d, Y* y, View vy, const T* a, View va, const T* b, View vb) {
  SHINSO_FOR_EACH(i, n) {
    int oy, oa, ob;
    offsets(i, d, vy, oy, va, oa, vb, ob);
    T av = a[oa], bv = b[ob];
    if constexpr (sizeof(Y) == sizeof(T)) y[oy] = binary_op(op, av, bv);
    else y[oy] = compare_op(op, av, bv);
  }
}

extern "C" __global__ void binary_f32(int op, int n, Dims d, float* y, View vy, const float* a, View va, const float* b, View vb) {
  binary(op, n, d, y, vy, a, va, b, vb);
}

extern "C" __global__ void binary_i64(int op, int n, Dims d, long long* y, View vy, const long long* a, View va, const long long* b, View vb) {
  binary(op, n, d, y, vy, a, va, b, vb);
}

extern "C" __global__ void compare_i64(int op, int n, Dims d, float* y, View vy, const long long* a, View va, const long long* b, View vb) {
  binary(op, n, d, y, vy, a, va, b, vb);
}

// y = cond != 0 ? a : b, cond float32 or int64.
template <typename T, typename C>
__device__ void where(int n, Dims d, T* y, View vy, const C* c, View vc, const T* a, View va, const T* b, View vb) {
  SHINSO_FOR_EACH(i, n) {
    int oy, oc, oa, ob;
    offsets(i, d, vy, oy, vc, oc, va, oa, vb, ob);
    y[oy] = c[oc] != 0 ? a[oa] : b[ob];
  }
}

#define SHINSO_WHERE(name, T, C)                                                                         \
  extern "C" __global__ void name(int n, Dims d, T* y, View vy, const C* c, View vc, const T* a, View va, \
                                  const T* b, View vb) {                                                 \
    where(n, d, y, vy, c, vc, a, va, b, vb);                                                             \
  }
SHINSO_WHERE(where_f32_f32, float, float)
SHINSO_WHERE(where_f32_i64, float, long long)
SHINSO_WHERE(where_i64_f32, long long, float)
SHINSO_WHERE(where_i64_i64, long long, long long)
