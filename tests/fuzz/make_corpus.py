#!/usr/bin/env python3
"""Writes the differential fuzzer's seed corpus (the input layout is in
differential_fuzzer.cpp): for every operation, a few shapes from a handful of
values to millions, one or two threads, with and without the tail pass, and
through a context whose pool runs the tasks backwards.

    python3 tests/fuzz/make_corpus.py tests/fuzz/corpus
"""
import math
import random
import struct
import sys
from pathlib import Path

OPERATIONS = 63  # tests/operations.cpp: all_operations()
SPECIALS = [math.nan, math.inf, -math.inf, 0.0, -0.0, 1e-45, -1e-45, 1.1754942e-38, 3.4028235e38, -3.4028235e38]


def seed(op, threads, percentile, n_shift, count, placed, pattern, offset=0, bins=2048, lo=-100.0, hi=200.0,
         pool=False):
    pct = round((percentile - 50.0) / 51.0 * 65535)
    how = (threads - 1) | (2 if pool else 0)
    head = struct.pack("<BBBHIffHBB", op, offset, how, pct, bins, lo, hi, count, n_shift, len(placed))
    body = b"".join(struct.pack("<If", pos, v) for pos, v in placed)
    return head + body + struct.pack(f"<{len(pattern)}f", *pattern)


def shapes(rng):
    uniform = [rng.uniform(-50.0, 150.0) for _ in range(61)]  # 61: not a lane multiple
    return {
        # A handful of values, each float given: the small-array paths.
        "small": dict(threads=1, percentile=99.0, n_shift=0, count=37, placed=[],
                      pattern=[rng.uniform(-1.0, 1.0) for _ in range(37)], offset=3),
        "specials": dict(threads=1, percentile=99.99, n_shift=0, count=len(SPECIALS) * 3, placed=[],
                         pattern=SPECIALS + [rng.uniform(-5.0, 5.0) for _ in range(7)], offset=5),
        # Past 2^16 values with outliers: the tail pass, one thread.
        "tails": dict(threads=1, percentile=99.99, n_shift=2, count=50000,
                      placed=[(7, 1000.0), (123456, -900.0), (199999, math.nan)], pattern=uniform),
        # Just past 2^19 values at two threads, p = 90: the histogram path and its merge.
        "threads": dict(threads=2, percentile=90.0, n_shift=4, count=33000,
                        placed=[(1, 5000.0), (600000, -math.inf)], pattern=uniform, offset=1),
        # 1.3 million values in two tasks on a backwards pool, p = 99.99: the
        # tail pass split over tasks (outliers within 10x of the bulk, or the
        # tails would hold every value).
        "huge": dict(threads=2, percentile=99.99, n_shift=5, count=40000,
                     placed=[(3, 1500.0), (1200000, -1000.0), (640000, math.inf)], pattern=uniform, bins=0, pool=True),
    }


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "corpus")
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    rng = random.Random(2024)
    for op in range(OPERATIONS):
        for name, shape in shapes(rng).items():
            (out / f"op{op:02d}-{name}").write_bytes(seed(op, **shape))


if __name__ == "__main__":
    main()
