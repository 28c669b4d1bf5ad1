"""Compares qrange_percentile_range_f32 with numpy's np.percentile.

Usage: check_percentile_numpy.py DUMP_PROGRAM WORK_DIR
Runs DUMP_PROGRAM (tests/percentile_numpy_dump.cpp), which writes the inputs
and qrange's results, then checks them: exact mode within 1 float32 ulp of
np.percentile on the float64 values, approximate mode within
(max - min) / bins. A missing numpy is a failure, not a skip.
"""
import os
import subprocess
import sys

import numpy as np


def ulp_distance(a, b):
    ia = np.array([a, b], dtype=np.float32).view(np.int32).astype(np.int64)
    ia = np.where(ia < 0, -(ia & 0x7FFFFFFF), ia)
    return abs(int(ia[0] - ia[1]))


def main():
    program, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    subprocess.run([program, work], check=True)
    failures = 0
    checked = 0
    with open(os.path.join(work, "results.txt")) as f:
        for line in f:
            name, p, bins, *values = line.split()
            p, bins = float(p), int(bins)
            exact = [np.float32(float.fromhex(v)) for v in values[:2]]
            approx = [float(np.float32(float.fromhex(v))) for v in values[2:]]
            x = np.fromfile(os.path.join(work, name + ".f32"), dtype=np.float32).astype(np.float64)
            x = x[np.isfinite(x)]
            want = [np.percentile(x, 100 - p), np.percentile(x, p)]
            bound = (x.max() - x.min()) / bins
            for end in range(2):
                checked += 1
                if ulp_distance(exact[end], np.float32(want[end])) > 1:
                    print(f"FAILED {name} p={p} end {end}: exact {exact[end]!r}, numpy {want[end]!r}")
                    failures += 1
                if abs(approx[end] - want[end]) > bound:
                    print(f"FAILED {name} p={p} bins={bins} end {end}: approximate {approx[end]!r}, "
                          f"numpy {want[end]!r}, bound {bound!r}")
                    failures += 1
    print(f"numpy {np.__version__}: {checked} percentile ends checked, {failures} failures")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
