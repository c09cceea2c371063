#!/usr/bin/env python3
"""PyTorch's float32 matmul throughput, the reference for `./shinso bench matmul`.

Prints one line per case:  torch matmul n=1024 threads=2 gflops=123.4
Same method as shinso's: warm up by work done, then time --reps repetitions of about
--rep-flops each and report the MEDIAN.  C = A @ B with n x n float32 matrices (2 n^3 flops),
written into a preallocated output (torch.mm(..., out=c)).

Debian's torch 1.13 calls whatever libblas.so.3 the dynamic loader finds (BLAS_INFO=generic):
the reference netlib BLAS unless OpenBLAS is installed and selected.  torch.set_num_threads does
not reach OpenBLAS then, so this script also calls openblas_set_num_threads when the loaded BLAS
has it.  The BLAS in use is printed on a '#' line first.
"""
import argparse
import ctypes
import statistics
import time

import torch


def loaded_blas():
    """Path of the BLAS library mapped into this process (after torch has loaded it)."""
    with open("/proc/self/maps") as f:
        paths = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
    return sorted(paths)


def set_blas_threads(threads):
    """Tells OpenBLAS (if that is the BLAS torch uses) how many threads to run; returns whether it could."""
    for path in loaded_blas():
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_set_num_threads(ctypes.c_int(threads))
            return True
        except (OSError, AttributeError):
            continue
    return False


def measure(n, threads, reps, warmup_flops, rep_flops):
    torch.set_num_threads(threads)
    set_blas_threads(threads)
    g = torch.Generator().manual_seed(0)
    a = torch.rand(n, n, generator=g) * 2 - 1
    b = torch.rand(n, n, generator=g) * 2 - 1
    c = torch.empty(n, n)
    flops = 2.0 * n ** 3
    for _ in range(max(2, int(warmup_flops / flops + 0.999))):
        torch.mm(a, b, out=c)
    per_rep = max(1, int(rep_flops / flops + 0.999))
    gflops = []
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        for _ in range(per_rep):
            torch.mm(a, b, out=c)
        gflops.append(flops * per_rep / (time.perf_counter_ns() - t0))
    return statistics.median(gflops)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="256,512,1024,2048")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--reps", type=int, default=7, help="timed repetitions; the median is printed")
    p.add_argument("--warmup-flops", type=float, default=1e10)
    p.add_argument("--rep-flops", type=float, default=4e9)
    args = p.parse_args()
    torch.mm(torch.ones(8, 8), torch.ones(8, 8))  # loads the BLAS
    print(f"# torch {torch.__version__} blas={','.join(loaded_blas()) or 'built-in'}", flush=True)
    for n in [int(s) for s in args.sizes.split(",")]:
        for t in [int(s) for s in args.threads.split(",")]:
            g = measure(n, t, args.reps, args.warmup_flops, args.rep_flops)
            print(f"torch matmul n={n} threads={t} gflops={g:.1f}", flush=True)


if __name__ == "__main__":
    main()
