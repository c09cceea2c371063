#!/usr/bin/env bash
# Checks that torch_steps.py's models are shinso's: for the transformer LM and the diffusion U-Net of
# compare_training.sh, shinso (dev.shinso.bench.TrainSteps, the CLI's trainers) trains STEPS steps from its
# seed-0 initialisation, and PyTorch trains its equivalent from the same initial weights (shinso's,
# read from a safetensors file) on the same batches (for the U-Net also the same noise, timesteps and
# label drops). Prints per model the parameter counts, both sides' losses per step and the largest
# difference between the weights after the last step (for the U-Net also the EMA weights), and fails
# unless every loss agrees within LOSS_TOL and every weight within WEIGHT_TOL:
#   check model=lm params=819712/819712 steps=5 max_loss_diff=... final_max_abs_diff=... (worst ...) ok
#
# Environment: STEPS=5 THREADS=2 LOSS_TOL=1e-4 WEIGHT_TOL=1e-4 DATA=../shared/data/fashion-mnist
#   PYTHON=/usr/bin/python3 JAVA_OPTS (default: the launcher's, scripts/jvm-options.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
STEPS="${STEPS:-5}"
THREADS="${THREADS:-2}"
LOSS_TOL="${LOSS_TOL:-1e-4}"
WEIGHT_TOL="${WEIGHT_TOL:-1e-4}"
DATA="${DATA:-$root/../shared/data/fashion-mnist}"
CORPUS="$root/shinso-cli/src/main/resources/dev/shinso/cli/lm/austen.txt"
PYTHON="${PYTHON:-/usr/bin/python3}"
. "$root/scripts/jvm-options.sh"
JAVA_OPTS="${JAVA_OPTS:-${shinso_jvm_options[*]}}"
. "$root/scripts/jdk25.sh"
shinso_find_jdk25 || exit 1
[ -e "$DATA/train-images-idx3-ubyte.gz" ] || { echo "check_equivalence: no Fashion-MNIST in $DATA (set DATA)" >&2; exit 1; }
jar="$root/shinso-bench/target/benchmarks.jar"
(cd "$root" && ./mvnw -B -q -DskipTests -Dmaven.source.skip -Dmaven.javadoc.skip -pl shinso-bench -am package) >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

steps() {  # $1 model, then TrainSteps' options
  local model=$1; shift
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" $JAVA_OPTS --add-modules jdk.incubator.vector -cp "$jar" dev.shinso.bench.TrainSteps \
    --model "$model" --corpus "$CORPUS" --data "$DATA" --threads "$THREADS" "$@" 2>"$work/java.err" \
    || { grep -v '^WARNING' "$work/java.err" >&2; exit 1; }
}
status=0
for model in lm unet; do
  steps "$model" --prepare "$work/$model" --warmup-steps 0 --steps "$STEPS" --noise-steps "$STEPS"
  shinso=$(steps "$model" --warmup-steps 0 --steps "$STEPS" --losses "$STEPS" \
    --save-final "$work/$model/final.safetensors" | grep '^shinso ')
  torch=$(cd "$root/shinso-bench/scripts" && env "OMP_NUM_THREADS=$THREADS" "$PYTHON" torch_steps.py --model "$model" \
    --prepared "$work/$model" --data "$DATA" --threads "$THREADS" --init "$work/$model/init.safetensors" --noise \
    --warmup-steps 0 --steps "$STEPS" --losses "$STEPS" --compare-final "$work/$model/final.safetensors" | grep '^torch ')
  echo "$shinso"
  echo "$torch"
  "$PYTHON" - "$shinso" "$torch" "$LOSS_TOL" "$WEIGHT_TOL" <<'PY' || status=1
import sys
s, t = (dict(kv.split("=", 1) for kv in line.split()[1:]) for line in sys.argv[1:3])
loss_tol, weight_tol = float(sys.argv[3]), float(sys.argv[4])
ls, lt = ([float(x) for x in d["losses"].split(",")] for d in (s, t))
loss_diff = max(abs(a - b) for a, b in zip(ls, lt))
weight_diff = float(t["final_max_abs_diff"])
ok = s["params"] == t["params"] and len(ls) == len(lt) and loss_diff <= loss_tol and weight_diff <= weight_tol
print(f"check model={s['model']} params={s['params']}/{t['params']} steps={len(ls)} max_loss_diff={loss_diff:.2g}"
      f" final_max_abs_diff={weight_diff:.2g} (worst {t['worst']}) {'ok' if ok else 'FAILED'}")
sys.exit(0 if ok else 1)
PY
done
exit $status
