#!/usr/bin/env bash
# The one script to run on the GPU machine (no Java, no Maven there): unpacks the Java runtime that
# prepare-gpu-bundle.sh put in .gpu-bundle/, then, writing logs under $OUT:
#   1. shinso-cuda's own tests, those for the GPU included    -> cuda-tests.log
#   2. shinso-core's op suite with every tensor on cuda:0,     -> core-op-suite.log
#      waiting after every launch (an index error at its op, as the suite expects)
#   3. benchmarks, shinso then PyTorch on the same card        -> bench-shinso.txt, bench-torch.txt
#      (sgemm 4096^3 float32, elementwise add of 2^28 floats; GPU_CHECK_BENCH adds mlp-epoch, lm-step)
# and env.txt (nvidia-smi, the torch version, the bundle's manifest) and summary.txt.
#
# From the repository root, with .gpu-bundle carried:  bash shinso-cuda/scripts/gpu-check.sh
# Here, as a dry run of everything but the GPU:        GPU_CHECK_DEVICE=offheap OUT=/tmp/gpu-check bash shinso-cuda/scripts/gpu-check.sh
# Time limits per step (seconds): GPU_CHECK_TESTS_S (240), GPU_CHECK_SUITE_S (300), GPU_CHECK_BENCH_S (150).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bundle=${GPU_CHECK_BUNDLE:-$root/.gpu-bundle}
out=${OUT:-$root/out/gpu-check}
device=${GPU_CHECK_DEVICE:-cuda:0}
benches=${GPU_CHECK_BENCH:-sgemm add}
mkdir -p "$out"
out=$(cd "$out" && pwd)
summary=$out/summary.txt
: > "$summary"

if [ ! -f "$bundle/jre.tar.xz" ]; then
  echo "gpu-check: no $bundle/jre.tar.xz: run shinso-cuda/scripts/prepare-gpu-bundle.sh first and carry .gpu-bundle" >&2
  exit 2
fi
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
  echo "== java"; "$java" -version 2>&1
} > "$out/env.txt"

# step NAME SECONDS COMMAND...: runs it with a time limit, notes its last line and exit code.
step() {
  local name=$1 limit=$2
  shift 2
  local start=$SECONDS
  timeout --kill-after=10 "$limit" "$@" > "$out/$name.out" 2>&1
  local rc=$?
  local last
  last=$(tail -n 1 "$out/$name.out")
  [ "$rc" = 124 ] && last="TIMED OUT after ${limit}s; $last"
  echo "$name: rc=$rc $((SECONDS - start))s: $last" | tee -a "$summary"
}

core_packages=dev.shinso.autograd,dev.shinso.ops,dev.shinso.nn,dev.shinso.optim,dev.shinso.tensor
# From shinso-cuda/: some of its tests read its sources (ops.cuh, random_host_check.cu) by relative path.
(cd shinso-cuda && step cuda-tests "${GPU_CHECK_TESTS_S:-240}" "${jvm[@]}" dev.shinso.cuda.check.GpuCheck "$out" \
  cuda-tests --packages dev.shinso.cuda)
step core-op-suite "${GPU_CHECK_SUITE_S:-300}" "${jvm[@]}" -Dshinso.device="$device" -Dshinso.cuda.sync=true \
  dev.shinso.cuda.check.GpuCheck "$out" core-op-suite --packages "$core_packages" --classes dev.shinso.ReferenceTest
if [ "$device" = cuda:0 ]; then
  # shellcheck disable=SC2086  # the benchmark names are words
  step bench-shinso "${GPU_CHECK_BENCH_S:-150}" "${jvm[@]}" dev.shinso.cuda.check.GpuBench $benches
  # shellcheck disable=SC2086
  step bench-torch "${GPU_CHECK_BENCH_S:-150}" python3 shinso-cuda/scripts/torch_bench.py $benches
  cp "$out/bench-shinso.out" "$out/bench-shinso.txt"
  cp "$out/bench-torch.out" "$out/bench-torch.txt"
fi
echo "logs in $out"
