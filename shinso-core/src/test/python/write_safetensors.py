#!/usr/bin/env python3
"""Writes safetensors files with nothing but json, struct and torch: an independent writer that
shinso's reader is tested against (SafeTensorsTest). Regenerate with
    /usr/bin/python3 shinso-core/src/test/python/write_safetensors.py
The format: an 8-byte little-endian header length, a JSON header, then raw little-endian data."""
import json
import os
import struct

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "safetensors")


def tensors():
    g = torch.Generator().manual_seed(7)
    return {
        "linear.weight": torch.randn(3, 4, generator=g),
        "linear.bias": torch.tensor([0.5, -1.25, 3.0e-8]),
        "embedding": torch.arange(12, dtype=torch.float32).reshape(2, 3, 2) * 0.25 - 1,
        "labels": torch.tensor([3, -1, 7, 2 ** 40], dtype=torch.int64),
        "step": torch.tensor(42, dtype=torch.int64),          # a 0-d tensor
        "empty": torch.zeros(0, 3),
    }


def write(path, named, metadata):
    header = {"__metadata__": metadata} if metadata else {}
    offset = 0
    blobs = []
    for name, t in named.items():
        dtype = {torch.float32: "F32", torch.int64: "I64"}[t.dtype]
        data = t.contiguous().numpy().astype("<f4" if dtype == "F32" else "<i8").tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    named = tensors()
    write(os.path.join(OUT, "torch_written.safetensors"), named,
          {"format": "pt", "writer": "write_safetensors.py (json+struct, torch %s)" % torch.__version__})
    # The expected values, as plain JSON, so the Java test needs no second reader.
    with open(os.path.join(OUT, "torch_written.expected.json"), "w") as f:
        json.dump({k: {"shape": list(v.shape), "values": v.flatten().tolist()} for k, v in named.items()}, f, indent=1)


if __name__ == "__main__":
    main()
