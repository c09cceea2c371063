// Runs philox.cuh, the code of the random kernels, on the host (a test helper: RandomHostCheckTest
// compiles it with nvcc, runs it and compares its output with the Java contract). Prints one
// hexadecimal value per line.
//   random_host_check kat C0 C1 C2 C3 K0 K1       the four words of Philox4x32-10 (hex arguments)
//   random_host_check floats KIND SEED OFFSET N P Q   a float32 fill's elements, as float bits
//   random_host_check longs SEED OFFSET N LO HI       an int64 INTEGER fill's elements
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "../../main/cuda/philox.cuh"

static unsigned hex32(const char* s) { return (unsigned)strtoul(s, nullptr, 16); }

int main(int argc, char** argv) {
  if (argc == 8 && strcmp(argv[1], "kat") == 0) {
    PhiloxWords w = philox4x32_10(hex32(argv[2]), hex32(argv[3]), hex32(argv[4]), hex32(argv[5]), hex32(argv[6]),
                                  hex32(argv[7]));
    for (int j = 0; j < 4; ++j) printf("%08x\n", w.w[j]);
    return 0;
  }
  if (argc == 8 && strcmp(argv[1], "floats") == 0) {
    int kind = atoi(argv[2]);
    unsigned long long seed = strtoull(argv[3], nullptr, 10), offset = strtoull(argv[4], nullptr, 10);
    int n = atoi(argv[5]);
    double p = strtod(argv[6], nullptr), q = strtod(argv[7], nullptr);
    long long lo = (long long)p;
    unsigned long long span = (unsigned long long)((long long)q - lo);
    int per = philox_per_counter(kind);
    for (int c = 0; c * per < n; ++c) {
      float v[4];
      philox_floats(kind, seed, offset + c, p, q, lo, span, v);
      for (int j = 0; j < per && c * per + j < n; ++j) {
        unsigned bits;
        memcpy(&bits, &v[j], 4);
        printf("%08x\n", bits);
      }
    }
    return 0;
  }
  if (argc == 7 && strcmp(argv[1], "longs") == 0) {
    unsigned long long seed = strtoull(argv[2], nullptr, 10), offset = strtoull(argv[3], nullptr, 10);
    int n = atoi(argv[4]);
    long long lo = strtoll(argv[5], nullptr, 10), hi = strtoll(argv[6], nullptr, 10);
    for (int c = 0; 2 * c < n; ++c) {
      long long v[2];
      philox_longs(seed, offset + c, lo, (unsigned long long)(hi - lo), v);
      for (int j = 0; j < 2 && 2 * c + j < n; ++j) printf("%016llx\n", (unsigned long long)v[j]);
    }
    return 0;
  }
  fprintf(stderr, "usage: random_host_check kat|floats|longs ...\n");
  return 2;
}
