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
# prints, per model, the medians with the min-max of the rounds:
#   model=cnn shinso_s=... pytorch_s=... ratio=... shinso_rss_mb=... pytorch_rss_mb=... shinso_range=... pytorch_range=...
#   first-epoch model=cnn shinso_s=... pytorch_s=... ratio=... (ranges)
#   batch1 model=cnn shinso_ms=... pytorch_ms=... ratio=... (ranges)   median forward of one image, eval mode
#                                                                    without a graph (torch.no_grad()), LATENCY images
#   cold model=mlp shinso_s=... pytorch_s=... ratio=... (ranges, RSS)  process start to the end of the first epoch,
#     each side a fresh process without warm-up: what a user meets; shinso runs with the launcher's JVM options
# followed by the other medians (JVM start, data loading, warm-up, JIT time, inference throughput at batch
# 1000, test accuracy). With EPOCHS=1 only the first epoch is trained, and the first line compares it.
#
# The transformer LM (lm) and the diffusion U-Net (unet) are timed per training **step** instead, at their
# benchmarks' configurations (dev.shinso.bench.TrainSteps against torch_steps.py: the CLI's trainers against
# equivalents written for the benchmark, same layers, sizes, initialisation, optimiser, clipping, schedule or
# EMA, and the same batches: TrainSteps --prepare writes the windows, images, timesteps and label drops its
# trainers draw, once per run, and both sides read them). Each process trains STEP_WARMUP untimed steps,
# then LM_STEPS or UNET_STEPS timed ones; their lines compare the median seconds of a step:
#   model=lm shinso_s=<step s> pytorch_s=<step s> ratio=... shinso_rss_mb=... pytorch_rss_mb=... shinso_range=... pytorch_range=...
# followed by their other medians (start-up, data, warm-up steps, first step, mean step). check_equivalence.sh
# shows that the two sides compute the same losses and weights.
#
# Environment:
#   MODELS=mlp,cnn,resnet,lm,unet  THREADS=2  ROUNDS=3  WARMUP_STEPS=200  EPOCHS=5  LATENCY=500 (0: no batch-1 line)
#   COLD_MODELS=mlp,cnn  (empty: no cold runs)   RESNET_BATCH=128 (its recipe's; the others train at 64)
#   STEP_WARMUP=10  LM_STEPS=30  UNET_STEPS=30   (lm and unet: untimed, then timed steps per process)
#   DATA=../shared/data/fashion-mnist   (the IDX .gz files)
#   JAVA_OPTS   the shinso JVM's options; by default the launcher's (scripts/jvm-options.sh: G1 with 4 MB regions
#     and a 64 MB initial heap, which also keep the resident set small; see there why)
#   PYTHON=/usr/bin/python3  TORCH_BLAS=openblas|system   (as in compare_matmul.sh)
#   BLAS_THREADS=1   OpenBLAS's threads in the PyTorch runs (1 is its fastest setting: see torch_train.py)
#   TORCH_OMP_WAIT   OMP_WAIT_POLICY of PyTorch's OpenMP (GNU libgomp) threads; unset by default: see below
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
MODELS="${MODELS:-mlp,cnn,resnet,lm,unet}"
THREADS="${THREADS:-2}"
ROUNDS="${ROUNDS:-3}"
WARMUP_STEPS="${WARMUP_STEPS:-200}"
EPOCHS="${EPOCHS:-5}"
LATENCY="${LATENCY:-500}"
COLD_MODELS="${COLD_MODELS-mlp,cnn}"
RESNET_BATCH="${RESNET_BATCH:-128}"
STEP_WARMUP="${STEP_WARMUP:-10}"
LM_STEPS="${LM_STEPS:-30}"
UNET_STEPS="${UNET_STEPS:-30}"
CORPUS="$root/shinso-cli/src/main/resources/dev/shinso/cli/lm/austen.txt"
DATA="${DATA:-$root/../shared/data/fashion-mnist}"
. "$root/scripts/jvm-options.sh"
JAVA_OPTS="${JAVA_OPTS:-${shinso_jvm_options[*]}}"
PYTHON="${PYTHON:-/usr/bin/python3}"
openblas_dir=/usr/lib/x86_64-linux-gnu/openblas-pthread
TORCH_BLAS="${TORCH_BLAS:-$([ -e "$openblas_dir/libblas.so.3" ] && echo openblas || echo system)}"

