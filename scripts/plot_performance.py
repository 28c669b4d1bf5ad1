#!/usr/bin/env python3
"""Draws throughput against size for each qrange kernel from a benchmark JSON.

    scripts/plot_performance.py RUN.json OUTDIR

One SVG per operation (OUTDIR/<operation>.svg): bytes/s (median over the
repetitions) against the number of elements, one line per variant, 1 thread
solid and all threads dashed, with the in-run read-bandwidth reference drawn
as the roofline. Needs matplotlib (Debian: python3-matplotlib).
"""

import collections
import json
import os
import re
import statistics
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

NAME = re.compile(r"^(?P<op>[^/]+)/(?P<variant>[^/]+)/n:(?P<n>\d+)/threads:(?P<t>\d+)")


def load(path):
    """{(op, variant, threads): {n: median bytes/s}}"""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    samples = collections.defaultdict(list)
    for b in data["benchmarks"]:
        if b.get("run_type", "iteration") != "iteration" or "bytes_per_second" not in b:
            continue
        m = NAME.match(b["run_name"])
        if m:
            key = (m["op"], m["variant"], int(m["t"]))
            samples[key, int(m["n"])].append(b["bytes_per_second"])
    series = collections.defaultdict(dict)
    for (key, n), values in samples.items():
        series[key][n] = statistics.median(values)
    return series


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    series = load(sys.argv[1])
    outdir = sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    ops = sorted({op for op, _, _ in series if op != "reference"})
    threads = sorted({t for _, _, t in series})
    for op in ops:
        fig, ax = plt.subplots(figsize=(8, 5))
        for t in threads:
            style = "-" if t == 1 else "--"
            ref = series.get(("reference", "read", t))
            if ref:
                xs = sorted(ref)
                ax.plot(xs, [ref[x] / 1e9 for x in xs], style, color="black", linewidth=2.5, alpha=0.35,
                        label=f"roofline: read reference, {t} thread{'s' if t > 1 else ''}")
            for (o, variant, tt), points in sorted(series.items()):
                if o != op or tt != t:
                    continue
                xs = sorted(points)
                ax.plot(xs, [points[x] / 1e9 for x in xs], style, marker="o", markersize=3,
                        label=f"{variant}, {t} thread{'s' if t > 1 else ''}")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("elements")
        ax.set_ylabel("GB/s (bytes read + written)")
        ax.set_title(f"qrange {op}: throughput against size")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7, ncol=2)
        fig.tight_layout()
        path = os.path.join(outdir, f"{op}.svg")
        fig.savefig(path)
        plt.close(fig)
        print(path)


if __name__ == "__main__":
    main()
