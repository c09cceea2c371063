#!/usr/bin/env python3
"""PyTorch reference values for shinso's convolution and pooling tests.

Regenerate (from the repository root) with:

    /usr/bin/python3 shinso-core/src/test/python/generate_conv_reference.py

It writes shinso-core/src/test/resources/reference/conv_*.json (each records the torch.__version__ that
wrote it; the committed files come from torch 1.13.0a0, Debian's python3-torch):

    conv_conv2d.json   torch.nn.functional.conv2d: stride, padding, dilation, groups, depthwise, 1x1, no bias,
                       non-square kernels and inputs, batch > 1, an unbatched input
    conv_conv1d.json   torch.nn.functional.conv1d
    conv_pool.json     max_pool2d (with its indices), avg_pool2d, adaptive_avg_pool2d
    conv_layers.json   nn.Conv1d/Conv2d/MaxPool2d/AvgPool2d/AdaptiveAvgPool2d: repr, state dict, forward, grads

Each file is {"torch_version", "seed", "cases": [...]}; each case is
    {"name", "op", "params": {...},
     "inputs":  [{"name", "dtype", "shape", "values"}, ...],
     "output":  {"dtype", "shape", "values"},
     "weight":  {"shape", "values"},                       # w of the loss sum(output * w)
     "grads":   {input name: {"shape", "values"}, ...},    # d sum(output * w) / d input
     ... and per file: "indices" (max_pool2d), "repr" (layers)}
Values are flat, row-major float32 (int64 for indices), written with the fewest digits that read back as the
same float32, so the JSON is exact. Uses only the standard library and torch; the seed is fixed, so re-running
writes the same files.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

from reference_io import encode, encode_values, randn, write_json

SEED = 20240607

torch.manual_seed(SEED)
torch.set_default_dtype(torch.float32)
torch.set_num_threads(1)


def case(name, op, params, inputs, fn):
    """inputs: list of (name, tensor or None); fn maps the input tensors (None stays None) to the output."""
    leaves = [None if t is None else t.detach().clone().requires_grad_(True) for _, t in inputs]
    out = fn(*leaves)
    w = randn(*out.shape)
    (out * w).sum().backward()
    return {
        "name": name,
        "op": op,
        "params": params,
        "inputs": [dict(name=n, **encode(t)) for (n, _), t in zip(inputs, leaves) if t is not None],
        "output": encode(out),
        "weight": encode_values(w),
        "grads": {n: encode(t.grad) for (n, _), t in zip(inputs, leaves) if t is not None},
    }


def pair(v):
    return list(v) if isinstance(v, (tuple, list)) else [v, v]


# ---------------------------------------------------------------- conv2d


def conv2d_case(name, n, c, h, w, o, k, stride=1, padding=0, dilation=1, groups=1, bias=True, batched=True):
    kh, kw = pair(k)
    x = randn(n, c, h, w) if batched else randn(c, h, w)
    weight = randn(o, c // groups, kh, kw)
    b = randn(o) if bias else None
    params = {"stride": pair(stride), "padding": pair(padding), "dilation": pair(dilation), "groups": groups}
    return case("conv2d_" + name, "conv2d", params, [("input", x), ("weight", weight), ("bias", b)],
                lambda x, wt, b: F.conv2d(x, wt, b, tuple(pair(stride)), tuple(pair(padding)),
                                          tuple(pair(dilation)), groups))


def conv2d_cases():
    return [
        conv2d_case("basic_3x3", 2, 3, 7, 7, 4, 3),
        conv2d_case("stride2_pad1", 2, 3, 9, 8, 5, 3, stride=2, padding=1),
        conv2d_case("pad2", 1, 2, 6, 6, 3, 3, padding=2),
        conv2d_case("dilation2_pad1", 2, 2, 9, 9, 3, 3, padding=1, dilation=2),
        conv2d_case("groups2", 2, 4, 6, 7, 6, 3, padding=1, groups=2),
        conv2d_case("depthwise_multiplier2", 2, 4, 7, 7, 8, 3, padding=1, groups=4),
        conv2d_case("no_bias", 2, 3, 5, 5, 2, 3, bias=False),
        conv2d_case("rect_kernel_2x4_mixed", 2, 2, 7, 10, 3, (2, 4), stride=(1, 2), padding=(1, 0), dilation=(2, 1)),
        conv2d_case("stride3_rect_input", 3, 2, 11, 5, 2, 3, stride=3, padding=1),
        conv2d_case("pointwise_1x1", 2, 5, 4, 6, 3, 1),
        conv2d_case("pointwise_1x1_groups2", 2, 4, 3, 5, 6, 1, groups=2),
        conv2d_case("1x1_stride2", 2, 3, 5, 6, 4, 1, stride=2),
        conv2d_case("kernel_equals_input", 2, 3, 5, 5, 4, 5),
        conv2d_case("mnist_like_1to4_pad1", 2, 1, 8, 8, 4, 3, padding=1),
        conv2d_case("deep_16ch", 2, 16, 4, 4, 4, 3, padding=1),
        conv2d_case("unbatched", 1, 3, 6, 5, 2, 3, padding=1, batched=False),
    ]


# ---------------------------------------------------------------- conv1d


def conv1d_case(name, n, c, length, o, k, stride=1, padding=0, dilation=1, groups=1, bias=True, batched=True):
    x = randn(n, c, length) if batched else randn(c, length)
    weight = randn(o, c // groups, k)
    b = randn(o) if bias else None
    params = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups}
    return case("conv1d_" + name, "conv1d", params, [("input", x), ("weight", weight), ("bias", b)],
                lambda x, wt, b: F.conv1d(x, wt, b, stride, padding, dilation, groups))


def conv1d_cases():
    return [
        conv1d_case("basic", 2, 3, 10, 4, 3),
        conv1d_case("stride2_pad1_dilation2", 2, 3, 11, 2, 3, stride=2, padding=1, dilation=2),
        conv1d_case("groups2_no_bias", 2, 4, 9, 4, 2, groups=2, bias=False),
        conv1d_case("unbatched", 1, 2, 8, 3, 3, padding=1, batched=False),
    ]


# ---------------------------------------------------------------- pooling


def max_pool_case(name, shape, kernel, stride=None, padding=0, dilation=1, ceil_mode=False):
    x = randn(*shape)
    params = {"kernel_size": pair(kernel), "stride": pair(stride if stride is not None else kernel),
              "padding": pair(padding), "dilation": pair(dilation), "ceil_mode": ceil_mode}
    c = case("max_pool2d_" + name, "max_pool2d", params, [("input", x)],
             lambda x: F.max_pool2d(x, kernel, stride, padding, dilation, ceil_mode))
    _, idx = F.max_pool2d(x, kernel, stride, padding, dilation, ceil_mode, return_indices=True)
    c["indices"] = encode(idx)
    return c


def avg_pool_case(name, shape, kernel, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    x = randn(*shape)
    params = {"kernel_size": pair(kernel), "stride": pair(stride if stride is not None else kernel),
              "padding": pair(padding), "ceil_mode": ceil_mode, "count_include_pad": count_include_pad}
    return case("avg_pool2d_" + name, "avg_pool2d", params, [("input", x)],
                lambda x: F.avg_pool2d(x, kernel, stride, padding, ceil_mode, count_include_pad))


def adaptive_case(name, shape, size):
    x = randn(*shape)
    return case("adaptive_avg_pool2d_" + name, "adaptive_avg_pool2d", {"output_size": pair(size)}, [("input", x)],
                lambda x: F.adaptive_avg_pool2d(x, size))


def pool_cases():
    return [
        max_pool_case("k2", [2, 3, 6, 6], 2),
        max_pool_case("k3_s2_p1", [2, 2, 7, 9], 3, stride=2, padding=1),
        max_pool_case("k2x3_s1x2", [1, 2, 5, 7], (2, 3), stride=(1, 2)),
        max_pool_case("k3_dilation2_p1", [1, 2, 8, 8], 3, stride=1, padding=1, dilation=2),
        max_pool_case("k3_s2_ceil", [1, 2, 8, 8], 3, stride=2, ceil_mode=True),
        max_pool_case("k2_s1_unbatched", [3, 5, 5], 2, stride=1),
        avg_pool_case("k2", [2, 3, 6, 6], 2),
        avg_pool_case("k3_s2_p1", [2, 2, 7, 9], 3, stride=2, padding=1),
        avg_pool_case("k3_s2_p1_exclude_pad", [2, 2, 7, 9], 3, stride=2, padding=1, count_include_pad=False),
        avg_pool_case("k3x2_s2x1_p1x0", [1, 2, 7, 6], (3, 2), stride=(2, 1), padding=(1, 0)),
        avg_pool_case("k3_s2_p1_ceil", [1, 2, 8, 8], 3, stride=2, padding=1, ceil_mode=True),
        avg_pool_case("k3_s2_p1_ceil_exclude_pad", [1, 2, 8, 8], 3, stride=2, padding=1, ceil_mode=True,
                      count_include_pad=False),
        avg_pool_case("k2_unbatched", [3, 4, 6], 2),
        adaptive_case("to_1x1", [2, 3, 8, 8], 1),
        adaptive_case("7x9_to_3x4", [2, 2, 7, 9], (3, 4)),
        adaptive_case("10x7_to_3x2", [1, 2, 10, 7], (3, 2)),
        adaptive_case("identity_5x5", [1, 2, 5, 5], 5),
        adaptive_case("upsample_4x6_to_6x8", [1, 2, 4, 6], (6, 8)),
        adaptive_case("unbatched_6x6_to_4x4", [3, 6, 6], 4),
    ]


# ---------------------------------------------------------------- layers


def layer_case(name, module, input_shape, args):
    """args: the constructor's arguments, as the Java test passes them."""
    x = randn(*input_shape)
    params = list(module.named_parameters())
    names = ["input"] + [n for n, _ in params]
    tensors = [x] + [p.detach().clone() for _, p in params]

    def run(x, *ps):
        with torch.no_grad():
            for (_, p), v in zip(params, ps):
                p.copy_(v)
        for (_, p), v in zip(params, ps):
            p.grad = None
        return module(x)

    leaves = [t.detach().clone().requires_grad_(True) for t in tensors]
    out = run(*leaves)
    w = randn(*out.shape)
    (out * w).sum().backward()
    grads = {"input": encode(leaves[0].grad)}
    for n, p in params:
        grads[n] = encode(p.grad)
    return {
        "name": name,
        "op": type(module).__name__,
        "params": args,
        "repr": repr(module),
        "inputs": [dict(name=n, **encode(t)) for n, t in zip(names, tensors)],
        "output": encode(out),
        "weight": encode_values(w),
        "grads": grads,
    }


