#!/usr/bin/env bash
# qrange side by side with ONNX Runtime 1.30 (docs/performance.md, "Side by
# side with ONNX Runtime"). Not run by CI.
#   scripts/ort_compare.sh [ort_compare arguments]
# Fetches the npm package onnxruntime-node@1.30.0 (its libonnxruntime.so.1)
# into build-ort/npm and checks its integrity, builds qrange (Release, static)
# in build-ort/qrange and the driver scripts/ort/*.c, then runs the
# correctness comparison (per tensor, then per axis and blocked) and the
# timing. Arguments go to the driver, e.g.
#   scripts/ort_compare.sh --sizes 1048576 --threads 1 --min-time 0.05
#   scripts/ort_compare.sh --timing --json out.json
#   scripts/ort_compare.sh --axis      # per-axis and blocked Q/DQ, 8/16/4-bit
# With --correctness, --axis or --timing only that part runs. Exit status:
# the correctness comparison's (1 when it found a mismatch), else the
# timing's.
# Environment: ORT_COMPARE_BUILD (build directory, default build-ort),
# CC (default cc), JOBS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."

version=1.30.0
# dist.integrity of onnxruntime-node@1.30.0 when this script was written;
# `npm view` is asked too, and both must match the tarball.
pinned=sha512-twhs1C2C/BFkz1yc5OY0KIU2GUq6DURO7hD4bx5Q2Qy3nAMJwRXW8xU3NVczE29VA9lolLOYepoD8fjTGOfIqw==
build="${ORT_COMPARE_BUILD:-build-ort}"
jobs="${JOBS:-2}"
cc="${CC:-cc}"

case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "ort_compare.sh: no onnxruntime-node library for $(uname -m)" >&2; exit 2 ;;
esac

# ---- ONNX Runtime from npm ------------------------------------------------
npmdir="$build/npm"
tgz="$npmdir/onnxruntime-node-$version.tgz"
lib="$npmdir/onnxruntime-node-$version/bin/napi-v6/linux/$arch/libonnxruntime.so.1"
mkdir -p "$npmdir"
if [[ ! -f "$tgz" ]]; then
  echo "fetching onnxruntime-node@$version" >&2
  (cd "$npmdir" && npm pack --silent "onnxruntime-node@$version" >/dev/null)
fi
sha512_b64() {
  if command -v openssl >/dev/null; then
    openssl dgst -sha512 -binary "$1" | base64 -w0
  else
    python3 -c 'import base64, hashlib, sys; print(base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode(), end="")' "$1"
  fi
}
got="sha512-$(sha512_b64 "$tgz")"
if registry="$(npm view "onnxruntime-node@$version" dist.integrity 2>/dev/null)" && [[ -n "$registry" ]]; then
  :
else
  echo "ort_compare.sh: npm view failed; checking against the pinned integrity only" >&2
  registry="$pinned"
fi
if [[ "$got" != "$registry" || "$got" != "$pinned" ]]; then
  echo "ort_compare.sh: $tgz: integrity $got, registry says $registry, pinned $pinned" >&2
  echo "ort_compare.sh: delete $tgz to fetch it again" >&2
  exit 2
fi
if [[ ! -f "$lib" ]]; then
  rm -rf "$npmdir/onnxruntime-node-$version"
  mkdir -p "$npmdir/onnxruntime-node-$version"
  tar -xzf "$tgz" -C "$npmdir/onnxruntime-node-$version" --strip-components=1 \
    "package/bin/napi-v6/linux/$arch/libonnxruntime.so.1"
fi

# ---- qrange and the driver --------------------------------------------------
if [[ ! -f "$build/qrange/CMakeCache.txt" ]]; then
  cmake -S . -B "$build/qrange" -DCMAKE_BUILD_TYPE=Release -DQRANGE_BUILD_SHARED=OFF \
    -DQRANGE_BUILD_TESTS=OFF -DQRANGE_BUILD_BENCH=OFF -DQRANGE_BUILD_EXAMPLES=OFF \
    -DQRANGE_BUILD_CLI=OFF -DQRANGE_INSTALL=OFF >/dev/null
fi
cmake --build "$build/qrange" -j "$jobs" >/dev/null

"$cc" -O2 -std=c11 -Wall -Wextra -Iinclude -I"$build/qrange/include" \
  scripts/ort/ort_compare.c scripts/ort/axis_compare.c scripts/ort/common.c scripts/ort/onnx_pb.c \
  scripts/ort/ort_runtime.c \
  "$build/qrange/src/libqrange.a" -o "$build/ort_compare" -fopenmp -lstdc++ -lm -ldl

# ---- run ----------------------------------------------------------------------
driver=("$build/ort_compare" --ort "$lib")
for a in "$@"; do
  if [[ "$a" == --correctness || "$a" == --axis || "$a" == --timing || "$a" == -h || "$a" == --help ]]; then
    exec "${driver[@]}" "$@"
  fi
done
status=0
"${driver[@]}" --correctness "$@" || status=$?
if [[ $status -gt 1 ]]; then exit "$status"; fi
echo
"${driver[@]}" --timing "$@" || exit $?
if [[ $status -ne 0 ]]; then
  echo "ort_compare.sh: the correctness comparison found mismatches (above)" >&2
fi
exit "$status"
