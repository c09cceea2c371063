#!/usr/bin/env python3
"""PyTorch reference values for the layers of shinso's diffusion U-Net.

Run from the repository root with PyTorch 1.13 (Debian's python3-torch):
    /usr/bin/python3 shinso-core/src/test/python/generate_diffusion_reference.py
It writes shinso-core/src/test/resources/reference/nn_diffusion_layers.json in the layout of
generate_nn_reference.py (name, module, config, train, inputs, state, output, probe, grads, state_after; read
by the Java tests' ReferenceCases): GroupNorm, SiLU, Upsample (nearest), ConvTranspose2d and the
sinusoidal timestep embedding, which PyTorch has no module for, so it is written out below as diffusion
models define it. Each case also records the module's repr. Uses only the standard library's json and torch;
the seed is fixed, so re-running writes the same file.
"""
import math

import torch
import torch.nn as nn

from generate_nn_reference import case
from reference_io import randn, write_json


class SinusoidalEmbedding(nn.Module):
    """[B] -> [B, dim]: sin(t * f_i) for i < dim/2, then cos(t * f_i), with f_i = max_period ** (-i / (dim/2))."""

    def __init__(self, dim, max_period=10000.0):
        super().__init__()
        self.dim, self.max_period = dim, max_period

    def forward(self, t):
        half = self.dim // 2
        freqs = torch.exp(-math.log(self.max_period) * torch.arange(half, dtype=torch.float64) / half)
        a = t.double()[:, None] * freqs[None, :]
        return torch.cat([torch.sin(a), torch.cos(a)], dim=1).float()


def with_repr(c, module):
    c["repr"] = repr(module)
    return c


def groupnorm_cases():
    out = []
    for name, groups, channels, shape, affine in [
        ("groupnorm_2_of_4_channels", 2, 4, (2, 4, 3, 3), True),
        ("groupnorm_1_group_1d", 1, 3, (2, 3, 5), True),
        ("groupnorm_per_channel_no_affine", 6, 6, (1, 6, 2, 2), False),
    ]:
        m = nn.GroupNorm(groups, channels, affine=affine)
        override = {"weight": randn(channels), "bias": randn(channels)} if affine else None
        out.append(with_repr(case(name, m, {"num_groups": groups, "num_channels": channels, "affine": affine},
                                  {"input": randn(*shape) * 2 + 0.5}, state_override=override), m))
    return out


def silu_cases():
    m = nn.SiLU()
    return [with_repr(case("silu", m, {}, {"input": randn(3, 4) * 3}), m)]


def upsample_cases():
    out = []
    for name, scale, shape in [("upsample_nearest_x2", 2, (2, 3, 4, 5)), ("upsample_nearest_x3_unbatched", 3, (2, 2, 3))]:
        m = nn.Upsample(scale_factor=scale, mode="nearest")
        x = randn(*shape)
        if len(shape) == 3:  # torch 1.13's interpolate wants a batch dim; shinso also takes [C, H, W]
            c = case(name, m, {"scale_factor": scale}, {"input": x.unsqueeze(0)})
            for key in ("input",):
                c["inputs"][key]["shape"] = list(shape)
            c["output"]["shape"] = c["output"]["shape"][1:]
            c["probe"]["shape"] = c["probe"]["shape"][1:]
            c["grads"]["input"]["shape"] = list(shape)
            out.append(with_repr(c, m))
        else:
            out.append(with_repr(case(name, m, {"scale_factor": scale}, {"input": x}), m))
    return out


def conv_transpose_cases():
    out = []
    for name, args, shape in [
        ("convtranspose_3x3", dict(in_channels=4, out_channels=3, kernel_size=3), (2, 4, 5, 5)),
        ("convtranspose_k4_s2_p1_doubles", dict(in_channels=4, out_channels=6, kernel_size=4, stride=2, padding=1),
         (1, 4, 4, 4)),
        ("convtranspose_output_padding", dict(in_channels=3, out_channels=2, kernel_size=3, stride=2, padding=1,
                                              output_padding=1), (1, 3, 4, 5)),
        ("convtranspose_groups_dilation_no_bias", dict(in_channels=4, out_channels=6, kernel_size=(2, 3), stride=(1, 2),
                                                       dilation=2, groups=2, bias=False), (2, 4, 3, 4)),
    ]:
        m = nn.ConvTranspose2d(**args)
        cfg = {k: (list(v) if isinstance(v, tuple) else v) for k, v in args.items()}
        out.append(with_repr(case(name, m, cfg, {"input": randn(*shape)}), m))
    return out


def embedding_cases():
    out = []
    for name, dim, t in [("sinusoidal_dim8", 8, torch.tensor([0.0, 1.0, 17.0, 999.0])),
                         ("sinusoidal_dim6_fractional", 6, torch.tensor([0.5, 3.25, 250.0]))]:
        m = SinusoidalEmbedding(dim)
        c = case(name, m, {"dim": dim, "max_period": 10000.0}, {"input": t})
        c["repr"] = "SinusoidalEmbedding(dim=%d, max_period=10000.0)" % dim
        out.append(c)
    return out


def main():
    torch.manual_seed(20261128)
    write_json("nn_diffusion_layers.json",
               groupnorm_cases() + silu_cases() + upsample_cases() + conv_transpose_cases() + embedding_cases())


if __name__ == "__main__":
    main()
