#!/usr/bin/env bash
# Runs the benchmark suite and writes Google Benchmark JSON with repetitions.
#   scripts/bench.sh [--smoke] OUT.json [extra Google Benchmark flags]
# Full: every size (4K..64M), 3 short repetitions: about 4 minutes on 2 cores.
# For steadier figures pass e.g. --benchmark_repetitions=5 --benchmark_min_time=0.1
# (about half an hour).
# Smoke: small sizes, 3 short repetitions: proves every benchmark runs.
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=()
reps=3
min_time=0.02
if [[ "${1:-}" == --smoke ]]; then
  smoke=(--smoke); reps=3; min_time=0.01; shift
fi
out="${1:?usage: scripts/bench.sh [--smoke] OUT.json [flags]}"
shift
bench="${QRANGE_BENCH:-build/bench/qrange_bench}"
"$bench" "${smoke[@]}" --benchmark_repetitions="$reps" --benchmark_min_time="$min_time" \
  --benchmark_out="$out" --benchmark_out_format=json --benchmark_display_aggregates_only=true "$@"
