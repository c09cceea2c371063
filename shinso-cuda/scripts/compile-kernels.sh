#!/usr/bin/env bash
# Compiles shinso-cuda's kernels (SOURCE_DIR/*.cu) to PTX for the jar: OUT_DIR/NAME.ptx, and the
# nvcc release in OUT_DIR/nvcc.txt. The build runs it in generate-resources.
#
# Without nvcc it warns and succeeds: the jar then has no kernels and the cuda backend refuses to
# open, saying that they were not compiled. With nvcc, a kernel that does not compile (or warns)
# fails the build.
#
# usage: compile-kernels.sh SOURCE_DIR OUT_DIR    (NVCC=/path/to/nvcc to choose one)
set -euo pipefail
src=$1
out=$2

nvcc=${NVCC:-}
if [ -z "$nvcc" ]; then
  if command -v nvcc >/dev/null 2>&1; then
    nvcc=nvcc
  elif [ -x /usr/local/cuda/bin/nvcc ]; then
    nvcc=/usr/local/cuda/bin/nvcc
  fi
fi

mkdir -p "$out"
if [ -z "$nvcc" ]; then
  rm -f "$out"/*.ptx "$out"/nvcc.txt  # never ship PTX left from an earlier build
  echo "[shinso-cuda] WARNING: nvcc not found: the CUDA kernels were NOT compiled; the cuda backend will refuse" \
    "to open (install the CUDA toolkit, or set NVCC, and rebuild)" >&2
  exit 0
fi

version=$("$nvcc" --version | sed -n 's/.*release \([0-9][0-9.]*\),.*/\1/p')
# Compiled aside and moved in at the end, so that a jar packed meanwhile (another build of the same
# tree) never holds half of the modules.
final=$out
out=$(mktemp -d "${final%/}.tmp.XXXXXX")
trap 'rm -rf "$out"' EXIT
trap 'rm -f "$final"/*.ptx "$final"/nvcc.txt' ERR  # a kernel that fails leaves no PTX of an earlier build
count=0
for cu in "$src"/*.cu; do
  name=$(basename "$cu" .cu)
  # PTX for compute capability 8.0: the driver compiles it for the GPU it runs on (Ampere, Hopper
  # and later), and a CUDA 13 driver accepts the PTX ISA nvcc 13 writes.
  "$nvcc" -arch=compute_80 --ptx -std=c++17 -Werror all-warnings -o "$out/$name.ptx" "$cu"
  # What the driver does at load time on an H100/H200: assemble the PTX for sm_90. Done here too,
  # so PTX the GPU's JIT would refuse fails the build instead.
  "$nvcc" -arch=sm_90 -cubin -o "$out/$name.sm_90.check" "$out/$name.ptx"
  rm -f "$out/$name.sm_90.check"
  count=$((count + 1))
done
echo "$version" > "$out/nvcc.txt"
rm -f "$final"/*.ptx "$final"/nvcc.txt  # none left from a kernel file since removed
mv -f "$out"/*.ptx "$out/nvcc.txt" "$final/"
echo "[shinso-cuda] compiled $count kernel files to PTX (compute_80, checked by ptxas for sm_90) with nvcc $version"
