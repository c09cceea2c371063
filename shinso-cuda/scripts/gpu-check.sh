#!/usr/bin/env bash
# The one script to run on the GPU machine (no Java, no Maven there): unpacks the Java runtime that
# prepare-gpu-bundle.sh put in .gpu-bundle/, then, writing logs under $OUT, within one time budget:
#   1. shinso-cuda's own tests, the GPU ones included (ops forward and gradient against the CPU,
#      convolutions, pooling, norms, cuDNN lookup)                    -> cuda-tests.out + reports
#   2. benchmarks, PyTorch then shinso on the same card, data already on the device, peak device
#      memory of each (torch.cuda.max_memory_allocated / the allocator's peak)
#                                                                      -> bench-torch.txt, bench-shinso.txt
#   3. shinso-core's op suite with every tensor on cuda:0, waiting after every launch, with the time
#      left                                                            -> core-op-suite.out
# and env.txt (nvidia-smi, the torch version, the bundle's manifest) and summary.txt.
#
# usage: bash shinso-cuda/scripts/gpu-check.sh [--benches "NAMES"] [--budget SECONDS] [--no-suite] [--no-tests]
#   --benches   default: sgemm add mlp-epoch cnn-epoch:64 cnn-epoch:512 resnet-epoch:128 unet-step:128
#   --budget    seconds for everything (default 470: about 8 minutes, leaving room to run it again)
#   --no-suite  skip step 3; --no-tests skip step 1
# From the repository root, with .gpu-bundle carried. Here, as a dry run of everything but the GPU:
#   GPU_CHECK_DEVICE=offheap OUT=/tmp/gpu-check bash shinso-cuda/scripts/gpu-check.sh
set -uo pipefail

usage() { sed -n '/^# usage:/,/^# From/p' "$0" | sed 's/^# \{0,1\}//' | sed '$d'; }
benches="sgemm add mlp-epoch cnn-epoch:64 cnn-epoch:512 resnet-epoch:128 unet-step:128"
budget=470
run_suite=1
run_tests=1
while [ $# -gt 0 ]; do
  case $1 in
    --benches) [ $# -ge 2 ] || { echo "gpu-check: --benches needs a list" >&2; exit 2; }; benches=$2; shift 2 ;;
    --budget)
      [ $# -ge 2 ] && [[ $2 =~ ^[0-9]+$ ]] && [ "$2" -ge 60 ] || {
        echo "gpu-check: --budget needs a whole number of seconds, at least 60" >&2; exit 2; }
      budget=$2; shift 2 ;;
    --no-suite) run_suite=0; shift ;;
    --no-tests) run_tests=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "gpu-check: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bundle=${GPU_CHECK_BUNDLE:-$root/.gpu-bundle}
out=${OUT:-$root/out/gpu-check}
device=${GPU_CHECK_DEVICE:-cuda:0}
deadline=$((SECONDS + budget))
if [ ! -f "$bundle/jre.tar.xz" ]; then
  echo "gpu-check: no $bundle/jre.tar.xz: run shinso-cuda/scripts/prepare-gpu-bundle.sh first and carry .gpu-bundle" >&2
  exit 2
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
summary=$out/summary.txt
: > "$summary"

# Unpacked outside the bundle and $OUT, which both travel.
jre_dir=${GPU_CHECK_JRE_DIR:-${TMPDIR:-/tmp}/shinso-gpu-jre}
if [ ! -x "$jre_dir/jre/bin/java" ] || [ "$bundle/jre.tar.xz" -nt "$jre_dir/jre/bin/java" ]; then
  rm -rf "$jre_dir" && mkdir -p "$jre_dir"
  if command -v xz >/dev/null 2>&1; then
    tar -C "$jre_dir" -xJf "$bundle/jre.tar.xz" || exit 2
  else  # no xz: PyTorch's python3 is there
    python3 -c "import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])" "$bundle/jre.tar.xz" \
      "$jre_dir" || exit 2
  fi
fi
java=$jre_dir/jre/bin/java
jvm=("$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xss4m -XX:+UseParallelGC
  -Xmx32g -cp "$bundle/lib/*")

{
  echo "== bundle"; cat "$bundle/MANIFEST.txt"
  echo "== nvidia-smi"; nvidia-smi 2>&1
  echo "== torch"; python3 -c "import torch; print(torch.__version__, torch.version.cuda, torch.cuda.get_device_name(0))" 2>&1
  echo "== cudnn"; python3 -c "import nvidia.cudnn, os; print(os.path.dirname(nvidia.cudnn.__file__))" 2>&1
  echo "== java"; "$java" -version 2>&1
} > "$out/env.txt"

# step NAME SECONDS COMMAND...: runs it with at most SECONDS and never past the deadline; notes its
# last line and exit code.
step() {
  local name=$1 limit=$2
  shift 2
  local left=$((deadline - SECONDS))
  [ "$limit" -gt "$left" ] && limit=$left
  if [ "$limit" -lt 20 ]; then
    echo "$name: SKIPPED: ${left}s of the ${budget}s budget left" | tee -a "$summary"
    return
  fi
  local start=$SECONDS
  timeout --kill-after=10 "$limit" "$@" > "$out/$name.out" 2>&1
  local rc=$?
  local last
  last=$(tail -n 1 "$out/$name.out")
  [ "$rc" = 124 ] && last="TIMED OUT after ${limit}s; $last"
  echo "$name: rc=$rc $((SECONDS - start))s: $last" | tee -a "$summary"
}

core_packages=dev.shinso.autograd,dev.shinso.ops,dev.shinso.nn,dev.shinso.optim,dev.shinso.tensor
if [ "$run_tests" = 1 ]; then
  # From shinso-cuda/: some of its tests read its sources (ops.cuh, random_host_check.cu) by relative path.
  (cd shinso-cuda && step cuda-tests "${GPU_CHECK_TESTS_S:-180}" "${jvm[@]}" dev.shinso.cuda.check.GpuCheck "$out" \
    cuda-tests --packages dev.shinso.cuda)
fi
if [ "$device" = cuda:0 ]; then
  # PyTorch first: its numbers are the reference even if shinso's run out of time.
  # shellcheck disable=SC2086  # the benchmark names are words
  (cd shinso-cuda/scripts && step bench-torch "${GPU_CHECK_BENCH_S:-90}" python3 torch_bench.py $benches)
  # shellcheck disable=SC2086
  step bench-shinso "${GPU_CHECK_BENCH_S:-150}" "${jvm[@]}" dev.shinso.cuda.check.GpuBench $benches
  for side in torch shinso; do
    [ -f "$out/bench-$side.out" ] && grep -E '^(bench|#)' "$out/bench-$side.out" > "$out/bench-$side.txt"
  done
fi
if [ "$run_suite" = 1 ]; then
  step core-op-suite "${GPU_CHECK_SUITE_S:-300}" "${jvm[@]}" -Dshinso.device="$device" -Dshinso.cuda.sync=true \
    dev.shinso.cuda.check.GpuCheck "$out" core-op-suite --packages "$core_packages" --classes dev.shinso.ReferenceTest
fi
echo "logs in $out ($((SECONDS))s)"
