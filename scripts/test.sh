#!/usr/bin/env bash
# Builds qrange in Release and runs the whole test suite: every ISA this CPU
# runs, QEMU runs for the ones it lacks, and the benchmark smoke run.
# QRANGE_TEST_EXPECT_ISAS lists the ISAs that must have been tested natively
# (default on x86-64: scalar;avx2;avx512 — set it for a CPU without AVX-512).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

expect=""
if [[ "$(uname -m)" == x86_64 ]]; then
  expect="${QRANGE_TEST_EXPECT_ISAS-scalar;avx2;avx512}"
fi
build="${QRANGE_TEST_BUILD_DIR:-build-test}"
# QRANGE_MPI=ON, QRANGE_PYTHON=ON: a missing MPI, Python, numpy or pybind11
# fails here, so that qrange::mpi and the Python module are never skipped.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DQRANGE_WERROR=ON -DQRANGE_MPI=ON -DQRANGE_PYTHON=ON \
  "-DQRANGE_TEST_EXPECT_ISAS=$expect"
cmake --build "$build" --parallel "$(nproc)"
# Independent tests at once; their COST starts the long ones first.
ctest --test-dir "$build" --output-on-failure --timeout 3000 -j "$(nproc)"
