#!/usr/bin/env bash
# Installs the Debian 12 packages qrange needs to build, test and benchmark,
# skipping those already present. Run as root.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config    # build
  libxsimd-dev                        # SIMD kernels
  doctest-dev libbenchmark-dev        # tests, benchmarks
  libcli11-dev                        # the qrange command's argument parser
  nlohmann-json3-dev                  # the qrange command's JSON (safetensors headers, --json)
  qemu-user g++-aarch64-linux-gnu     # ISAs this CPU lacks: Haswell/Nehalem detection, aarch64 NEON
  clang-14 libclang-rt-14-dev libomp-14-dev  # sanitizers, libFuzzer, a second compiler for -Werror
  python3-numpy python3-matplotlib    # numpy cross-checks, performance plots
  python3-dev pybind11-dev python3-pytest  # the Python module and its tests
  libopenmpi-dev openmpi-bin          # qrange::mpi: observer states all-reduced across processes
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
