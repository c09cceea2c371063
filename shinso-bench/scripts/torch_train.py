#!/usr/bin/env python3
"""PyTorch's side of compare_training.sh: the same model, optimiser, batches and threads as
dev.shinso.bench.TrainEpoch, one epoch on Fashion-MNIST. Prints

  torch model=cnn threads=2 startup_s=... data_s=... warmup_s=... epoch_s=... infer_img_s=... test_acc=... rss_mb=...

epoch_s is the training loop alone (with loss.item() and the accuracy count per batch, as shinso's
Trainer does); data_s is reading the IDX files; warmup_s is training a throwaway copy of the model
on the first --warmup-steps batches first, as the shinso side does (its JIT compiles then);
steady_epoch_s (with --epochs N > 1) is the median of epochs 2..N, trained on in the same order;
infer_img_s is test images per second at batch 1000 under no_grad in eval mode; rss_mb is the peak
resident set (ru_maxrss). For the cold run, first_epoch_end_ms is the wall clock (Unix ms) when the
first epoch ended, so that the script can time process start to there. --latency N prints latency_ms,
the median forward of one test image under no_grad in eval mode over N images (after N untimed ones),
the figure of serving one request at a time. Threads: torch.set_num_threads(--threads) for torch's own kernels
(oneDNN convolutions, elementwise ops), and --blas-threads (default 1) for OpenBLAS, set through
torch_matmul.set_blas_threads since torch does not pass its count on to a BLAS it does not know.
One BLAS thread is PyTorch's fastest setting here: with 2, OpenBLAS's spinning threads fight
torch's OpenMP threads for the two cores (measured: CNN 82-90 against 45 ms per step, MLP 2.2
against 1.1 ms).
"""
import time

_t_start = time.perf_counter()
import argparse
import statistics
import gzip
import os
import resource

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_matmul import set_blas_threads


def idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load(data, split):
    x = idx(os.path.join(data, f"{split}-images-idx3-ubyte.gz"), 16).reshape(-1, 1, 28, 28)
    y = idx(os.path.join(data, f"{split}-labels-idx1-ubyte.gz"), 8)
    return torch.from_numpy(x.astype(np.float32) / 255.0), torch.from_numpy(y.astype(np.int64))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


def model(name):
    """The reference models of dev.shinso.models.Models."""
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                             nn.Linear(128, 10))
    if name == "cnn":
        return nn.Sequential(nn.Conv2d(1, 32, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(32, 64, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
    if name == "resnet":
        stage = lambda cin, cout, s: nn.Sequential(BasicBlock(cin, cout, s), BasicBlock(cout, cout, 1))
        return nn.Sequential(nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
                             stage(16, 16, 1), stage(16, 32, 2), stage(32, 64, 2),
                             nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))
    raise SystemExit(f"torch_train: unknown model {name!r}; valid: mlp, cnn, resnet")


def optimiser(name, params):
    """The optimisers of dev.shinso.train.Recipe (schedules and augmentation left out on both sides)."""
    if name == "mlp":
        return torch.optim.SGD(params, lr=0.1, momentum=0.9)
    if name == "cnn":
        return torch.optim.Adam(params, lr=1e-3)
    return torch.optim.SGD(params, lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)


def train_epoch(net, opt, x_train, y_train, order, batch):
    """One epoch in the given order; returns (seconds, loss sum, images)."""
    net.train()
    t = time.perf_counter()
    loss_sum, images = 0.0, 0
    for i in range(0, order.numel(), batch):
        idx = order[i:i + batch]
        x, y = x_train[idx], y_train[idx]
        logits = net(x)
        loss = F.cross_entropy(logits, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        loss_sum += loss.item() * y.numel()
        images += y.numel()
        (logits.detach().argmax(1) == y).sum().item()
    return time.perf_counter() - t, loss_sum, images


def batch1_latency_ms(net, x_test, n):
    """Median ms of one image's forward (eval mode, no_grad) over n test images, after n untimed ones."""
    net.eval()
    ms = []
    with torch.no_grad():
        for i in range(2 * n):
            x = x_test[i % x_test.shape[0]:i % x_test.shape[0] + 1]
            t = time.perf_counter()
            net(x)
            if i >= n:
                ms.append((time.perf_counter() - t) * 1e3)
    return statistics.median(ms)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="cnn")
    p.add_argument("--data", required=True)
    p.add_argument("--order", required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--warmup-steps", type=int, default=200)
    p.add_argument("--blas-threads", type=int, default=1)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--latency", type=int, default=0)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    set_blas_threads(a.blas_threads)
    torch.manual_seed(0)
    startup = time.perf_counter() - _t_start

    t0 = time.perf_counter()
    x_train, y_train = load(a.data, "train")
    x_test, y_test = load(a.data, "t10k")
    order = torch.from_numpy(np.fromfile(a.order, dtype="<i4").astype(np.int64))
    if order.numel() != x_train.shape[0]:
        raise SystemExit(f"torch_train: {a.order} holds {order.numel()} indices, expected {x_train.shape[0]}")
    data_s = time.perf_counter() - t0

    warmup_s = 0.0
    if a.warmup_steps > 0:
        throwaway = model(a.model)
        warmup_s, _, _ = train_epoch(throwaway, optimiser(a.model, throwaway.parameters()), x_train, y_train,
                                     order[:a.warmup_steps * a.batch], a.batch)
    torch.manual_seed(0)
    net = model(a.model)
    opt = optimiser(a.model, net.parameters())
    epoch_s, loss_sum, images = train_epoch(net, opt, x_train, y_train, order, a.batch)
    first_epoch_end_ms = int(time.time() * 1000)
    # Further epochs (same order): their median is the steady epoch time, warm in every cache.
    more = [train_epoch(net, opt, x_train, y_train, order, a.batch)[0] for _ in range(a.epochs - 1)]
    steady = f" steady_epoch_s={statistics.median(more):.3f}" if more else ""

    net.eval()
    t2 = time.perf_counter()
    correct = 0
    with torch.no_grad():
        for i in range(0, x_test.shape[0], 1000):
            correct += (net(x_test[i:i + 1000]).argmax(1) == y_test[i:i + 1000]).sum().item()
    infer_s = time.perf_counter() - t2
    latency = f" latency_ms={batch1_latency_ms(net, x_test, a.latency):.3f}" if a.latency > 0 else ""
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"torch model={a.model} threads={a.threads} blas_threads={a.blas_threads} batch={a.batch}"
          f" startup_s={startup:.2f} data_s={data_s:.2f} warmup_s={warmup_s:.2f} epoch_s={epoch_s:.3f}{steady}"
          f" first_epoch_end_ms={first_epoch_end_ms} train_loss={loss_sum / images:.4f}"
          f" infer_img_s={x_test.shape[0] / infer_s:.0f}{latency}"
          f" test_acc={correct / x_test.shape[0]:.4f} rss_mb={rss_mb:.0f}")


if __name__ == "__main__":
    main()
