"""shinso's reference models written in PyTorch, layer for layer, for torch_bench.py's comparisons.

The CNN and the ResNet as dev.shinso.models.Models builds them; the diffusion U-Net as
dev.shinso.diffusion.UNet and ResBlock (the CLI's defaults: base 32, channels x1 x2, 8 groups,
10 classes), with Ddpm.loss's training objective. Parameter counts are printed by the benchmark,
so a mismatch with shinso's shows in the logs.
"""
import math

import torch
from torch import nn
import torch.nn.functional as F


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = (nn.Sequential(nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout))
                           if stride != 1 or cin != cout else None)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + (x if self.downsample is None else self.downsample(x)))


def resnet():
    def stage(cin, cout, stride):
        return nn.Sequential(BasicBlock(cin, cout, stride), BasicBlock(cout, cout, 1))
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
        stage(16, 16, 1), stage(16, 32, 2), stage(32, 64, 2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))


class Sinusoidal(nn.Module):
    def __init__(self, dim, max_period=10000.0):
        super().__init__()
        half = dim // 2
        self.register_buffer("freq", torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32) / half),
                             persistent=False)

    def forward(self, t):
        angles = t.float()[:, None] * self.freq[None, :]
        return torch.cat([angles.sin(), angles.cos()], 1)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, emb_dim, groups):
        super().__init__()
        self.norm1 = nn.GroupNorm(min(groups, cin), cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, 1, 1)
        self.emb_proj = nn.Linear(emb_dim, cout)
        self.norm2 = nn.GroupNorm(min(groups, cout), cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1)
        self.skip = nn.Identity() if cin == cout else nn.Conv2d(cin, cout, 1)

    def forward(self, x, emb):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.emb_proj(emb)[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return self.skip(x) + h


class UNet(nn.Module):
    def __init__(self, image_size=28, base=32, mult=(1, 2), groups=8, classes=10):
        super().__init__()
        emb = 4 * base
        ch = [base * m for m in mult]
        sizes = [image_size]
        for _ in mult[1:]:
            sizes.append((sizes[-1] + 1) // 2)
        self.classes = classes
        self.time_mlp = nn.Sequential(Sinusoidal(base), nn.Linear(base, emb), nn.SiLU(), nn.Linear(emb, emb))
        self.class_embed = nn.Embedding(classes + 1, emb)
        self.in_conv = nn.Conv2d(1, ch[0], 3, 1, 1)
        self.down = nn.ModuleList(ResBlock(ch[0] if i == 0 else ch[i - 1], ch[i], emb, groups) for i in range(len(ch)))
        self.downsample = nn.ModuleList(nn.Conv2d(ch[i], ch[i], 3, 2, 1) for i in range(len(ch) - 1))
        self.mid = ResBlock(ch[-1], ch[-1], emb, groups)
        self.upsample = nn.ModuleList(nn.ConvTranspose2d(ch[i + 1], ch[i], 3 if sizes[i] % 2 else 4, 2, 1)
                                      for i in range(len(ch) - 1))
        self.up = nn.ModuleList(ResBlock(2 * ch[i], ch[i], emb, groups) for i in range(len(ch)))
        self.out_norm = nn.GroupNorm(min(groups, ch[0]), ch[0])
        self.out_conv = nn.Conv2d(ch[0], 1, 3, 1, 1)
        nn.init.zeros_(self.out_conv.weight)
        nn.init.zeros_(self.out_conv.bias)

    def forward(self, x, t, y):
        e = F.silu(self.time_mlp(t) + self.class_embed(y))
        h = self.in_conv(x)
        skips = []
        for i, block in enumerate(self.down):
            h = block(h, e)
            skips.append(h)
            if i < len(self.down) - 1:
                h = self.downsample[i](h)
        h = self.mid(h, e)
        for i in reversed(range(len(self.up))):
            if i < len(self.up) - 1:
                h = self.upsample[i](h)
            h = self.up[i](torch.cat([h, skips[i]], 1), e)
        return self.out_conv(F.silu(self.out_norm(h)))


class Ddpm:
    """Linear beta schedule (1e-4 to 0.02), epsilon prediction, labels dropped with p_uncond."""

    def __init__(self, steps, device):
        self.steps = steps
        betas = torch.linspace(1e-4, 0.02, steps, dtype=torch.float64)
        self.alpha_bar = torch.cumprod(1 - betas, 0).float().to(device)

    def loss(self, net, x0, labels, p_uncond, gen):
        n = x0.shape[0]
        t = torch.randint(0, self.steps, (n,), device=x0.device, generator=gen)
        ab = self.alpha_bar[t][:, None, None, None]
        noise = torch.randn(x0.shape, device=x0.device, generator=gen)
        xt = ab.sqrt() * x0 + (1 - ab).sqrt() * noise
        dropped = torch.rand(n, device=x0.device, generator=gen) < p_uncond
        y = torch.where(dropped, torch.full_like(labels, net.classes), labels)
        return F.mse_loss(net(xt, t, y), noise)
