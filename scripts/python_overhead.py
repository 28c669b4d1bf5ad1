#!/usr/bin/env python3
"""The cost of calling qrange from Python: the time per call of qrange.minmax
on 16 float32 values (the binding's overhead, the kernel being negligible),
and qrange.quantize at 1M values against the same C call timed by the
Google Benchmark binary, both on one thread.

usage: PYTHONPATH=build/python python3 scripts/python_overhead.py [--bench build/bench/qrange_bench]
"""
import argparse
import json
import subprocess
import timeit

import numpy as np

import qrange


def per_call(stmt, number, repeat=7):
    """The best of `repeat` runs of `number` calls, in seconds per call."""
    return min(timeit.repeat(stmt, number=number, repeat=repeat)) / number


def bench_real_time(bench, name):
    out = subprocess.run([bench, f"--benchmark_filter=^{name}$", "--benchmark_repetitions=7",
                          "--benchmark_report_aggregates_only=true", "--benchmark_format=json"],
                         check=True, capture_output=True, text=True).stdout
    runs = json.loads(out)["benchmarks"]
    best = [r for r in runs if r.get("aggregate_name") == "median"][0]
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[best["time_unit"]]
    return best["real_time"] * scale


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", help="qrange_bench, for the C call's time")
    args = parser.parse_args()
    qrange.set_num_threads(1)
    rng = np.random.default_rng(0)

    small = rng.normal(size=16).astype(np.float32)
    t_small = per_call(lambda: qrange.minmax(small), 200_000)
    small_out = np.empty(16, np.uint8)
    small_p = qrange.Params(0.01, 0)
    t_small_q = per_call(lambda: qrange.quantize(small, small_p, out=small_out), 200_000)
    t_noop = per_call(lambda: None, 200_000)
    print(f"qrange.minmax, 16 values (best of 7 runs of 200,000): {t_small * 1e6:.3f} us a call "
          f"(a Python call of a lambda that does nothing: {t_noop * 1e6:.3f} us); "
          f"qrange.quantize with out=, 16 values: {t_small_q * 1e6:.3f} us")

    n = 1 << 20
    x = rng.uniform(-50, 150, n).astype(np.float32)
    p = qrange.choose_params(qrange.minmax(x))
    out = np.empty(n, np.uint8)
    t_out = per_call(lambda: qrange.quantize(x, p, out=out), 200)
    t_new = per_call(lambda: qrange.quantize(x, p), 200)
    print(f"qrange.quantize, 1M values, 1 thread (best of 7 runs of 200): {t_out * 1e6:.1f} us with out=, "
          f"{t_new * 1e6:.1f} us returning a new array")
    if args.bench:
        c = bench_real_time(args.bench, "quantize_u8/auto/n:1048576/threads:1/real_time")
        print(f"C call (qrange_bench quantize_u8/auto/n:1048576/threads:1, median of 7): {c * 1e6:.1f} us; "
              f"Python with out= {100 * (t_out / c - 1):+.1f}%, new array {100 * (t_new / c - 1):+.1f}%")


if __name__ == "__main__":
    main()
