#!/usr/bin/env bash
# shinso against PyTorch training the same models on Fashion-MNIST, in the same run.
#
# Both sides train each model with the same architecture, optimiser, batch size (64), thread count
# and batch order (a shared permutation file), after a warm-up of WARMUP_STEPS batches on a
# throwaway copy (reported apart). Start-up and data loading are timed apart too. Each run trains
# EPOCHS epochs; the epoch time compared is the steady epoch, the median of epochs 2..EPOCHS, as a
# JMH run measures after its warm-up iterations: during shinso's first epoch the JIT is still
# compiling the training step (about 5 s of C2 time for the MLP, on the same two cores), and code
# that runs once per step reaches C2 only after some thousands of steps (the MLP's second epoch ran
# about 20% slower than its fourth). The first epoch is compared on a line of its own, so that cost
# stays visible. Each round runs shinso then
# PyTorch per model, each in its own process (so peak RSS is per run); after ROUNDS rounds it
# prints, per model, the medians:
#   model=cnn shinso_epoch_s=... pytorch_epoch_s=... ratio=... shinso_rss_mb=... pytorch_rss_mb=...
#   first-epoch model=cnn shinso_epoch_s=... pytorch_epoch_s=... ratio=...
# followed by the other medians (warm-up, inference throughput at batch 1000, test accuracy).
# With EPOCHS=1 only the first epoch is trained, and the first line compares it.
#
# Environment:
#   MODELS=mlp,cnn,resnet  THREADS=2  ROUNDS=3  WARMUP_STEPS=200  EPOCHS=5
#   DATA=../shared/data/fashion-mnist   (the IDX .gz files)
#   JAVA_OPTS="-Xmx560m -XX:+UseParallelGC"   the shinso JVM's options: the heap bound keeps the resident
#     set below PyTorch's (unbounded, the JVM grows its heap toward a quarter of the machine's memory);
#     560 MB leaves the CNN epoch as fast as 640 MB did, 512 MB cost it a fifth in collections; the
#     ResNet needs more (it collects without pause at 560 MB): run it with JAVA_OPTS="-Xmx1g -XX:+UseParallelGC"
#   PYTHON=/usr/bin/python3  TORCH_BLAS=openblas|system   (as in compare_matmul.sh)
#   BLAS_THREADS=1   OpenBLAS's threads in the PyTorch runs (1 is its fastest setting: see torch_train.py)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
MODELS="${MODELS:-mlp,cnn,resnet}"
THREADS="${THREADS:-2}"
ROUNDS="${ROUNDS:-3}"
WARMUP_STEPS="${WARMUP_STEPS:-200}"
EPOCHS="${EPOCHS:-5}"
DATA="${DATA:-$root/../shared/data/fashion-mnist}"
JAVA_OPTS="${JAVA_OPTS:--Xmx560m -XX:+UseParallelGC}"
PYTHON="${PYTHON:-/usr/bin/python3}"
openblas_dir=/usr/lib/x86_64-linux-gnu/openblas-pthread
TORCH_BLAS="${TORCH_BLAS:-$([ -e "$openblas_dir/libblas.so.3" ] && echo openblas || echo system)}"

. "$root/scripts/jdk25.sh"
shinso_find_jdk25 || exit 1
JAVA="$JAVA_HOME/bin/java"
torch_env=(env "OMP_NUM_THREADS=$THREADS" "OPENBLAS_NUM_THREADS=${BLAS_THREADS:-1}")
if [ "$TORCH_BLAS" = openblas ]; then
  [ -e "$openblas_dir/libblas.so.3" ] || { echo "compare_training: $openblas_dir missing (apt-get install libopenblas0-pthread)" >&2; exit 1; }
  torch_env+=("LD_LIBRARY_PATH=$openblas_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
fi
[ -e "$DATA/train-images-idx3-ubyte.gz" ] || { echo "compare_training: no Fashion-MNIST in $DATA (set DATA)" >&2; exit 1; }

jar="$root/shinso-bench/target/benchmarks.jar"
(cd "$root" && ./mvnw -B -q -DskipTests -pl shinso-bench -am package) >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$PYTHON" -c "import numpy as np; np.random.default_rng(0).permutation(60000).astype('<i4').tofile('$work/order.bin')"

for ((r = 1; r <= ROUNDS; r++)); do
  echo "# round $r of $ROUNDS" >&2
  for model in ${MODELS//,/ }; do
    # shellcheck disable=SC2086
    if ! "$JAVA" $JAVA_OPTS --add-modules jdk.incubator.vector -cp "$jar" dev.shinso.bench.TrainEpoch --model "$model" \
      --data "$DATA" --order "$work/order.bin" --threads "$THREADS" --warmup-steps "$WARMUP_STEPS" --epochs "$EPOCHS" \
      2>"$work/shinso.err" | grep '^shinso ' | tee -a "$work/raw" >&2; then
      echo "compare_training: the shinso run of $model failed (JAVA_OPTS=$JAVA_OPTS):" >&2
      grep -v '^WARNING' "$work/shinso.err" | tail -5 >&2
      exit 1
    fi
    (cd "$root/shinso-bench/scripts" && "${torch_env[@]}" "$PYTHON" torch_train.py --model "$model" --data "$DATA" \
      --order "$work/order.bin" --threads "$THREADS" --blas-threads "${BLAS_THREADS:-1}" \
      --warmup-steps "$WARMUP_STEPS" --epochs "$EPOCHS") | grep '^torch ' | tee -a "$work/raw" >&2
  done
done

"$PYTHON" - "$work/raw" "$MODELS" "$THREADS" <<'PY'
import statistics, sys
raw, models, threads = sys.argv[1], sys.argv[2].split(","), sys.argv[3]
runs = {}
for line in open(raw):
    side, *fields = line.split()
    f = dict(kv.split("=") for kv in fields)
    runs.setdefault((side, f["model"]), []).append(f)
med = lambda side, model, key: statistics.median(float(f[key]) for f in runs[(side, model)])
def line(prefix, m, key, rss):
    s, p = med("shinso", m, key), med("torch", m, key)
    print(f"{prefix}model={m} shinso_epoch_s={s:.2f} pytorch_epoch_s={p:.2f} ratio={s / p:.2f}"
          + (f" shinso_rss_mb={med('shinso', m, 'rss_mb'):.0f} pytorch_rss_mb={med('torch', m, 'rss_mb'):.0f}" if rss else ""))
for m in models:
    steady = "steady_epoch_s" in runs[("shinso", m)][0]
    line("", m, "steady_epoch_s" if steady else "epoch_s", True)
    if steady:
        line("first-epoch ", m, "epoch_s", False)
for m in models:
    print(f"  {m} threads={threads} runs={len(runs[('shinso', m)])}:"
          + "".join(f" {k}={med('shinso', m, k):g}/{med('torch', m, k):g}"
                    for k in ("startup_s", "data_s", "warmup_s", "infer_img_s", "test_acc"))
          + "  (shinso/pytorch medians)")
PY