def layer_cases():
    return [
        layer_case("conv2d_cnn_first", nn.Conv2d(1, 4, 3, padding=1), [2, 1, 6, 6],
                   {"in": 1, "out": 4, "kernel": [3, 3], "stride": [1, 1], "padding": [1, 1], "dilation": [1, 1],
                    "groups": 1, "bias": True}),
        layer_case("conv2d_everything", nn.Conv2d(4, 6, (3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2),
                                                  groups=2, bias=False), [2, 4, 7, 6],
                   {"in": 4, "out": 6, "kernel": [3, 2], "stride": [2, 1], "padding": [1, 0], "dilation": [1, 2],
                    "groups": 2, "bias": False}),
        layer_case("conv1d_stride2", nn.Conv1d(3, 4, 3, stride=2, padding=1), [2, 3, 9],
                   {"in": 3, "out": 4, "kernel": [3], "stride": [2], "padding": [1], "dilation": [1],
                    "groups": 1, "bias": True}),
        layer_case("maxpool2d_k2", nn.MaxPool2d(2), [2, 3, 6, 6], {"kernel": 2}),
        layer_case("maxpool2d_k3_s2_p1_ceil", nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True), [1, 2, 8, 8],
                   {"kernel": 3, "stride": 2, "padding": 1, "ceil_mode": True}),
        layer_case("avgpool2d_k2", nn.AvgPool2d(2), [2, 3, 6, 6], {"kernel": 2}),
        layer_case("avgpool2d_k3_s2_p1", nn.AvgPool2d(3, stride=2, padding=1), [2, 2, 7, 9],
                   {"kernel": 3, "stride": 2, "padding": 1}),
        layer_case("adaptiveavgpool2d_1", nn.AdaptiveAvgPool2d(1), [2, 3, 5, 5], {"output_size": [1, 1]}),
        layer_case("adaptiveavgpool2d_3x4", nn.AdaptiveAvgPool2d((3, 4)), [2, 2, 7, 9], {"output_size": [3, 4]}),
    ]


def write(name, cases):
    write_json(name + ".json", {"torch_version": torch.__version__, "seed": SEED, "cases": cases})


if __name__ == "__main__":
    write("conv_conv2d", conv2d_cases())
    write("conv_conv1d", conv1d_cases())
    write("conv_pool", pool_cases())
    write("conv_layers", layer_cases())
