#!/usr/bin/env python3
"""Writes shinso-cli/src/main/resources/dev/shinso/cli/lm/austen.txt, the language model's default corpus.

Source: Debian's package r-cran-janeaustenr (1.0.0-1), Jane Austen's six novels as the R package janeaustenr
ships them (taken from Project Gutenberg). The novels are in the public domain (Austen died in 1817); the
package's code and packaging are MIT-licensed, and no code of it is copied. Run (from the repository root):

    apt-get download r-cran-janeaustenr && dpkg-deb -x r-cran-janeaustenr_*.deb /tmp/ja
    python3 shinso-bench/scripts/extract_austen.py /tmp/ja/usr/lib/R/site-library/janeaustenr/data/Rdata.rdb

It decodes R's lazy-load database (a run of zlib streams, each a serialised character vector of lines) with the
standard library only, and keeps "Pride and Prejudice" followed by "Persuasion" (about 1.15 MB, ASCII).
"""

import os
import struct
import sys
import zlib

HEADER = """\
Jane Austen, "Pride and Prejudice" (1813) and "Persuasion" (1818). Public domain.
Text as shipped by Debian's package r-cran-janeaustenr 1.0.0-1 (R package janeaustenr by Julia Silge,
from Project Gutenberg's editions), extracted by shinso-bench/scripts/extract_austen.py.

"""
KEEP = ["PRIDE AND PREJUDICE", "Persuasion"]


def vectors(rdb):
    data = open(rdb, "rb").read()
    pos = 0
    while pos < len(data):
        d = zlib.decompressobj()
        yield d.decompress(data[pos + 4:])
        pos = len(data) - len(d.unused_data)


def strings(blob):
    """The character vector of one R serialisation (XDR, version 2 or 3)."""
    assert blob[:2] == b"X\n", blob[:2]
    p = 2
    version = struct.unpack(">I", blob[p:p + 4])[0]
    p += 12
    if version == 3:
        p += 4 + struct.unpack(">I", blob[p:p + 4])[0]  # native encoding name
    if struct.unpack(">I", blob[p:p + 4])[0] & 0xFF != 16:  # STRSXP
        return None
    n = struct.unpack(">I", blob[p + 4:p + 8])[0]
    p += 8
    out = []
    for _ in range(n):
        length = struct.unpack(">i", blob[p + 4:p + 8])[0]
        p += 8
        out.append("" if length < 0 else blob[p:p + length].decode("utf-8"))
        p += max(length, 0)
    return out


def main(rdb):
    novels = {}
    for blob in vectors(rdb):
        lines = strings(blob)
        if lines:
            novels[lines[0]] = "\n".join(lines) + "\n"
    text = HEADER + "".join(novels[title] for title in KEEP)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                       "shinso-cli", "src", "main", "resources", "dev", "shinso", "cli", "lm", "austen.txt")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote %s (%d characters)" % (os.path.relpath(out), len(text)))


if __name__ == "__main__":
    main(sys.argv[1])
