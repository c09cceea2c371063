"""What the PyTorch reference generators beside this file share: where the files go, how a float32 is written
exactly, how a tensor is encoded, the standard-normal input helper and the two file layouts.

Uses only the standard library and torch. The generators import it as a sibling module, so run them as
scripts (python3 path/to/generate_*.py), which puts this folder on sys.path.
"""

import json
import math
import os
import struct

import torch

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "reference")

_COMPACT = dict(separators=(",", ":"))


# ---------------------------------------------------------------- encoding


def f32_repr(x):
    """The shortest decimal that reads back (as float32) to exactly x."""
    x = float(x)
    if math.isnan(x) or math.isinf(x):
        raise ValueError("reference values must be finite, got %r" % x)
    bits = struct.pack("<f", x)
    for digits in range(1, 10):
        s = "%.*g" % (digits, x)
        if struct.pack("<f", float(s)) == bits:
            return float(s)
    raise AssertionError("no 9-digit repr for %r" % x)


def encode(t):
    """{"dtype", "shape", "values"}: int64 or float32 values, flat and row-major."""
    t = t.detach().contiguous()
    if t.dtype == torch.int64:
        return {"dtype": "int64", "shape": list(t.shape), "values": [int(v) for v in t.reshape(-1).tolist()]}
    assert t.dtype == torch.float32, t.dtype
    return {"dtype": "float32", "shape": list(t.shape), "values": [f32_repr(v) for v in t.reshape(-1).tolist()]}


def encode_values(t):
    """{"shape", "values"} of a float32 tensor, without the dtype (weights, gradients, optimiser steps)."""
    t = t.detach().contiguous()
    return {"shape": list(t.shape), "values": [f32_repr(v) for v in t.reshape(-1).tolist()]}


# ---------------------------------------------------------------- inputs


def randn(*shape):
    return torch.randn(tuple(shape), dtype=torch.float32)


# ---------------------------------------------------------------- files


def write_json(name, doc):
    """Writes doc (a dict with "cases", or a list of cases) on one line to OUT_DIR/name."""
    path = _path(name)
    with open(path, "w") as f:
        json.dump(doc, f, **_COMPACT)
        f.write("\n")
    _report(path, doc if isinstance(doc, list) else doc["cases"])


def write_case_lines(name, doc):
    """Writes doc's other keys (in order) and then one case a line, so that a regeneration diffs case by case."""
    path = _path(name)
    head = {k: v for k, v in doc.items() if k != "cases"}
    with open(path, "w") as f:
        f.write(json.dumps(head, **_COMPACT)[:-1] + ',"cases":[\n')
        f.write(",\n".join(json.dumps(c, **_COMPACT) for c in doc["cases"]))
        f.write("\n]}\n")
    with open(path) as f:
        json.load(f)  # well-formed
    _report(path, doc["cases"])


def _path(name):
    os.makedirs(OUT_DIR, exist_ok=True)
    return os.path.join(OUT_DIR, name)


def _report(path, cases):
    print("wrote %-62s %3d cases %7d bytes" % (os.path.relpath(path), len(cases), os.path.getsize(path)))
