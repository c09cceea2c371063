// Runs pool.cuh, the code of the pooling kernels, on the host (PoolHostCheckTest compiles it with
// nvcc and compares its output with the CPU backend's, bit for bit). Floats travel as hexadecimal
// bits, one per line; indices as decimal.
//   pool_host_check max PLANES H W OH OW KH KW SH SW PH PW DH DW        stdin x;        out y, then indices
//   pool_host_check maxback PLANES H W OH OW                             stdin gy, idx;  out dx
//   pool_host_check avg|avgback PAD PLANES H W OH OW KH KW SH SW PH PW   stdin x | gy;   out y | dx
//   pool_host_check adaptive|adaptiveback PLANES H W OH OW               stdin x | gy;   out y | dx
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "../../main/cuda/pool.cuh"

static std::vector<float> read_floats(int n) {
  std::vector<float> v(n);
  for (int i = 0; i < n; ++i) {
    unsigned bits;
    if (scanf("%x", &bits) != 1) exit(3);
    memcpy(&v[i], &bits, 4);
  }
  return v;
}

static void print_floats(const std::vector<float>& v) {
  for (float f : v) {
    unsigned bits;
    memcpy(&bits, &f, 4);
    printf("%08x\n", bits);
  }
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const char* mode = argv[1];
  std::vector<int> a;
  for (int i = 2; i < argc; ++i) a.push_back(atoi(argv[i]));
  if (strcmp(mode, "max") == 0 && a.size() == 13) {
    PoolGeom g = {a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12]};
    int n = a[0] * g.oh * g.ow;
    std::vector<float> x = read_floats(a[0] * g.h * g.w), y(n);
    std::vector<long long> idx(n);
    for (int o = 0; o < n; ++o) max_pool_at(x.data(), g, o, y.data(), idx.data());
    print_floats(y);
    for (long long i : idx) printf("%lld\n", i);
    return 0;
  }
  if (strcmp(mode, "maxback") == 0 && a.size() == 5) {
    int n = a[0] * a[3] * a[4];
    std::vector<float> gy = read_floats(n), dx(a[0] * a[1] * a[2], 0.0f);
    std::vector<long long> idx(n);
    for (int j = 0; j < n; ++j) {
      if (scanf("%lld", &idx[j]) != 1) return 3;
    }
    for (int j = 0; j < n; ++j) max_pool_back_at(gy.data(), idx.data(), a[1] * a[2], a[3] * a[4], j, dx.data());
    print_floats(dx);
    return 0;
  }
  bool avg = strcmp(mode, "avg") == 0, avgback = strcmp(mode, "avgback") == 0;
  if ((avg || avgback) && a.size() == 12) {
    PoolGeom g = {a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], 1, 1};
    int n = a[1] * g.oh * g.ow, in = a[1] * g.h * g.w;
    std::vector<float> src = read_floats(avg ? in : n), dst(avg ? n : in, 0.0f);
    for (int o = 0; o < n; ++o) {
      if (avg) avg_pool_at(src.data(), g, a[0] != 0, o, dst.data());
      else avg_pool_back_at(src.data(), g, a[0] != 0, o, dst.data());
    }
    print_floats(dst);
    return 0;
  }
  bool ad = strcmp(mode, "adaptive") == 0, adback = strcmp(mode, "adaptiveback") == 0;
  if ((ad || adback) && a.size() == 5) {
    int n = a[0] * a[3] * a[4], in = a[0] * a[1] * a[2];
    std::vector<float> src = read_floats(ad ? in : n), dst(ad ? n : in, 0.0f);
    for (int o = 0; o < n; ++o) {
      if (ad) adaptive_avg_at(src.data(), a[1], a[2], a[3], a[4], o, dst.data());
      else adaptive_avg_back_at(src.data(), a[1], a[2], a[3], a[4], o, dst.data());
    }
    print_floats(dst);
    return 0;
  }
  fprintf(stderr, "pool_host_check: bad arguments\n");
  return 2;
}
