#!/usr/bin/env python3
"""PyTorch reference values for shinso's ReferenceTest.

Regenerate (from the repository root) with:

    /usr/bin/python3 shinso-core/src/test/python/generate_reference.py

The committed files under shinso-core/src/test/resources/reference/ were written by torch 1.13.0a0
(Debian python3-torch); every file records the torch.__version__ that wrote it.

Each file is {"torch_version", "seed", "cases": [...]}; each case is
    {"name", "op", "params": {...},
     "inputs":  [{"name", "dtype", "shape", "values"}, ...],
     "output":  {"dtype", "shape", "values"},
     "weight":  {"shape", "values"} | null,            # w of the loss sum(output * w)
     "grads":   {input name: {"shape", "values"}, ...}} # d sum(output * w) / d input, float inputs only
All tensors are float32 (int64 for labels and argmax); values are flat, row-major. Floats are written with
the fewest digits that read back as the same float32, so the JSON is exact and small.

Uses only the standard library and torch; the seed is fixed, so re-running writes the same files.
"""

import torch

from reference_io import encode, encode_values, randn, write_case_lines

SEED = 20240601

torch.manual_seed(SEED)
torch.set_default_dtype(torch.float32)


# ---------------------------------------------------------------- inputs (randn is in reference_io)


def uniform(lo, hi, *shape):
    return torch.rand(tuple(shape), dtype=torch.float32) * (hi - lo) + lo


def away_from(points, margin, *shape):
    """Standard-normal values, each moved at least `margin` away from every point in `points`."""
    x = randn(*shape)
    for p in points:
        d = x - p
        near = d.abs() < margin
        x = torch.where(near, p + torch.sign(d + (d == 0).float()) * margin + d, x)
    for p in points:
        assert (x - p).abs().min().item() >= margin * 0.999, (p, x)
    return x


def nonzero(*shape, lo=0.25, hi=2.0):
    sign = torch.where(torch.rand(*shape) < 0.5, -1.0, 1.0)
    return sign * uniform(lo, hi, *shape)


# ---------------------------------------------------------------- cases


def case(name, op, params, inputs, fn, grad=True):
    """inputs: list of (name, tensor). fn maps the input tensors to the output."""
    leaves = []
    for _, t in inputs:
        t = t.detach().clone()
        if grad and t.dtype == torch.float32:
            t.requires_grad_(True)
        leaves.append(t)
    out = fn(*leaves)
    c = {
        "name": name,
        "op": op,
        "params": params,
        "inputs": [dict(name=n, **encode(t)) for (n, _), t in zip(inputs, leaves)],
        "output": encode(out),
        "weight": None,
        "grads": {},
    }
    if grad:
        w = randn(*out.shape)
        (out * w).sum().backward()
        c["weight"] = encode_values(w)
        for (n, _), t in zip(inputs, leaves):
            if t.dtype == torch.float32:
                c["grads"][n] = encode_values(t.grad)
    return c


def shape_name(shape):
    return "x".join(str(s) for s in shape) if shape else "scalar"


def matmul_cases():
    pairs = [
        ("2d@2d", [3, 4], [4, 5]),
        ("2d@2d_k20", [9, 20], [20, 11]),
        ("1d@1d", [6], [6]),
        ("1d@2d", [4], [4, 3]),
        ("2d@1d", [3, 4], [4]),
        ("3d@3d_batched", [2, 3, 4], [2, 4, 5]),
        ("4d@3d_broadcast_batch", [2, 1, 3, 4], [5, 4, 2]),
        ("3d@2d", [2, 3, 4], [4, 5]),
        ("2d@3d", [3, 4], [2, 4, 5]),
        ("1d@3d", [4], [2, 4, 3]),
        ("3d@1d", [2, 3, 4], [4]),
    ]
    return [case("matmul_%s_%s_%s" % (n, shape_name(sa), shape_name(sb)), "matmul", {},
                 [("a", randn(*sa)), ("b", randn(*sb))], lambda a, b: a @ b)
            for n, sa, sb in pairs]


