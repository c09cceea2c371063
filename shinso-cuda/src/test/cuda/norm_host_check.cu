// Runs norm.cuh, the code of the batch-norm kernels, on the host (NormHostCheckTest compiles it with
// nvcc and compares with the CPU backend). The per-channel sums run as one thread would (threads =
// 1): the device's tree of partial sums only reorders them. Floats travel as hexadecimal bits.
//   norm_host_check forward N C S EPS HASW HASB    stdin x [, weight] [, bias]   out y, mean, var
//   norm_host_check backward N C S EPS HASW        stdin gy, x [, weight]        out dx, Σdy·x̂, Σdy
// (backward takes the batch statistics it computes from x, as the forward saved them.)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "../../main/cuda/norm.cuh"

static std::vector<float> read_floats(long long n) {
  std::vector<float> v(n);
  for (long long i = 0; i < n; ++i) {
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

// As batch_norm_stats_f32 with one thread.
static void stats(const std::vector<float>& x, int n, int c, int s, std::vector<float>& mean, std::vector<float>& var) {
  double count = (double)n * s;
  for (int ch = 0; ch < c; ++ch) {
    mean[ch] = (float)(bn_partial_sum(x.data(), n, c, s, ch, 0, 1) / count);
    var[ch] = (float)(bn_partial_squares(x.data(), n, c, s, ch, mean[ch], 0, 1) / count);
  }
}

int main(int argc, char** argv) {
  if (argc < 7) return 2;
  bool forward = strcmp(argv[1], "forward") == 0;
  int n = atoi(argv[2]), c = atoi(argv[3]), s = atoi(argv[4]);
  float eps = strtof(argv[5], nullptr);
  bool hasW = atoi(argv[6]) != 0;
  long long total = (long long)n * c * s;
  std::vector<float> mean(c), var(c);
  if (forward && argc == 8) {
    bool hasB = atoi(argv[7]) != 0;
    std::vector<float> x = read_floats(total), w = hasW ? read_floats(c) : std::vector<float>(),
                       b = hasB ? read_floats(c) : std::vector<float>(), y(total);
    stats(x, n, c, s, mean, var);
    for (long long o = 0; o < total; ++o) {
      bn_apply_at(x.data(), mean.data(), var.data(), eps, hasW ? w.data() : nullptr, hasB ? b.data() : nullptr, c, s, o,
                  y.data());
    }
    print_floats(y);
    print_floats(mean);
    print_floats(var);
    return 0;
  }
  if (!forward && strcmp(argv[1], "backward") == 0 && argc == 7) {
    std::vector<float> gy = read_floats(total), x = read_floats(total), w = hasW ? read_floats(c) : std::vector<float>();
    stats(x, n, c, s, mean, var);
    std::vector<float> sumG(c), sumGxHat(c), dx(total);
    for (int ch = 0; ch < c; ++ch) {
      double g, gx;
      bn_partial_backward(gy.data(), x.data(), n, c, s, ch, mean[ch], bn_invstd(var[ch], eps), 0, 1, g, gx);
      sumG[ch] = (float)g;
      sumGxHat[ch] = (float)gx;
    }
    float inverseCount = 1.0f / ((float)n * s);
    for (long long o = 0; o < total; ++o) {
      bn_backward_at(gy.data(), x.data(), mean.data(), var.data(), eps, hasW ? w.data() : nullptr, sumG.data(),
                     sumGxHat.data(), inverseCount, c, s, o, dx.data());
    }
    print_floats(dx);
    print_floats(sumGxHat);
    print_floats(sumG);
    return 0;
  }
  fprintf(stderr, "norm_host_check: bad arguments\n");
  return 2;
}
