#!/usr/bin/env bash
# Executes the lecture's notebooks with the shinso kernel, two at a time.
#
#   scripts/notebooks.sh check   [NOTEBOOK...]  execute each into a temporary folder; fail, naming every
#                                               notebook that has a failing cell (what CI runs)
#   scripts/notebooks.sh refresh [NOTEBOOK...]  execute each in place: its outputs, the hash of its code
#                                               cells in its metadata (shinso.code_sha256, which
#                                               NotebooksTest compares), and docs/notebooks/NAME.html
#
# Without NOTEBOOK: every notebooks/*.ipynb. The kernel is installed into a temporary Jupyter data
# folder (not yours) by ./shinso notebook install, which builds shinso first when its sources changed.
# Environment: NOTEBOOK_JOBS (notebooks at once, 2), NOTEBOOK_TIMEOUT (seconds per cell, 600),
# SHINSO_NUM_THREADS (threads per kernel, 1: two kernels share the machine, and one thread makes
# the committed numbers the same on every machine), SHINSO_DATA (Fashion-MNIST; default
# ../shared/data beside the checkout when it is there).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2; }
mode="${1:-}"
case "$mode" in
  check | refresh) shift ;;
  *) usage; exit 2 ;;
esac

if ! command -v jupyter >/dev/null || ! jupyter nbconvert --version >/dev/null 2>&1; then
  echo "notebooks: Jupyter's nbconvert is not installed (Debian: apt-get install jupyter-nbconvert" \
    "python3-nbclient python3-ipykernel; .ci/run installs them)" >&2
  exit 1
fi

notebooks=("$@")
[ ${#notebooks[@]} -gt 0 ] || notebooks=(notebooks/*.ipynb)
for nb in "${notebooks[@]}"; do
  [ -f "$nb" ] || { echo "notebooks: no such notebook: $nb" >&2; exit 2; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export JUPYTER_DATA_DIR="$work/jupyter"
export SHINSO_NUM_THREADS="${SHINSO_NUM_THREADS:-1}"
# Fashion-MNIST, for the notebooks that train on it: where the tests find it (SHINSO_DATA, else
# shared/data/fashion-mnist in the checkout's folder or one above it, as RealData looks); a notebook
# must not download it. Without it those notebooks are skipped, saying so, as the tests that read it are.
if [ -z "${SHINSO_DATA:-}" ]; then
  for dir in "$root" "$(dirname "$root")" "$(dirname "$(dirname "$root")")"; do
    if [ -f "$dir/shared/data/fashion-mnist/train-images-idx3-ubyte.gz" ]; then
      export SHINSO_DATA="$dir/shared/data"
      break
    fi
  done
fi
if [ -z "${SHINSO_DATA:-}" ]; then
  kept=()
  for nb in "${notebooks[@]}"; do
    if grep -q 'FashionMnist' "$nb"; then
      echo "notebooks: SKIPPED $nb: it reads Fashion-MNIST, which is not in \$SHINSO_DATA or shared/data/ above the checkout" >&2
    else
      kept+=("$nb")
    fi
  done
  [ "$mode" = check ] || { echo "notebooks: refresh needs Fashion-MNIST (set SHINSO_DATA)" >&2; exit 1; }
  notebooks=("${kept[@]}")
fi
export NOTEBOOK_TIMEOUT="${NOTEBOOK_TIMEOUT:-600}"
export work
if ! ./shinso notebook install >"$work/install.log" 2>&1; then
  cat "$work/install.log" >&2
  echo "notebooks: could not build shinso or install its kernel" >&2
  exit 1
fi

# One notebook: executed into $work/out, its log kept; a failure leaves $work/NAME.failed.
run_one() {
  local nb="$1" name start
  name="$(basename "$nb" .ipynb)"
  start=$SECONDS
  if jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=shinso \
      --ExecutePreprocessor.timeout="$NOTEBOOK_TIMEOUT" --ExecutePreprocessor.startup_timeout=120 \
      --ExecutePreprocessor.record_timing=False \
      --output-dir "$work/out" --output "$name" "$nb" >"$work/$name.log" 2>&1; then
    echo "notebooks: $nb ran in $((SECONDS - start)) s"
  else
    touch "$work/$name.failed"
    { echo "notebooks: $nb FAILED after $((SECONDS - start)) s:"; grep -v '^WARNING: Using incubator' "$work/$name.log" |
      tail -n 60 | sed 's/^/  | /'; } >&2
  fi
}
export -f run_one

start=$SECONDS
printf '%s\0' "${notebooks[@]}" | xargs -0 -r -n 1 -P "${NOTEBOOK_JOBS:-2}" bash -c 'run_one "$1"' _
failed=()
for nb in "${notebooks[@]}"; do
  [ ! -e "$work/$(basename "$nb" .ipynb).failed" ] || failed+=("$nb")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "notebooks: ${#failed[@]} of ${#notebooks[@]} failed: ${failed[*]}" >&2
  exit 1
fi
echo "notebooks: all ${#notebooks[@]} ran in $((SECONDS - start)) s"
[ "$mode" = refresh ] || exit 0

# refresh: the executed copies replace the notebooks, stamped with their code's hash, and are rendered.
python="$(sed -n '1s/^#! *//p' "$(command -v jupyter)")" # the Python that has nbformat
mkdir -p docs/notebooks
for nb in "${notebooks[@]}"; do
  executed="$work/out/$(basename "$nb")"
  ${python:-python3} scripts/notebook_hash.py stamp "$executed"
  cp "$executed" "$nb"
  if ! jupyter nbconvert --to html --output-dir docs/notebooks "$nb" >"$work/html.log" 2>&1; then
    cat "$work/html.log" >&2
    echo "notebooks: could not render $nb as HTML" >&2
    exit 1
  fi
  ${python:-python3} scripts/notebook_css.py "docs/notebooks/$(basename "$nb" .ipynb).html"
  echo "notebooks: refreshed $nb and docs/notebooks/$(basename "$nb" .ipynb).html"
done
