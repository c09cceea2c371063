#!/usr/bin/env bash
# Builds here, into .gpu-bundle/ (ignored by git), everything scripts/gpu-check.sh needs on the GPU
# machine, which has no Java and no Maven: a jlinked Java 25 runtime (packed with xz) and the jars
# (shinso-core and its tests, shinso-cuda and its tests, the test libraries). Name .gpu-bundle in the
# device tool's carry; it must stay under 64 MiB.
#
# usage: shinso-cuda/scripts/prepare-gpu-bundle.sh     (from anywhere; takes a few minutes)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
. scripts/jdk25.sh
shinso_find_jdk25
bundle=$root/.gpu-bundle
rm -rf "$bundle"
mkdir -p "$bundle/lib"

echo "== building shinso-core and shinso-cuda (tests not run here)"
./mvnw -B -q -pl shinso-core,shinso-cuda -am -DskipTests package
if ! ls shinso-cuda/target/classes/dev/shinso/cuda/kernels/*.ptx >/dev/null 2>&1; then
  echo "prepare-gpu-bundle: the kernels were not compiled (no nvcc here): the bundle would be useless" >&2
  exit 1
fi
cp shinso-core/target/shinso-core-*-SNAPSHOT.jar shinso-core/target/shinso-core-*-tests.jar "$bundle/lib/"
cp shinso-cuda/target/shinso-cuda-*-SNAPSHOT.jar "$bundle/lib/"
"$JAVA_HOME/bin/jar" --create --file "$bundle/lib/shinso-cuda-tests.jar" -C shinso-cuda/target/test-classes .
# ArchUnit serves only the core's architecture tests, which the GPU does not need to run.
./mvnw -B -q -pl shinso-cuda dependency:copy-dependencies -DincludeScope=test -DexcludeGroupIds=dev.shinso \
  -DexcludeArtifactIds=archunit -DoutputDirectory="$bundle/lib"

echo "== linking a Java runtime"
# jdeps also prints "Warning: split package" lines (the test jars share packages with the main
# ones) on stdout: only its last line is the module list.
modules=$("$JAVA_HOME/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
  --class-path "$bundle/lib/*" "$bundle"/lib/shinso-*.jar 2>/dev/null | tail -n 1)
if ! [[ $modules =~ ^[a-z][a-z0-9.]*(,[a-z][a-z0-9.]*)*$ ]]; then
  echo "prepare-gpu-bundle: jdeps did not give a module list: '$modules'" >&2
  exit 1
fi
# jdk.zipfs: JUnit finds test classes inside jars through the zip file system.
modules="$modules,jdk.incubator.vector,jdk.unsupported,java.logging,jdk.zipfs"
# Uncompressed modules and a stripped libjvm.so pack smaller with xz than jlink's own compression.
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --output "$bundle/jre"
strip --strip-unneeded "$bundle/jre/lib/server/libjvm.so" 2>/dev/null || true
tar -C "$bundle" -cf - jre | xz -9 -T2 > "$bundle/jre.tar.xz"
rm -rf "$bundle/jre"

{
  echo "commit $(git rev-parse HEAD)$(git diff --quiet HEAD -- . || echo ' (with uncommitted changes)')"
  echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ) with $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "nvcc $(cat shinso-cuda/target/classes/dev/shinso/cuda/kernels/nvcc.txt)"
  echo "modules $modules"
} > "$bundle/MANIFEST.txt"
size=$(du -sm "$bundle" | cut -f1)
echo "== .gpu-bundle: ${size} MiB"
cat "$bundle/MANIFEST.txt"
if [ "$size" -ge 64 ]; then
  echo "prepare-gpu-bundle: ${size} MiB is over the 64 MiB the device tool carries" >&2
  exit 1
fi