. "$root/scripts/jdk25.sh"
shinso_find_jdk25 || exit 1
JAVA="$JAVA_HOME/bin/java"
# PyTorch's fastest configuration here: OMP_NUM_THREADS=THREADS, one OpenBLAS thread, and libgomp's own
# wait policy (spin a while, then sleep). PASSIVE made the MLP epoch 1.44-1.56 s against 1.07-1.09 and the
# CNN's 24-40 s against 16-19; ACTIVE was no faster (bench README, 2026-12-06). Spinning threads are also
# why PyTorch slows down many times over when anything else runs on the two cores.
torch_env=(env "OMP_NUM_THREADS=$THREADS" "OPENBLAS_NUM_THREADS=${BLAS_THREADS:-1}")
[ -n "${TORCH_OMP_WAIT:-}" ] && torch_env+=("OMP_WAIT_POLICY=$TORCH_OMP_WAIT")
if [ "$TORCH_BLAS" = openblas ]; then
  [ -e "$openblas_dir/libblas.so.3" ] || { echo "compare_training: $openblas_dir missing (apt-get install libopenblas0-pthread)" >&2; exit 1; }
  torch_env+=("LD_LIBRARY_PATH=$openblas_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
fi
[ -e "$DATA/train-images-idx3-ubyte.gz" ] || { echo "compare_training: no Fashion-MNIST in $DATA (set DATA)" >&2; exit 1; }
case ",$COLD_MODELS," in *,lm,*|*,unet,*) echo "compare_training: COLD_MODELS takes mlp, cnn, resnet (lm and unet are timed per step)" >&2; exit 1;; esac

jar="$root/shinso-bench/target/benchmarks.jar"
# Classes only, as the launcher builds: no sources or javadoc jars.
(cd "$root" && ./mvnw -B -q -DskipTests -Dmaven.source.skip -Dmaven.javadoc.skip -pl shinso-bench -am package) >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$PYTHON" -c "import numpy as np; np.random.default_rng(0).permutation(60000).astype('<i4').tofile('$work/order.bin')"

batch_of() { [ "$1" = resnet ] && echo "$RESNET_BATCH" || echo 64; }
per_step() { [ "$1" = lm ] || [ "$1" = unet ]; }
steps_of() { [ "$1" = lm ] && echo "$LM_STEPS" || echo "$UNET_STEPS"; }
now_ms() { date +%s%3N; }
# One shinso run: $1 model, $2 tag of the raw line, the rest TrainEpoch's options. Prints the line with
# launch_ms (the wall clock before the process started) appended.
shinso_run() {
  local model=$1 tag=$2 launch; shift 2
  launch=$(now_ms)
  # shellcheck disable=SC2086
  if ! "$JAVA" $JAVA_OPTS --add-modules jdk.incubator.vector -cp "$jar" dev.shinso.bench.TrainEpoch --model "$model" \
    --data "$DATA" --order "$work/order.bin" --threads "$THREADS" --batch "$(batch_of "$model")" "$@" \
    2>"$work/shinso.err" >"$work/shinso.out"; then
    echo "compare_training: the shinso run of $model failed (JAVA_OPTS=$JAVA_OPTS):" >&2
    grep -v '^WARNING' "$work/shinso.err" | tail -5 >&2
    exit 1
  fi
  grep '^shinso ' "$work/shinso.out" | sed "s/^shinso /$tag /; s/\$/ launch_ms=$launch/" | tee -a "$work/raw" >&2
}
torch_run() {
  local model=$1 tag=$2 launch; shift 2
  launch=$(now_ms)
  (cd "$root/shinso-bench/scripts" && "${torch_env[@]}" "$PYTHON" torch_train.py --model "$model" --data "$DATA" \
    --order "$work/order.bin" --threads "$THREADS" --blas-threads "${BLAS_THREADS:-1}" --batch "$(batch_of "$model")" \
    "$@") | grep '^torch ' | sed "s/^torch /$tag /; s/\$/ launch_ms=$launch/" | tee -a "$work/raw" >&2
}

