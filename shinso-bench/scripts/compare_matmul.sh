#!/usr/bin/env bash
# shinso's matmul against PyTorch's on this machine, in the same run.
#
# Each round runs `./shinso bench matmul` over all cases (one JVM), then the torch script over
# the same cases (one Python), so the two alternate and a noisy neighbour hits both alike. After
# ROUNDS rounds it prints, per case, the median over rounds of each tool's median GFLOPS:
#   n=1024 threads=2 shinso_gflops=... torch_gflops=... ratio=...      (ratio = shinso / torch)
#
# Environment:
#   SIZES=256,512,1024,2048  THREADS=1,2  ROUNDS=3
#   PYTHON=/usr/bin/python3            the Python that has torch (Debian's python3-torch)
#   TORCH_BLAS=openblas|system         openblas (default when installed): run torch against
#       Debian's OpenBLAS (libopenblas0-pthread) through LD_LIBRARY_PATH; system: whatever
#       libblas.so.3 the system selects (netlib's reference BLAS unless OpenBLAS is chosen).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
SIZES="${SIZES:-256,512,1024,2048}"
THREADS="${THREADS:-1,2}"
ROUNDS="${ROUNDS:-3}"
PYTHON="${PYTHON:-/usr/bin/python3}"
openblas_dir=/usr/lib/x86_64-linux-gnu/openblas-pthread
TORCH_BLAS="${TORCH_BLAS:-$([ -e "$openblas_dir/libblas.so.3" ] && echo openblas || echo system)}"

torch_env=()
if [ "$TORCH_BLAS" = openblas ]; then
  [ -e "$openblas_dir/libblas.so.3" ] || { echo "compare_matmul: $openblas_dir missing (apt-get install libopenblas0-pthread)" >&2; exit 1; }
  torch_env=(env "LD_LIBRARY_PATH=$openblas_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
fi

"$root/shinso" --version >/dev/null  # builds the CLI first if needed, outside the timings
raw="$(mktemp)"
trap 'rm -f "$raw"' EXIT
"${torch_env[@]}" "$PYTHON" "$root/shinso-bench/scripts/torch_matmul.py" --sizes 8 --threads 1 --reps 1 \
  --warmup-flops 0 | grep '^#' >&2
for ((r = 1; r <= ROUNDS; r++)); do
  echo "# round $r of $ROUNDS" >&2
  "$root/shinso" bench matmul --sizes "$SIZES" --threads "$THREADS" | grep '^matmul ' \
    | sed 's/^/shinso /' | tee -a "$raw" >&2
  "${torch_env[@]}" "$PYTHON" "$root/shinso-bench/scripts/torch_matmul.py" --sizes "$SIZES" \
    --threads "$THREADS" | grep '^torch ' | tee -a "$raw" >&2
done

"$PYTHON" - "$raw" "$SIZES" "$THREADS" <<'PY'
import re, statistics, sys
raw, sizes, threads = sys.argv[1], sys.argv[2].split(","), sys.argv[3].split(",")
runs = {}
for line in open(raw):
    m = re.match(r"(shinso|torch) matmul n=(\d+) threads=(\d+) gflops=([\d.]+)", line)
    if m:
        runs.setdefault((m[1], m[2], m[3]), []).append(float(m[4]))
for n in sizes:
    for t in threads:
        s = statistics.median(runs[("shinso", n, t)])
        p = statistics.median(runs[("torch", n, t)])
        print(f"n={n} threads={t} shinso_gflops={s:.1f} torch_gflops={p:.1f} ratio={s / p:.2f}")
PY
