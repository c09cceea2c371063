#!/usr/bin/env python3
"""PyTorch's side of compare_training.sh for the models timed per training step, the equivalents of
dev.shinso.bench.TrainSteps written for the benchmark:

  lm    shinso's TransformerLM (dev.shinso.text): token and learned position embeddings, 4 pre-norm blocks
        (LayerNorm, causal self-attention from one qkv Linear, LayerNorm, Linear-GELU-Linear), a final
        LayerNorm, logits through the token embedding's weight (tied). Init as shinso's: N(0, 0.02²), the
        residual projections (attn.proj, mlp.2) N(0, (0.02/√(2·layers))²), biases 0, LayerNorms 1 and 0.
        Attention is written out (matmul, causal mask, softmax, matmul): torch 1.13 has no fused attention.
        AdamW(lr 0.003, betas 0.9/0.95, weight decay 0.1 on the parameters of 2 or more dims, 0 on the rest),
        LinearLR warm-up over 100 steps then cosine to lr/10 over the remaining 2900 (SequentialLR), clip
        at norm 1; one step per batch of 32 windows of 128 characters.
  unet  shinso's diffusion UNet (dev.shinso.diffusion) at 16/32/32 channels, 8 groups, 10 classes (+ "no
        class"): sinusoidal timestep embedding -> Linear-SiLU-Linear, class embedding added, ResBlocks
        (GroupNorm, SiLU, conv3x3, + Linear(emb), GroupNorm, SiLU, conv3x3, + skip), stride-2 conv down,
        ConvTranspose2d(4, 2, 1) up, concatenated skips, GroupNorm-SiLU-conv out (zero-initialised).
        PyTorch's default initialisation elsewhere, which is shinso's. DDPM loss (T = 1000 linear):
        x_t = sqrt(abar_t)·x0 + sqrt(1 - abar_t)·eps, MSE of the predicted noise; Adam 2e-3, clip at norm 1,
        EMA of the weights with decay min(0.995, (1 + k)/(10 + k)) after every step; batch 128.

The batches come from the files TrainSteps --prepare writes (--prepared DIR: config.txt, and tokens.npy +
offsets.npy, or index.npy + t.npy + drop.npy): the same windows, images, timesteps and label drops as
shinso's trainers draw. The U-Net's noise is drawn here with torch.randn (the same amount of work), or,
with --noise, read from noise.npy (the equivalence check). Prints

  torch model=lm threads=2 batch=32 params=... startup_s=... data_s=... warmup_s=... first_step_s=... step_s=... rss_mb=...

step_s is the median of the timed steps (each timed alone, its loss read with .item()), mean_step_s their
mean, first_step_s the very first step, warmup_s the --warmup-steps untimed steps together; rss_mb the
peak resident set (ru_maxrss). --init FILE starts from shinso's initial weights (a safetensors file, read
with numpy); --losses K prints the first K losses; --compare-final FILE prints the largest difference
between the weights after the last step (and the U-Net's average, keys "ema.*") and those in FILE.
"""
import time

_t_start = time.perf_counter()
import argparse
import json
import math
import os
import resource
import statistics
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_matmul import set_blas_threads
from torch_train import load


def read_config(directory):
    out = {}
    with open(os.path.join(directory, "config.txt")) as f:
        for line in f:
            k, _, v = line.strip().partition("=")
            out[k] = v
    return out


def read_safetensors(path):
    """name -> numpy array; the format: 8-byte little-endian header length, JSON header, raw data."""
    with open(path, "rb") as f:
        blob = f.read()
    n = struct.unpack("<Q", blob[:8])[0]
    header = json.loads(blob[8:8 + n])
    header.pop("__metadata__", None)
    dtypes = {"F32": "<f4", "F64": "<f8", "I64": "<i8", "I32": "<i4"}
    out = {}
    for name, h in header.items():
        a, b = h["data_offsets"]
        out[name] = np.frombuffer(blob[8 + n + a:8 + n + b], dtype=dtypes[h["dtype"]]).reshape(h["shape"])
    return out


def load_init(net, path):
    """net with shinso's initial weights from path (all of them, by name), or as it is when path is None."""
    if path:
        weights = read_safetensors(path)
        net.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in weights.items()}, strict=True)
    return net


