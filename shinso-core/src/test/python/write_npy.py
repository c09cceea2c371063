#!/usr/bin/env python3
"""Writes .npy and .npz files with numpy: the reference files that shinso's reader and writer are
tested against (NpyTest, NpzTest). Regenerate with
    /usr/bin/python3 shinso-core/src/test/python/write_npy.py
Every value is known by construction (np.arange and small literals), so the tests spell them out.
The '<f4' and '<i8' C-order files double as the bytes shinso must write for the same arrays."""
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "npy")


def arrays():
    return {
        # float32, C order: also the byte-identical references for shinso's writer
        "f4": np.arange(6, dtype="<f4").reshape(2, 3) * 0.5 - 1,      # -1, -0.5, 0, 0.5, 1, 1.5
        "f4_1d": np.arange(5, dtype="<f4"),                          # shape (5,)
        "f4_3d": np.arange(24, dtype="<f4").reshape(2, 3, 4),
        "f4_0d": np.array(2.5, dtype="<f4"),                         # shape ()
        "f4_empty": np.zeros((0, 3), dtype="<f4"),
        "i8": np.array([-3, 0, 7, 2 ** 40, -2 ** 62], dtype="<i8"),
        "i8_0d": np.array(42, dtype="<i8"),
        # byte orders and the dtypes shinso converts
        "f4_be": np.arange(6, dtype=">f4").reshape(2, 3) * 0.5 - 1,
        "f8": np.arange(6, dtype="<f8") * 0.1,                       # read as float64
        "f8_be": np.arange(6, dtype=">f8") * 0.1,
        "f2": np.arange(4, dtype="<f2") * 0.5 - 0.25,
        "i8_be": np.array([-3, 0, 7, 2 ** 40, -2 ** 62], dtype=">i8"),
        "i4": np.arange(-3, 3, dtype="<i4"),
        "i4_be": np.arange(-3, 3, dtype=">i4"),
        "i2": np.array([-32768, -1, 32767], dtype="<i2"),
        "i1": np.array([-128, -1, 127], dtype="|i1"),
        "u1": np.array([0, 1, 255], dtype="|u1"),
        "u2": np.array([0, 65535], dtype="<u2"),
        "u4": np.array([0, 2 ** 32 - 1], dtype="<u4"),
        "u8": np.array([0, 2 ** 63 - 1], dtype="<u8"),
        "b1": np.array([True, False, True, True]),
        # Fortran order: the same values as the C-order arrays above
        "f4_fortran": np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)),
        "i8_fortran_3d": np.asfortranarray(np.arange(24, dtype="<i8").reshape(2, 3, 4)),
        # dtypes shinso refuses
        "c8": np.array([1 + 2j], dtype="<c8"),
        "U3": np.array(["abc"]),
        "O": np.array([{"a": 1}], dtype=object),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, a in arrays().items():
        np.save(os.path.join(OUT, name + ".npy"), a, allow_pickle=True)
    # the 2.0 (uint32 header length) and 3.0 (utf-8 header) layouts that np.save picks only when needed
    for version in [(2, 0), (3, 0)]:
        with open(os.path.join(OUT, "v%d.npy" % version[0]), "wb") as f:
            np.lib.format.write_array(f, np.arange(6, dtype="<f4").reshape(2, 3), version=version)
    npz = {
        "weight": np.arange(6, dtype="<f4").reshape(2, 3) * 0.5 - 1,
        "labels": np.array([3, -1, 7], dtype="<i8"),
        "scalar": np.array(2.5, dtype="<f8"),
        "mask": np.array([True, False]),
    }
    np.savez(os.path.join(OUT, "arrays.npz"), **npz)
    np.savez_compressed(os.path.join(OUT, "compressed.npz"), **npz)


if __name__ == "__main__":
    main()
