#!/usr/bin/env python3
"""PyTorch's side of shinso-cuda's GPU benchmarks (GpuBench), on the same card, in the same format.

    python3 torch_bench.py sgemm add [mlp-epoch] [lm-step] [cnn-epoch:64] [resnet-epoch:128] [unet-step:128]

Each line reads "bench NAME key=value ..."; times are medians of the repetitions, with the
device synchronised around each, as GpuBench measures them.
"""
import statistics
import sys
import time

import torch

import torch_models

DEV = torch.device("cuda:0")
# shinso's TF32 is off unless asked (Shinso.allowTf32), for matmuls and convolutions alike; PyTorch's
# cuDNN convolutions allow TF32 by default. The same arithmetic on both sides:
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False


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


IMAGES, WARMUP = 60000, 20  # as ModelBench: the same warm-up on both sides


def fresh(seed):
    """Drops the previous benchmark's memory, seeds, and starts the peak over (as ModelBench)."""
    torch.cuda.empty_cache()
    torch.manual_seed(seed)
    return torch.Generator(device=DEV).manual_seed(seed)


def report(name, batch, timed, step, params):
    """As ModelBench.report: warm-up steps, then timed steps synchronised only around them."""
    for _ in range(WARMUP):
        step()
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    total = torch.zeros((), device=DEV)
    for _ in range(timed):
        total += step()
    s = total.item()  # waits for the device
    per = (time.perf_counter() - t0) / timed
    print(f"bench {name} batch={batch} steps_timed={timed} step_ms={per * 1e3:.3f} "
          f"epoch_s_est={per * (IMAGES // batch):.2f} peak_mib={torch.cuda.max_memory_allocated() / 2 ** 20:.1f} "
          f"mean_loss={s / timed:.4f} params={params}")


def image_model(model, batch, timed):
    g = fresh(5)
    x = torch.randn(IMAGES, 1, 28, 28, device=DEV, generator=g)
    y = torch.randint(0, 10, (IMAGES,), device=DEV, generator=g)
    torch.cuda.reset_peak_memory_stats()
    m = getattr(torch_models, model)().to(DEV)
    if model == "cnn":  # the recipes of dev.shinso.train.Recipe
        opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    else:
        opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
    per_epoch, state = IMAGES // batch, [0]

    def step():
        i = state[0] % per_epoch * batch
        state[0] += 1
        loss = torch.nn.functional.cross_entropy(m(x[i:i + batch]), y[i:i + batch])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss.detach()
    report(model + "-epoch", batch, timed, step, sum(p.numel() for p in m.parameters()))


def unet_step(batch, timed):
    g = fresh(6)
    x = torch.rand(IMAGES, 1, 28, 28, device=DEV, generator=g) * 2 - 1
    y = torch.randint(0, 10, (IMAGES,), device=DEV, generator=g)
    torch.cuda.reset_peak_memory_stats()
    net = torch_models.UNet().to(DEV)
    ddpm = torch_models.Ddpm(1000, DEV)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    per_epoch, state, noise = IMAGES // batch, [0], torch.Generator(device=DEV).manual_seed(7)

    def step():
        i = state[0] % per_epoch * batch
        state[0] += 1
        loss = ddpm.loss(net, x[i:i + batch], y[i:i + batch], 0.1, noise)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss.detach()
    report("unet-step", batch, timed, step, sum(p.numel() for p in net.parameters()))


def model_bench(spec):
    """"cnn-epoch:64" and the like: as ModelBench.run, the same steps timed."""
    name, _, batch = spec.partition(":")
    batch = int(batch or 64)
    if name == "cnn-epoch":
        image_model("cnn", batch, 200 if batch <= 64 else 60)
    elif name == "resnet-epoch":
        image_model("resnet", batch, 40)
    elif name == "unet-step":
        unet_step(batch, 20)
    else:
        raise SystemExit(f"torch_bench: unknown benchmark {spec}")


BENCHES = {"sgemm": sgemm, "add": add, "mlp-epoch": mlp_epoch, "lm-step": lm_step}

if __name__ == "__main__":
    print(f"# torch {torch.__version__} cuda {torch.version.cuda} on {torch.cuda.get_device_name(0)}")
    for name in sys.argv[1:] or ["sgemm", "add"]:
        if name in BENCHES:
            BENCHES[name]()
        else:
            model_bench(name)
        sys.stdout.flush()