def arithmetic_cases():
    shape_pairs = [([2, 3], [3]), ([4, 1], [1, 5]), ([2, 1, 3], [4, 1]), ([1], [2, 3]), ([2, 3], [2, 3])]
    ops = {
        "add": lambda a, b: a + b,
        "sub": lambda a, b: a - b,
        "mul": lambda a, b: a * b,
        "div": lambda a, b: a / b,
        "pow": lambda a, b: torch.pow(a, b),
        "maximum": torch.maximum,
        "minimum": torch.minimum,
    }
    cases = []
    for op, fn in ops.items():
        for sa, sb in shape_pairs:
            if op == "pow":
                a, b = uniform(0.5, 2.0, *sa), uniform(-2.0, 2.0, *sb)
            elif op == "div":
                a, b = randn(*sa), nonzero(*sb)
            else:
                a, b = randn(*sa), randn(*sb)
            if op in ("maximum", "minimum"):
                # Redraw until every broadcast pair is at least 0.05 apart: no element sits at a (non-differentiable) tie.
                while (torch.broadcast_tensors(a, b)[0] - torch.broadcast_tensors(a, b)[1]).abs().min().item() <= 0.05:
                    a, b = randn(*sa), randn(*sb)
            name = "%s_%s_%s" % (op, shape_name(sa), shape_name(sb))
            cases.append(case(name, op, {}, [("a", a), ("b", b)], fn))
    return cases


def unary_cases():
    shape = [3, 5]
    cases = []

    def add(op, x, fn, params=None):
        cases.append(case("%s_%s" % (op, shape_name(list(x.shape))), op, params or {}, [("x", x)], fn))

    add("neg", randn(*shape), torch.neg)
    add("exp", randn(*shape), torch.exp)
    add("log", uniform(0.1, 4.0, *shape), torch.log)
    add("sqrt", uniform(0.1, 4.0, *shape), torch.sqrt)
    add("rsqrt", uniform(0.1, 4.0, *shape), torch.rsqrt)
    add("abs", away_from([0.0], 0.05, *shape), torch.abs)
    add("sigmoid", randn(*shape) * 2, torch.sigmoid)
    add("tanh", randn(*shape) * 1.5, torch.tanh)
    add("relu", away_from([0.0], 0.05, *shape), torch.relu)
    add("gelu", randn(*shape) * 2, torch.nn.functional.gelu)
    add("clamp", away_from([-0.5, 0.75], 0.05, *shape) * 1.0, lambda x: torch.clamp(x, -0.5, 0.75),
        {"min": -0.5, "max": 0.75})
    # A strided (transposed) input: ops must read views correctly.
    cases.append(case("exp_transposed_5x3", "exp_t", {}, [("x", randn(3, 5))], lambda x: torch.exp(x.t())))
    return cases


