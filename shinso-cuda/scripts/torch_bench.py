#!/usr/bin/env python3
"""PyTorch's side of shinso-cuda's GPU benchmarks (GpuBench), on the same card, in the same format.

    python3 torch_bench.py sgemm add [mlp-epoch] [lm-step]

Each line reads "bench NAME key=value ..."; times are medians of the repetitions, with the
device synchronised around each, as GpuBench measures them.
"""
import statistics
import sys
import time

import torch

DEV = torch.device("cuda:0")


def median(reps, warmup, fn):
    times = []
    for i in range(-warmup, reps):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        if i >= 0:
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def sgemm(n=4096):
    g = torch.Generator(device=DEV).manual_seed(1)
    a = torch.randn(n, n, device=DEV, generator=g)
    b = torch.randn(n, n, device=DEV, generator=g)
    for tf32 in (False, True):
        torch.backends.cuda.matmul.allow_tf32 = tf32
        s = median(10, 3, lambda: torch.matmul(a, b))
        print(f"bench sgemm n={n} tf32={str(tf32).lower()} ms={s * 1e3:.3f} tflops={2.0 * n ** 3 / s / 1e12:.1f}")
    torch.backends.cuda.matmul.allow_tf32 = False


def add(n=1 << 28):
    g = torch.Generator(device=DEV).manual_seed(2)
    a = torch.randn(n, device=DEV, generator=g)
    b = torch.randn(n, device=DEV, generator=g)
    in_place = median(20, 3, lambda: a.add_(b))
    fresh = median(10, 2, lambda: a + b)
    nbytes = 3.0 * 4 * n
    print(f"bench add n={n} in_place_ms={in_place * 1e3:.3f} in_place_gbs={nbytes / in_place / 1e9:.0f} "
          f"out_of_place_ms={fresh * 1e3:.3f} out_of_place_gbs={nbytes / fresh / 1e9:.0f}")


def mlp_epoch():
    torch.manual_seed(3)
    x = torch.randn(60000, 1, 28, 28, device=DEV)
    y = torch.randint(0, 10, (60000,), device=DEV)
    m = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                            torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(DEV)
    opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
    for epoch in range(2):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        total = torch.zeros((), device=DEV)
        for i in range(0, 60000 - 63, 64):
            loss = torch.nn.functional.cross_entropy(m(x[i:i + 64]), y[i:i + 64])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.detach()
        s = total.item()
        print(f"bench mlp-epoch epoch={epoch} s={time.perf_counter() - t0:.3f} mean_loss={s / (60000 // 64):.4f}")


def lm_step():
    # Hook: the comparison needs shinso's TransformerLM written in PyTorch (pre-norm blocks, causal
    # multi-head attention, GELU MLP, tied output); until then the line says so.
    print("bench lm-step torch=not-written-yet")


BENCHES = {"sgemm": sgemm, "add": add, "mlp-epoch": mlp_epoch, "lm-step": lm_step}

if __name__ == "__main__":
    print(f"# torch {torch.__version__} cuda {torch.version.cuda} on {torch.cuda.get_device_name(0)}")
    for name in sys.argv[1:] or ["sgemm", "add"]:
        BENCHES[name]()