# ---------------------------------------------------------------- the language model

class CausalSelfAttention(nn.Module):
    def __init__(self, dim, heads, context):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.register_buffer("mask", torch.ones(context, context, dtype=torch.bool).triu(1), persistent=False)

    def forward(self, x):
        b, t, d = x.shape
        h = self.heads
        q, k, v = self.qkv(x).view(b, t, 3, h, d // h).permute(2, 0, 3, 1, 4)
        att = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(d // h))
        att = att.masked_fill(self.mask[:t, :t], float("-inf")).softmax(-1)
        return self.proj((att @ v).permute(0, 2, 1, 3).reshape(b, t, d))


class PositionalEmbedding(nn.Module):
    def __init__(self, max_length, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(max_length, dim))

    def forward(self, x):
        return x + self.weight[: x.shape[-2]]


class TransformerBlock(nn.Module):
    def __init__(self, dim, heads, context):
        super().__init__()
        self.ln1 = nn.LayerNorm(dim)
        self.attn = CausalSelfAttention(dim, heads, context)
        self.ln2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class TransformerLM(nn.Module):
    def __init__(self, vocab, layers, heads, dim, context):
        super().__init__()
        self.wte = nn.Embedding(vocab, dim)
        self.wpe = PositionalEmbedding(context, dim)
        self.blocks = nn.ModuleList([TransformerBlock(dim, heads, context) for _ in range(layers)])
        self.lnF = nn.LayerNorm(dim)
        residual_std = 0.02 / math.sqrt(2.0 * layers)
        with torch.no_grad():  # TransformerLM.initWeights
            for name, p in self.named_parameters():
                if name.startswith("lnF") or ".ln" in name:
                    continue
                if name.endswith(".bias"):
                    p.zero_()
                elif name.endswith("attn.proj.weight") or name.endswith("mlp.2.weight"):
                    p.normal_(0, residual_std)
                else:
                    p.normal_(0, 0.02)

    def forward(self, idx):
        x = self.wpe(self.wte(idx))
        for block in self.blocks:
            x = block(x)
        return F.linear(self.lnF(x), self.wte.weight)


def lm_workload(a, c):
    vocab, layers, heads, dim, context = (int(c[k]) for k in ("vocab", "layers", "heads", "dim", "context"))
    t0 = time.perf_counter()
    tokens = torch.from_numpy(np.load(os.path.join(a.prepared, "tokens.npy")).astype(np.int64))
    offsets = torch.from_numpy(np.load(os.path.join(a.prepared, "offsets.npy")).astype(np.int64))
    data_s = time.perf_counter() - t0
    net = load_init(TransformerLM(vocab, layers, heads, dim, context), a.init)
    lr, warmup, total = float(c["lr"]), int(c["warmup"]), int(c["total_steps"])
    decay = [p for p in net.parameters() if p.dim() >= 2]
    no_decay = [p for p in net.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay}, {"params": no_decay, "weight_decay": 0.0}], lr=lr, betas=(0.9, 0.95),
                            weight_decay=float(c["weight_decay"]))
    warmup = min(warmup, total - 1)
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, max(1, total - warmup), eta_min=lr / 10)
    sched = cosine if warmup == 0 else torch.optim.lr_scheduler.SequentialLR(
        opt, [torch.optim.lr_scheduler.LinearLR(opt, 1.0 / warmup, 1.0, warmup), cosine], [warmup])
    params = list(net.parameters())
    window = torch.arange(context)
    state = {"step": 0}

    def step():
        rows = offsets[state["step"]][:, None] + window
        x, y = tokens[rows], tokens[rows + 1]
        net.train()
        logits = net(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        state["step"] += 1
        return loss.item()

    return net, step, lambda: dict(net.state_dict()), data_s


# ---------------------------------------------------------------- the diffusion U-Net

class SinusoidalEmbedding(nn.Module):
    """[B] -> [B, dim]: sin(t·f_i) for i < dim/2, then cos(t·f_i), f_i = max_period^(-i/(dim/2)) (float32, as shinso)."""

    def __init__(self, dim, max_period=10000.0):
        super().__init__()
        half = dim // 2
        freqs = torch.tensor([math.exp(-math.log(max_period) * k / half) for k in range(half)], dtype=torch.float32)
        self.register_buffer("freqs", freqs, persistent=False)

    def forward(self, t):
        a = t.float()[:, None] * self.freqs[None, :]
        return torch.cat([a.sin(), a.cos()], dim=1)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, emb_dim, groups):
        super().__init__()
        self.norm1 = nn.GroupNorm(min(groups, cin), cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, 1, 1)
        self.embProj = nn.Linear(emb_dim, cout)
        self.norm2 = nn.GroupNorm(min(groups, cout), cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1)
        self.skip = nn.Identity() if cin == cout else nn.Conv2d(cin, cout, 1)

    def forward(self, x, emb):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.embProj(emb)[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return self.skip(x) + h


class UNet(nn.Module):
    def __init__(self, base, mult, groups, classes, channels=1, size=28):
        super().__init__()
        emb = 4 * base
        ch = [base * m for m in mult]
        sizes = [size]
        for _ in mult[1:]:
            sizes.append((sizes[-1] + 1) // 2)
        self.classes = classes
        self.timeMlp = nn.Sequential(SinusoidalEmbedding(base), nn.Linear(base, emb), nn.SiLU(), nn.Linear(emb, emb))
        self.classEmbed = nn.Embedding(classes + 1, emb)
        self.inConv = nn.Conv2d(channels, ch[0], 3, 1, 1)
        self.down = nn.ModuleList([ResBlock(ch[0] if i == 0 else ch[i - 1], ch[i], emb, groups) for i in range(len(ch))])
        self.downsample = nn.ModuleList([nn.Conv2d(ch[i], ch[i], 3, 2, 1) for i in range(len(ch) - 1)])
        self.mid = ResBlock(ch[-1], ch[-1], emb, groups)
        self.upsample = nn.ModuleList([nn.ConvTranspose2d(ch[i + 1], ch[i], 3 if sizes[i] % 2 else 4, 2, 1)
                                       for i in range(len(ch) - 1)])
        self.up = nn.ModuleList([ResBlock(2 * ch[i], ch[i], emb, groups) for i in range(len(ch))])
        self.outNorm = nn.GroupNorm(min(groups, ch[0]), ch[0])
        self.outConv = nn.Conv2d(ch[0], channels, 3, 1, 1)
        with torch.no_grad():
            self.outConv.weight.zero_()
            self.outConv.bias.zero_()

    def forward(self, x, t, y):
        e = F.silu(self.timeMlp(t) + self.classEmbed(y))
        h = self.inConv(x)
        skips = []
        for i, block in enumerate(self.down):
            h = block(h, e)
            skips.append(h)
            if i < len(self.down) - 1:
                h = self.downsample[i](h)
        h = self.mid(h, e)
        for i in range(len(self.up) - 1, -1, -1):
            if i < len(self.up) - 1:
                h = self.upsample[i](h)
            h = self.up[i](torch.cat([h, skips[i]], 1), e)
        return self.outConv(F.silu(self.outNorm(h)))


def unet_workload(a, c):
    t0 = time.perf_counter()
    x_train, y_train = load(a.data, "train")
    images = x_train * 2 - 1  # DdpmTrainer: [0, 1] to [-1, 1]
    index = torch.from_numpy(np.load(os.path.join(a.prepared, "index.npy")).astype(np.int64))
    ts = torch.from_numpy(np.load(os.path.join(a.prepared, "t.npy")).astype(np.int64))
    drop = torch.from_numpy(np.load(os.path.join(a.prepared, "drop.npy")) != 0)
    noise = torch.from_numpy(np.load(os.path.join(a.prepared, "noise.npy"))) if a.noise else None
    data_s = time.perf_counter() - t0
    classes, steps_t = int(c["classes"]), int(c["timesteps"])
    net = load_init(UNet(int(c["base_channels"]), [int(m) for m in c["channel_mult"].split(",")], int(c["groups"]),
                         classes), a.init)
    # NoiseSchedule.linear in double, √ᾱ and √(1 − ᾱ) rounded to float as Ddpm.loss does
    betas = np.array([1e-4 + (0.02 - 1e-4) * t / max(1, steps_t - 1) for t in range(steps_t)])
    abar = np.cumprod(1 - betas)
    sqrt_ab = torch.from_numpy(np.sqrt(abar).astype(np.float32))
    sqrt_1mab = torch.from_numpy(np.sqrt(1 - abar).astype(np.float32))
    params = list(net.parameters())
    opt = torch.optim.Adam(params, lr=float(c["lr"]))
    ema_decay = float(c["ema"])
    shadow = [p.detach().clone() for p in params]  # the state dict is the parameters: no buffers
    state = {"step": 0}
    no_class = torch.tensor(classes)

    def step():
        s = state["step"]
        idx, t = index[s], ts[s]
        x0, y = images[idx], y_train[idx]
        eps = noise[s] if noise is not None else torch.randn(x0.shape)
        xt = x0 * sqrt_ab[t].view(-1, 1, 1, 1) + eps * sqrt_1mab[t].view(-1, 1, 1, 1)
        y = torch.where(drop[s], no_class, y)
        net.train()
        loss = F.mse_loss(net(xt, t, y), eps)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        d = min(ema_decay, (1.0 + s) / (10.0 + s))  # Ema.update
        with torch.no_grad():
            torch._foreach_mul_(shadow, d)
            torch._foreach_add_(shadow, [p.detach() for p in params], alpha=1 - d)
        state["step"] += 1
        return loss.item()

    def final():
        out = dict(net.state_dict())
        out.update({"ema." + name: v for (name, _), v in zip(net.named_parameters(), shadow)})
        return out

    return net, step, final, data_s


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True, choices=["lm", "unet"])
    p.add_argument("--prepared", required=True)
    p.add_argument("--data", help="the Fashion-MNIST folder (unet)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--blas-threads", type=int, default=1)
    p.add_argument("--warmup-steps", type=int, default=5)
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--init")
    p.add_argument("--noise", action="store_true")
    p.add_argument("--losses", type=int, default=0)
    p.add_argument("--compare-final")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    set_blas_threads(a.blas_threads)
    torch.manual_seed(0)
    startup = time.perf_counter() - _t_start
    c = read_config(a.prepared)
    total = a.warmup_steps + a.steps
    if total > int(c["steps"]):
        raise SystemExit(f"torch_steps: {a.prepared} holds {c['steps']} steps' batches, {total} asked for")
    net, step, final, data_s = (lm_workload if a.model == "lm" else unet_workload)(a, c)
    params = sum(q.numel() for q in net.parameters())
    if params != int(c["params"]):
        raise SystemExit(f"torch_steps: {params} parameters, shinso's model has {c['params']}")
    times, losses = [], []
    for _ in range(total):
        t = time.perf_counter()
        losses.append(step())
        times.append(time.perf_counter() - t)
    timed = times[a.warmup_steps:]
    extra = ""
    if a.losses:
        extra += " losses=" + ",".join(f"{x:.6f}" for x in losses[:a.losses])
    if a.compare_final:
        ref = read_safetensors(a.compare_final)
        mine = final()
        if set(ref) != set(mine):
            raise SystemExit(f"torch_steps: keys differ: {sorted(set(ref) ^ set(mine))}")
        diffs = {k: float(np.abs(mine[k].detach().numpy() - ref[k]).max()) for k in ref}
        worst = max(diffs, key=diffs.get)
        extra += f" final_max_abs_diff={diffs[worst]:.3g} worst={worst}"
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"torch model={a.model} threads={a.threads} blas_threads={a.blas_threads} batch={c['batch']} params={params}"
          f" startup_s={startup:.2f} data_s={data_s:.2f} warmup_steps={a.warmup_steps}"
          f" warmup_s={sum(times[:a.warmup_steps]):.2f} first_step_s={times[0]:.3f} steps={a.steps}"
          f" step_s={statistics.median(timed):.4f} mean_step_s={sum(timed) / len(timed):.4f}"
          f" min_step_s={min(timed):.4f} loss_first={losses[0]:.4f} loss_last={losses[-1]:.4f}{extra}"
          f" rss_mb={rss_mb:.0f}")


if __name__ == "__main__":
    main()
