"""Compares qrange_observer_percentile_range with numpy's np.percentile.

Usage: check_observer_numpy.py DUMP_PROGRAM WORK_DIR
Runs DUMP_PROGRAM (tests/observer_numpy_dump.cpp), which streams each data
kind into observers in random batches and writes the data and the observers'
results, then checks them against np.percentile of the finite values in
float64: each end within w / 2 + ulp32(result) / 2 + 1e-12 * |numpy|, w the
state's bin width 2^bin_exponent; the state's min and max, and percentile
100, exactly the min and max. Prints the worst |error| / w per data kind.
A missing numpy is a failure, not a skip.
"""
import os
import subprocess
import sys

import numpy as np


def ulp32(v):
    """The float32 spacing at v's binade (2^-149 down to zero, 2^104 at FLT_MAX)."""
    exponent = max(int(np.frexp(abs(v))[1]) - 1, -126) if v != 0 else -126
    return 2.0 ** (exponent - 23)


def main():
    program, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    subprocess.run([program, work], check=True)
    rows = {}
    with open(os.path.join(work, "results.txt")) as f:
        for line in f:
            name, bins, batches, p, lo, hi, exponent, smin, smax = line.split()
            rows.setdefault(name, []).append(
                (int(bins), int(batches), float(p), [float.fromhex(lo), float.fromhex(hi)], int(exponent),
                 float.fromhex(smin), float.fromhex(smax)))
    failures = 0
    checked = 0
    print(f"{'data':<22} {'values':>7} {'worst |err|/w':>14}  at")
    for name, cases in rows.items():
        x = np.fromfile(os.path.join(work, name + ".f32"), dtype=np.float32).astype(np.float64)
        x = x[np.isfinite(x)]
        percentiles = sorted({c[2] for c in cases})
        want = dict(zip(percentiles, zip(np.percentile(x, [100 - p for p in percentiles]),
                                          np.percentile(x, percentiles))))
        worst, where = 0.0, "-"
        for bins, batches, p, got, exponent, smin, smax in cases:
            w = 2.0 ** exponent
            case = f"{name} bins={bins} batches={batches} p={p}"
            if smin != x.min() or smax != x.max():
                print(f"FAILED {case}: state range [{smin!r}, {smax!r}], numpy [{x.min()!r}, {x.max()!r}]")
                failures += 1
            if p == 100 and got != [x.min(), x.max()]:
                print(f"FAILED {case}: [{got[0]!r}, {got[1]!r}], numpy min and max [{x.min()!r}, {x.max()!r}]")
                failures += 1
            for end in range(2):
                checked += 1
                err = abs(got[end] - want[p][end])
                bound = w / 2 + ulp32(got[end]) / 2 + 1e-12 * abs(want[p][end])
                if err > bound:
                    print(f"FAILED {case} end {end}: qrange {got[end]!r} ({got[end].hex()}), "
                          f"numpy {want[p][end]!r}, |err| {err!r} > bound {bound!r} (w = 2^{exponent})")
                    failures += 1
                if err / w > worst:
                    worst, where = err / w, f"bins={bins} batches={batches} p={p} end {end}"
        print(f"{name:<22} {len(x):>7} {worst:>14.4g}  {where}")
    print(f"numpy {np.__version__}: {checked} percentile ends checked, {failures} failures")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