# The models timed per step: one shinso run of TrainSteps' step bench, $1 model, the rest its options.
shinso_steps_run() {
  local model=$1; shift
  # shellcheck disable=SC2086
  if ! "$JAVA" $JAVA_OPTS --add-modules jdk.incubator.vector -cp "$jar" dev.shinso.bench.TrainSteps --model "$model" \
    --corpus "$CORPUS" --data "$DATA" --threads "$THREADS" "$@" 2>"$work/shinso.err" >"$work/shinso.out"; then
    echo "compare_training: the shinso step run of $model failed (JAVA_OPTS=$JAVA_OPTS):" >&2
    grep -v '^WARNING' "$work/shinso.err" | tail -5 >&2
    exit 1
  fi
  grep '^shinso ' "$work/shinso.out" | tee -a "$work/raw" >&2 || true
}
torch_steps_run() {
  local model=$1
  (cd "$root/shinso-bench/scripts" && "${torch_env[@]}" "$PYTHON" torch_steps.py --model "$model" --data "$DATA" \
    --prepared "$work/$model" --threads "$THREADS" --blas-threads "${BLAS_THREADS:-1}" --warmup-steps "$STEP_WARMUP" \
    --steps "$(steps_of "$model")") | grep '^torch ' | tee -a "$work/raw" >&2
}
# Their batches: what shinso's trainers draw, written once for both sides.
for model in ${MODELS//,/ }; do
  if per_step "$model"; then
    shinso_steps_run "$model" --prepare "$work/$model" --warmup-steps "$STEP_WARMUP" --steps "$(steps_of "$model")"
  fi
done

for ((r = 1; r <= ROUNDS; r++)); do
  echo "# round $r of $ROUNDS" >&2
  for model in ${MODELS//,/ }; do
    if per_step "$model"; then
      shinso_steps_run "$model" --warmup-steps "$STEP_WARMUP" --steps "$(steps_of "$model")"
      torch_steps_run "$model"
      continue
    fi
    shinso_run "$model" shinso --warmup-steps "$WARMUP_STEPS" --epochs "$EPOCHS" --latency "$LATENCY"
    torch_run "$model" torch --warmup-steps "$WARMUP_STEPS" --epochs "$EPOCHS" --latency "$LATENCY"
  done
  # The cold run: no warm-up, one epoch, a fresh process per side; the first epoch ends the figure.
  for model in ${COLD_MODELS//,/ }; do
    shinso_run "$model" shinso-cold --warmup-steps 0 --epochs 1
    torch_run "$model" torch-cold --warmup-steps 0 --epochs 1
  done
done

"$PYTHON" - "$work/raw" "$MODELS" "$THREADS" "$COLD_MODELS" <<'PY'
import statistics, sys
raw, models, threads = sys.argv[1], sys.argv[2].split(","), sys.argv[3]
cold_models = [m for m in sys.argv[4].split(",") if m]
runs = {}
for line in open(raw):
    side, *fields = line.split()
    f = dict(kv.split("=") for kv in fields)
    if "first_epoch_end_ms" in f:  # process start to the end of the first epoch
        f["cold_s"] = (int(f["first_epoch_end_ms"]) - int(f["launch_ms"])) / 1e3
    runs.setdefault((side, f["model"]), []).append(f)
vals = lambda side, model, key: [float(f[key]) for f in runs[(side, model)] if key in f]
med = lambda side, model, key: statistics.median(vals(side, model, key))
places = lambda key: 3 if key in ("latency_ms", "step_s") else 2
spread = lambda side, model, key: f"{min(vals(side, model, key)):.{places(key)}f}-{max(vals(side, model, key)):.{places(key)}f}"
def line(prefix, m, key, rss, sides=("shinso", "torch"), unit="s"):
    a, b = sides
    s, p = med(a, m, key), med(b, m, key)
    d = 3 if unit == "ms" or key == "step_s" else 2
    print(f"{prefix}model={m} shinso_{unit}={s:.{d}f} pytorch_{unit}={p:.{d}f} ratio={s / p:.2f}"
          + (f" shinso_rss_mb={med(a, m, 'rss_mb'):.0f} pytorch_rss_mb={med(b, m, 'rss_mb'):.0f}" if rss else "")
          + f" shinso_range={spread(a, m, key)} pytorch_range={spread(b, m, key)}")
for m in models:
    if "step_s" in runs[("shinso", m)][0]:  # timed per step
        line("", m, "step_s", True)
        continue
    steady = "steady_epoch_s" in runs[("shinso", m)][0]
    line("", m, "steady_epoch_s" if steady else "epoch_s", True)
    if steady:
        line("first-epoch ", m, "epoch_s", False)
    if vals("shinso", m, "latency_ms"):
        line("batch1 ", m, "latency_ms", False, unit="ms")
for m in cold_models:
    line("cold ", m, "cold_s", True, sides=("shinso-cold", "torch-cold"))
for m in models:
    first = runs[('shinso', m)][0]
    keys = (("params", "startup_s", "data_s", "warmup_steps", "warmup_s", "first_step_s", "steps", "mean_step_s",
             "loss_last") if "step_s" in first else ("startup_s", "data_s", "warmup_s", "infer_img_s", "test_acc"))
    print(f"  {m} threads={threads} batch={first['batch']} runs={len(runs[('shinso', m)])}:"
          + "".join(f" {k}={med('shinso', m, k):g}/{med('torch', m, k):g}" for k in keys)
          + "  (shinso/pytorch medians)")
for m in cold_models:
    print(f"  cold {m}: shinso jvm_s={med('shinso-cold', m, 'jvm_s'):g} data_s={med('shinso-cold', m, 'data_s'):g}"
          f" epoch_s={med('shinso-cold', m, 'epoch_s'):g} jit_s={med('shinso-cold', m, 'jit_s'):g} (compiler threads' time);"
          f" pytorch startup_s={med('torch-cold', m, 'startup_s'):g} data_s={med('torch-cold', m, 'data_s'):g}"
          f" epoch_s={med('torch-cold', m, 'epoch_s'):g}  (medians)")
PY