def reduce_cases():
    shape = [3, 4, 5]
    dim_sets = [None, [0, 1, 2], [0], [1], [-1], [0, 2], [1, 2]]
    fns = {
        "sum": lambda x, d, k: x.sum() if d is None else x.sum(dim=d, keepdim=k),
        "mean": lambda x, d, k: x.mean() if d is None else x.mean(dim=d, keepdim=k),
        "var": lambda x, d, k: x.var() if d is None else torch.var(x, dim=d, unbiased=True, keepdim=k),
        "std": lambda x, d, k: x.std() if d is None else torch.std(x, dim=d, unbiased=True, keepdim=k),
        "amax": lambda x, d, k: x.max() if d is None else torch.amax(x, dim=d, keepdim=k),
        "amin": lambda x, d, k: x.min() if d is None else torch.amin(x, dim=d, keepdim=k),
        "logsumexp": lambda x, d, k: torch.logsumexp(x, dim=d, keepdim=k),
    }
    cases = []
    for op, fn in fns.items():
        for dims in dim_sets:
            for keepdim in ([False] if dims is None else [False, True]):
                if dims is None and op == "logsumexp":
                    continue  # shinso and torch both need explicit dims for logsumexp
                x = randn(*shape)
                dname = "all_noarg" if dims is None else "dims" + "_".join(str(d) for d in dims)
                name = "%s_%s%s_%s" % (op, dname, "_keepdim" if keepdim else "", shape_name(shape))
                params = {"dims": dims, "keepdim": keepdim}
                cases.append(case(name, op, params, [("x", x)],
                                  lambda x, d=(None if dims is None else tuple(dims)), k=keepdim: fn(x, d, k)))
    # Variance with correction 0 (population variance).
    for dims in [[1], [0, 2]]:
        name = "var_correction0_dims%s_%s" % ("_".join(map(str, dims)), shape_name(shape))
        cases.append(case(name, "var", {"dims": dims, "keepdim": False, "correction": 0}, [("x", randn(*shape))],
                          lambda x, d=tuple(dims): torch.var(x, dim=d, unbiased=False)))
    # A longer reduction: 600 elements summed along one dim.
    cases.append(case("sum_dims1_long_2x300", "sum", {"dims": [1], "keepdim": False}, [("x", randn(2, 300))],
                      lambda x: x.sum(dim=1)))
    # argmax: forward only (int64).
    cases.append(case("argmax_noarg_3x4x5", "argmax", {"dim": None, "keepdim": False}, [("x", randn(*shape))],
                      lambda x: torch.argmax(x), grad=False))
    for dim in [0, 1, -1]:
        for keepdim in [False, True]:
            name = "argmax_dim%d%s_3x4x5" % (dim, "_keepdim" if keepdim else "")
            cases.append(case(name, "argmax", {"dim": dim, "keepdim": keepdim}, [("x", randn(*shape))],
                              lambda x, d=dim, k=keepdim: torch.argmax(x, dim=d, keepdim=k), grad=False))
    return cases


def softmax_cases():
    shape = [2, 3, 4]
    cases = []
    for op, fn in (("softmax", torch.softmax), ("log_softmax", torch.log_softmax)):
        for dim in [0, 1, -1]:
            name = "%s_dim%d_%s" % (op, dim, shape_name(shape))
            cases.append(case(name, op, {"dim": dim}, [("x", randn(*shape) * 2)], lambda x, d=dim: fn(x, dim=d)))
    return cases


def mlp_cases():
    torch_f = torch.nn.functional
    x = randn(8, 5)
    w1, b1 = randn(7, 5) * 0.5, randn(7) * 0.1
    w2, b2 = randn(3, 7) * 0.5, randn(3) * 0.1
    labels = torch.randint(0, 3, (8,), dtype=torch.int64)
    # relu's input must stay away from 0 so its derivative is well defined.
    pre = x @ w1.t() + b1
    assert pre.abs().min().item() > 1e-3, pre.abs().min().item()

    def mlp(x, w1, b1, w2, b2, labels):
        logits = torch_f.linear(torch.relu(torch_f.linear(x, w1, b1)), w2, b2)
        return torch_f.cross_entropy(logits, labels)

    return [case("mlp_2layer_cross_entropy_8x5_7_3", "mlp_cross_entropy", {},
                 [("x", x), ("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2), ("labels", labels)], mlp)]


def write(name, cases):
    write_case_lines(name + ".json", {"torch_version": torch.__version__, "seed": SEED,
                                      "generator": "shinso-core/src/test/python/generate_reference.py",
                                      "cases": cases})


def main():
    write("matmul", matmul_cases())
    write("arithmetic", arithmetic_cases())
    write("unary", unary_cases())
    write("reduce", reduce_cases())
    write("softmax", softmax_cases())
    write("mlp", mlp_cases())


if __name__ == "__main__":
    main()
