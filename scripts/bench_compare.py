#!/usr/bin/env python3
"""Compares a qrange benchmark run with a baseline, by roofline ratio.

Both inputs are Google Benchmark JSON files written with repetitions
(scripts/bench.sh). Absolute times on a shared machine move by 10% or more
between runs, so the comparison uses each row's `roofline` counter: its speed
divided by a memory reference measured in the same process, size and thread
count. Noise that hits the machine hits the reference too.

Verdict per benchmark, from the medians over repetitions:
  slower  the median dropped by more than --threshold percent AND every
          repetition of the run is below every repetition of the baseline
          (the two spreads do not overlap);
  faster  the mirror image;
  same    anything else: within the threshold, or the spreads overlap.

Exit status: 0 in report mode (the default), whatever the timings; 1 with
--fail-on-regression when a benchmark is slower; 2 when a baseline benchmark
is missing from the run or an input cannot be read (always an error: a
benchmark that crashed or vanished is not noise).
"""

import argparse
import json
import statistics
import sys


def load(path):
    """Returns {benchmark name: [roofline of each repetition]}."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"bench_compare: cannot read {path}: {e}")
    runs = {}
    for b in data.get("benchmarks", []):
        if b.get("run_type", "iteration") != "iteration" or "roofline" not in b:
            continue
        if b.get("error_occurred"):
            continue
        runs.setdefault(b["run_name"], []).append(float(b["roofline"]))
    return runs


def verdict(base, run, threshold):
    mb, mr = statistics.median(base), statistics.median(run)
    change = (mr / mb - 1.0) * 100.0 if mb > 0 else 0.0
    if change < -threshold and max(run) < min(base):
        return change, "slower"
    if change > threshold and min(run) > max(base):
        return change, "faster"
    return change, "same"


def spread(values):
    m = statistics.median(values)
    return (max(values) - min(values)) / m * 100.0 if m > 0 else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("baseline")
    ap.add_argument("run")
    ap.add_argument("--threshold", type=float, default=15.0,
                    help="percent change of the median roofline that can count as a regression (default 15)")
    ap.add_argument("--fail-on-regression", action="store_true",
                    help="exit 1 when a benchmark is slower (default: report only)")
    ap.add_argument("--markdown", metavar="FILE", help="also write the table as Markdown, for a pull request")
    args = ap.parse_args()

    base, run = load(args.baseline), load(args.run)
    if not base:
        sys.exit(f"bench_compare: {args.baseline} holds no benchmark with a roofline counter")
    missing = sorted(set(base) - set(run))
    rows = []
    for name in sorted(set(base) & set(run)):
        change, v = verdict(base[name], run[name], args.threshold)
        rows.append((name, statistics.median(base[name]), spread(base[name]), statistics.median(run[name]),
                     spread(run[name]), change, v))

    header = ("benchmark", "baseline", "±%", "run", "±%", "change %", "verdict")
    fmt = lambda r: (r[0], f"{r[1]:.3f}", f"{r[2]:.0f}", f"{r[3]:.3f}", f"{r[4]:.0f}", f"{r[5]:+.1f}", r[6])
    table = [header] + [fmt(r) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))

    counts = {v: sum(1 for r in rows if r[6] == v) for v in ("faster", "same", "slower")}
    summary = (f"{len(rows)} compared: {counts['faster']} faster, {counts['same']} same, {counts['slower']} slower"
               f" (threshold {args.threshold:g}%, roofline = speed / in-run memory reference; ±% = spread of"
               f" the repetitions); {len(missing)} missing")
    print(summary)
    for name in missing:
        print(f"MISSING: {name} is in the baseline but not in the run")

    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write("| " + " | ".join(header) + " |\n|" + "---|" * len(header) + "\n")
            for r in rows:
                f.write("| " + " | ".join(fmt(r)) + " |\n")
            f.write(f"\n{summary}\n")
            for name in missing:
                f.write(f"\n**missing:** `{name}`\n")

    if missing:
        return 2
    if args.fail_on_regression and counts["slower"]:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
