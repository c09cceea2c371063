#!/usr/bin/env python3
"""Writes .npy and .npz files with numpy, for NpyTest and NpzTest. Every array is built from
np.arange, so the tests know its values by construction. Regenerate with
    python3 shinso-core/src/test/python/write_npy.py"""
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "npy")


def main():
    os.makedirs(OUT, exist_ok=True)
    a = np.arange(24, dtype="<f4").reshape(2, 3, 4) * 0.5 - 3    # -3, -2.5, ..., 8.5
    arrays = {
        "f4_2x3x4": a,
        "f8_2x3": np.arange(6, dtype="<f8").reshape(2, 3) / 3,     # converted to float32 on read
        "be_f4_5": np.arange(5, dtype=">f4") - 2,
        "i8_4": np.array([3, -1, 7, 2 ** 40], dtype="<i8"),
        "i4_2x2": np.arange(4, dtype="<i4").reshape(2, 2) - 1,
        "be_i8_3": np.arange(3, dtype=">i8") * 1000,
        "u1_4": np.array([0, 1, 128, 255], dtype="|u1"),
        "b1_3": np.array([True, False, True]),
        "fortran_2x3": np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)),
        "scalar": np.array(2.5, dtype="<f4"),
        "empty_0x3": np.zeros((0, 3), dtype="<f4"),
    }
    for name, x in arrays.items():
        np.save(os.path.join(OUT, name + ".npy"), x)
    np.savez(os.path.join(OUT, "stored.npz"), weight=a, step=np.array(42, dtype="<i8"))
    np.savez_compressed(os.path.join(OUT, "compressed.npz"), weight=a, labels=arrays["i8_4"])


if __name__ == "__main__":
    main()
