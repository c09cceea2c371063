#!/usr/bin/env python3
"""PyTorch's times for the kernels shinso's ConvBench measures (the training CNN's two convolutions,
batch 64, 3x3, padding 1): forward with bias, input gradient, weight gradient (with the bias
gradient, which torch computes in the same call).

Prints one line per case:  torch conv2 threads=2 forward_ms=... backward_input_ms=... backward_weight_ms=...
Each figure is the median of --reps timed calls after --warmup untimed ones. torch 1.13 runs these
through oneDNN (MKL-DNN) when it was built with it; a '#' line says whether it was.
"""
import argparse
import statistics
import time

import torch
import torch.nn.functional as F

LAYERS = {"conv1": (1, 32, 28), "conv2": (32, 64, 14)}


def median_ms(fn, warmup, reps):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        fn()
        times.append((time.perf_counter_ns() - t0) / 1e6)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--layers", default="conv1,conv2")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--reps", type=int, default=50)
    args = ap.parse_args()
    print("# torch %s, mkldnn available: %s" % (torch.__version__, torch.backends.mkldnn.is_available()))
    g = torch.Generator().manual_seed(1)
    for name in args.layers.split(","):
        cin, cout, size = LAYERS[name]
        x = torch.randn(64, cin, size, size, generator=g)
        w = torch.randn(cout, cin, 3, 3, generator=g)
        b = torch.randn(cout, generator=g)
        gy = torch.randn(64, cout, size, size, generator=g)
        conv_backward = torch.ops.aten.convolution_backward

        def backward(mask):
            return conv_backward(gy, x, w, [cout], [1, 1], [1, 1], [1, 1], False, [0, 0], 1, mask)

        for t in args.threads.split(","):
            torch.set_num_threads(int(t))
            with torch.no_grad():
                fwd = median_ms(lambda: F.conv2d(x, w, b, padding=1), args.warmup, args.reps)
            bi = median_ms(lambda: backward([True, False, False]), args.warmup, args.reps)
            bw = median_ms(lambda: backward([False, True, True]), args.warmup, args.reps)
            print("torch %s threads=%s forward_ms=%.3f backward_input_ms=%.3f backward_weight_ms=%.3f"
                  % (name, t, fwd, bi, bw))


if __name__ == "__main__":
    main()
