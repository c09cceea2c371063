"""The hash of a notebook's code: SHA-256 over its code cells' sources in order, each as UTF-8 preceded
by its length in bytes and a colon. `stamp NOTEBOOK` writes it into the notebook's metadata
(shinso.code_sha256); scripts/notebooks.sh stamps a notebook it executed in place, and NotebooksTest
(shinso-notebook) fails for a notebook whose code no longer has that hash: its outputs are stale."""
import hashlib
import sys

import nbformat


def code_hash(nb):
    h = hashlib.sha256()
    for cell in nb.cells:
        if cell.cell_type == "code":
            source = cell.source.encode("utf-8")
            h.update(b"%d:" % len(source))
            h.update(source)
    return h.hexdigest()


def main(args):
    if len(args) != 2 or args[0] != "stamp":
        sys.exit("usage: notebook_hash.py stamp NOTEBOOK")
    nb = nbformat.read(args[1], as_version=4)
    nb.metadata.setdefault("shinso", {})["code_sha256"] = code_hash(nb)
    nbformat.write(nb, args[1])


if __name__ == "__main__":
    main(sys.argv[1:])
