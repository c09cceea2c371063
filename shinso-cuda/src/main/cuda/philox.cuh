// Philox4x32-10 and shinso's decoding of its words into numbers: the contract of Backend.random,
// followed bit for bit (the CPU's Philox and RandomBits). Host and device code, so that
// RandomHostCheck (a test) can run exactly these functions on a machine without a GPU.
#pragma once

#include "ops.cuh"

#ifdef __CUDA_ARCH__
// Rounded double multiply and add that the compiler never fuses into an fma: Java rounds each.
#define SHINSO_DMUL(a, b) __dmul_rn(a, b)
#define SHINSO_DADD(a, b) __dadd_rn(a, b)
#else
#define SHINSO_DMUL(a, b) ((a) * (b))
#define SHINSO_DADD(a, b) ((a) + (b))
#endif

struct PhiloxWords {
  unsigned w[4];
};

// Philox4x32-10 of a 128-bit counter (c0 lowest) under a 64-bit key (k0 low), as Random123's
// philox4x32_R(10, ctr, key).
__host__ __device__ inline PhiloxWords philox4x32_10(unsigned c0, unsigned c1, unsigned c2, unsigned c3, unsigned k0,
                                                     unsigned k1) {
  for (int r = 0; r < 10; ++r) {
    unsigned long long p0 = 0xD2511F53ULL * c0;
    unsigned long long p1 = 0xCD9E8D57ULL * c2;
    unsigned n0 = (unsigned)(p1 >> 32) ^ c1 ^ k0;
    unsigned n2 = (unsigned)(p0 >> 32) ^ c3 ^ k1;
    c1 = (unsigned)p1;
    c3 = (unsigned)p0;
    c0 = n0;
    c2 = n2;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  PhiloxWords out = {{c0, c1, c2, c3}};
  return out;
}

// shinso's use: counter value c is the counter (c low, c high, 0, 0); the seed is the key (low, high).
__host__ __device__ inline PhiloxWords philox_block(unsigned long long seed, unsigned long long c) {
  return philox4x32_10((unsigned)c, (unsigned)(c >> 32), 0, 0, (unsigned)seed, (unsigned)(seed >> 32));
}

// (w >>> 8)·2^-24: a float in [0, 1).
__host__ __device__ inline float philox_uniform(unsigned w) { return (float)(w >> 8) * 0x1.0p-24f; }

__host__ __device__ inline unsigned long long philox_join(unsigned lo, unsigned hi) {
  return (unsigned long long)lo | ((unsigned long long)hi << 32);
}

// Elements per counter: 4 for UNIFORM and BERNOULLI (a word each), 2 for NORMAL and INTEGER.
__host__ __device__ inline int philox_per_counter(int kind) {
  return kind == RandomKind::UNIFORM || kind == RandomKind::BERNOULLI ? 4 : 2;
}

// The float32 elements of counter c: out[0 .. per_counter) are elements per_counter·c + j of the
// fill. INTEGER's lo and span are (long) p and (long) q − lo, computed by the host as the CPU does.
__host__ __device__ inline void philox_floats(int kind, unsigned long long seed, unsigned long long c, double p,
                                              double q, long long lo, unsigned long long span, float out[4]) {
  PhiloxWords r = philox_block(seed, c);
  switch (kind) {
    case RandomKind::UNIFORM:
      for (int j = 0; j < 4; ++j) out[j] = (float)SHINSO_DADD(p, SHINSO_DMUL(q - p, (double)philox_uniform(r.w[j])));
      break;
    case RandomKind::BERNOULLI:
      for (int j = 0; j < 4; ++j) out[j] = (double)philox_uniform(r.w[j]) < p ? 1.0f : 0.0f;
      break;
    case RandomKind::NORMAL: {
      double u1 = (double)((philox_join(r.w[0], r.w[1]) >> 11) + 1) * 0x1.0p-53;
      double u2 = (double)(philox_join(r.w[2], r.w[3]) >> 11) * 0x1.0p-53;
      double radius = sqrt(-2 * log(u1));
      double theta = SHINSO_DMUL(2 * 3.141592653589793, u2);
      out[0] = (float)SHINSO_DADD(p, SHINSO_DMUL(q, SHINSO_DMUL(radius, cos(theta))));
      out[1] = (float)SHINSO_DADD(p, SHINSO_DMUL(q, SHINSO_DMUL(radius, sin(theta))));
      break;
    }
    case RandomKind::INTEGER:
      out[0] = (float)(lo + (long long)(philox_join(r.w[0], r.w[1]) % span));
      out[1] = (float)(lo + (long long)(philox_join(r.w[2], r.w[3]) % span));
      break;
  }
}

// The int64 elements of counter c of an INTEGER fill: elements 2c and 2c + 1.
__host__ __device__ inline void philox_longs(unsigned long long seed, unsigned long long c, long long lo,
                                             unsigned long long span, long long out[2]) {
  PhiloxWords r = philox_block(seed, c);
  out[0] = lo + (long long)(philox_join(r.w[0], r.w[1]) % span);
  out[1] = lo + (long long)(philox_join(r.w[2], r.w[3]) % span);
}
