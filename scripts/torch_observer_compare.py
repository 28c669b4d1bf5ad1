#!/usr/bin/env python3
"""qrange's streaming observer side by side with PyTorch's HistogramObserver.

    /usr/bin/python3 scripts/torch_observer_compare.py --lib build/src/libqrange.so.0
    /usr/bin/python3 scripts/torch_observer_compare.py --build build --reps 9

Not run by CI. Needs numpy and torch (Debian: python3-numpy, python3-torch)
and a shared qrange (`ninja -C build qrange`), driven through ctypes: the
numpy arrays are passed by pointer, nothing is copied.

The data: standard normal float32 values, (a) one batch of 2^20, (b) 16
batches of 2^16 (the same values). What is timed, per repetition, on a new
observer (torch) or a reset one (qrange), with time.perf_counter:
  torch   HistogramObserver(bins=2048): forward() on every batch, then
          calculate_qparams(), which searches the histogram for the range;
  qrange  qrange_observer_update_f32 (2048 bins) on every batch, then
          qrange_observer_percentile_range(--percentile).
Each figure is the median over --reps repetitions after one warm-up, in ns
per element; the last column is torch's update plus range over qrange's.
One row with torch.set_num_threads(1) and a qrange_context of num_threads 1,
one with both at --threads (default: the CPUs this process may run on,
qrange's OpenMP default; torch's own default is printed, as importing torch
also sets the OpenMP default to it).

Then the order dependence: torch's observer and qrange's fed the 16 batches
in order and in reverse order: torch's min_val/max_val, the range its
search picks and the sum of |difference| of its two histograms, against
qrange's two serialized states (byte-identical or not). Exit status 1 when
qrange's two states differ.

Then the calibration (--only calibration runs it alone): torch's
HistogramObserver with its defaults (2048 bins, quint8, per_tensor_affine),
forward() then calculate_qparams(), against qrange's MSE method on the grid
0..255 (asymmetric, zero included): (a) one batch of 2^20,
qrange_calibrate_f32 (no MSE out) on the tensor; (b) 16 batches of 2^16,
qrange_observer_update_f32 on each then qrange_observer_calibrate. For each
family (normal, laplace, Student-t(3), lognormal, uniform(-50, 150) with one
value 1000, 90% zeros: the shapes of tests/calibration_data.hpp, drawn with
numpy) the times as above, and the quantization MSE over all 2^20 values
(qrange_quantization_mse_f32) of the parameters each produced, torch's
scale and zero point taken as a qrange_params on 0..255. An MSE of qrange's
above torch's is marked, not an error: the targets are reported, not
enforced.
"""

import argparse
import ctypes
import glob
import os
import platform
import statistics
import sys
import time

import numpy as np
import torch
from torch.ao.quantization import HistogramObserver


class Range(ctypes.Structure):
    _fields_ = [("min", ctypes.c_float), ("max", ctypes.c_float)]


class Context(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t), ("num_threads", ctypes.c_int), ("isa", ctypes.c_char_p),
                ("parallel_for", ctypes.c_void_p), ("pool", ctypes.c_void_p)]


class Stats(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t), ("finite", ctypes.c_uint64), ("nan", ctypes.c_uint64),
                ("pos_inf", ctypes.c_uint64), ("neg_inf", ctypes.c_uint64), ("range", Range),
                ("bins", ctypes.c_size_t), ("used_bins", ctypes.c_size_t), ("bin_exponent", ctypes.c_int32),
                ("first_bin", ctypes.c_int64)]


class Params(ctypes.Structure):
    _fields_ = [("scale", ctypes.c_float), ("zero_point", ctypes.c_int32), ("qmin", ctypes.c_int32),
                ("qmax", ctypes.c_int32)]


class Calibration(ctypes.Structure):
    # The enums are 32-bit (pinned by their *_MAX_ENUM); ctypes pads as the C compiler does.
    _fields_ = [("struct_size", ctypes.c_size_t), ("method", ctypes.c_int), ("qmin", ctypes.c_int32),
                ("qmax", ctypes.c_int32), ("scheme", ctypes.c_int), ("include_zero", ctypes.c_int),
                ("percentile", ctypes.c_double), ("bins", ctypes.c_size_t), ("exact", ctypes.c_int)]


METHOD_MSE = 2


def calibration(method, qmin=0, qmax=255):
    """QRANGE_CALIBRATION_INIT with method and grid set: asymmetric, zero included."""
    return Calibration(ctypes.sizeof(Calibration), method, qmin, qmax, 0, 1, 99.99, 0, 0)


class Qrange:
    """The few C functions used, with their prototypes from qrange/qrange.h."""

    def __init__(self, path):
        lib = ctypes.CDLL(path)
        P, S, I = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int
        protos = {
            "qrange_version": (ctypes.c_char_p, []),
            "qrange_active_isa": (ctypes.c_char_p, []),
            "qrange_last_error": (ctypes.c_char_p, []),
            "qrange_observer_create": (I, [S, ctypes.POINTER(P)]),
            "qrange_observer_destroy": (None, [P]),
            "qrange_observer_reset": (I, [P]),
            "qrange_observer_update_f32": (I, [ctypes.POINTER(Context), P, P, S]),
            "qrange_observer_percentile_range": (I, [P, ctypes.c_double, ctypes.POINTER(Range)]),
            "qrange_observer_get_stats": (I, [P, ctypes.POINTER(Stats)]),
            "qrange_observer_serialize": (I, [P, P, S, ctypes.POINTER(S)]),
            "qrange_observer_calibrate": (I, [P, ctypes.POINTER(Calibration), ctypes.POINTER(Params)]),
            "qrange_calibrate_f32": (I, [ctypes.POINTER(Context), P, S, ctypes.POINTER(Calibration),
                                         ctypes.POINTER(Params), ctypes.POINTER(ctypes.c_double)]),
            "qrange_quantization_mse_f32": (I, [P, S, ctypes.POINTER(Params), ctypes.POINTER(ctypes.c_double)]),
        }
        for name, (res, args) in protos.items():
            f = getattr(lib, name)
            f.restype, f.argtypes = res, args
            setattr(self, name[len("qrange_"):], f)

    def check(self, status, what):
        if status != 0:
            sys.exit(f"{what}: status {status}: {self.last_error().decode()}")

    def observer(self, bins=2048):
        obs = ctypes.c_void_p()
        self.check(self.observer_create(bins, ctypes.byref(obs)), "qrange_observer_create")
        return obs

    def serialize(self, obs):
        size = ctypes.c_size_t()
        self.check(self.observer_serialize(obs, None, 0, ctypes.byref(size)), "serialize")
        buf = ctypes.create_string_buffer(size.value)
        self.check(self.observer_serialize(obs, buf, size.value, ctypes.byref(size)), "serialize")
        return buf.raw[:size.value]

    def mse(self, x, p):
        """The exact quantization MSE of x with p."""
        err = ctypes.c_double()
        self.check(self.quantization_mse_f32(x.ctypes.data, x.size, ctypes.byref(p), ctypes.byref(err)), "mse")
        return err.value


def find_lib(args):
    if args.lib:
        return args.lib
    for pattern in ("src/libqrange.so.*", "src/libqrange.so", "libqrange.so*", "**/libqrange.so*"):
        found = sorted(glob.glob(os.path.join(args.build, pattern), recursive=True))
        if found:
            return found[0]
    sys.exit(f"no libqrange.so under {args.build}: build it with ninja -C {args.build} qrange")


def time_phases(reps, start, update, finish):
    """[(update s, finish s)] per repetition, the first (warm-up) dropped:
    update(state) then finish(state) on a state from start(), not timed."""
    out = []
    for _ in range(reps + 1):
        state = start()
        t0 = time.perf_counter()
        update(state)
        t1 = time.perf_counter()
        finish(state)
        t2 = time.perf_counter()
        out.append((t1 - t0, t2 - t1))
    return out[1:]


def time_torch(batches, reps):
    """forward() on every batch of a new HistogramObserver (torch's defaults, 2048 bins), then
    calculate_qparams()."""
    def update(obs):
        for b in batches:
            obs(b)
    return time_phases(reps, HistogramObserver, update, lambda obs: obs.calculate_qparams())


def time_qrange(q, ctx, batches, finish, reps):
    """qrange_observer_update_f32 on every batch of a reset 2048-bin state, then finish(state)."""
    obs = q.observer()
    ptrs = [(b.ctypes.data, b.size) for b in batches]
    update = q.observer_update_f32

    def start():
        q.check(q.observer_reset(obs), "reset")
        return obs

    def update_all(obs):
        for p, n in ptrs:
            status = update(ctx, obs, p, n)
            if status:
                q.check(status, "update")
    out = time_phases(reps, start, update_all, finish)
    q.observer_destroy(obs)
    return out


def medians(runs, n):
    """ns per element: median update, median range, median of the sums."""
    ns = 1e9 / n
    return (statistics.median(u for u, _ in runs) * ns, statistics.median(r for _, r in runs) * ns,
            statistics.median(u + r for u, r in runs) * ns)


def order_dependence(q, x, batches, percentile):
    print("\n### Order dependence: the 16 batches in order and reversed\n")
    print("| | in order | reversed | |")
    print("| --- | --- | --- | --- |")
    observers = []
    for order in (batches, batches[::-1]):
        obs = HistogramObserver(bins=2048)
        for b in order:
            obs(torch.from_numpy(b))
        observers.append(obs)
    t = [(o.min_val.item(), o.max_val.item()) for o in observers]
    s = [tuple(v.item() for v in o._non_linear_param_search()) for o in observers]
    qp = [tuple(v.item() for v in o.calculate_qparams()) for o in observers]
    h = [o.histogram.double() for o in observers]
    diff = (h[0] - h[1]).abs().sum().item()
    print(f"| torch min_val, max_val | {t[0][0]!r}, {t[0][1]!r} | {t[1][0]!r}, {t[1][1]!r} | "
          f"{'same' if t[0] == t[1] else 'differ'} |")
    print(f"| torch searched range | {s[0][0]:.6g}, {s[0][1]:.6g} | {s[1][0]:.6g}, {s[1][1]:.6g} | "
          f"{'same' if s[0] == s[1] else 'differ'} |")
    print(f"| torch scale, zero point | {qp[0][0]:.6g}, {qp[0][1]} | {qp[1][0]:.6g}, {qp[1][1]} | "
          f"{'same' if qp[0] == qp[1] else 'differ'} |")
    print(f"| torch histogram sum of abs(diff) | | | {diff:.6g} (of {h[0].sum().item():.6g} counts) |")
    states, ranges = [], []
    for order in (batches, batches[::-1]):
        obs = q.observer()
        for b in order:
            q.check(q.observer_update_f32(None, obs, b.ctypes.data, b.size), "update")
        r = Range()
        q.check(q.observer_percentile_range(obs, percentile, ctypes.byref(r)), "percentile_range")
        states.append(q.serialize(obs))
        ranges.append((r.min, r.max))
        q.observer_destroy(obs)
    same = states[0] == states[1]
    print(f"| qrange P{percentile:g} range | {ranges[0][0]!r}, {ranges[0][1]!r} | "
          f"{ranges[1][0]!r}, {ranges[1][1]!r} | {'same' if ranges[0] == ranges[1] else 'differ'} |")
    print(f"| qrange serialized state | {len(states[0])} bytes | {len(states[1])} bytes | "
          f"{'byte-identical' if same else 'DIFFER'} |")
    lo, hi = np.percentile(x.astype(np.float64), [100 - percentile, percentile])
    print(f"\nnumpy P{100 - percentile:g}, P{percentile:g} of the data: {lo:.6g}, {hi:.6g}; "
          f"min, max: {x.min()!r}, {x.max()!r}")
    return same


def families(n, seed):
    """The calibration families, n float32 values each."""
    rng = np.random.default_rng(seed)
    outlier = rng.uniform(-50, 150, n)
    outlier[n // 2] = 1000
    return {
        "normal": rng.standard_normal(n),
        "laplace": rng.laplace(0, 1, n),
        "student-t(3)": rng.standard_t(3, n),
        "lognormal": rng.lognormal(0, 1, n),
        "uniform + 1000": outlier,
        "90% zeros": np.where(rng.random(n) < 0.9, 0, rng.standard_normal(n)),
    }


def calibration_compare(q, n, thread_counts, reps, seed):
    """Times torch's HistogramObserver against qrange's MSE calibration, (a) on one batch of n values and
    (b) on 16 batches, per family and thread count, then the exact MSE of each one's parameters."""
    cal = calibration(METHOD_MSE)
    calp = ctypes.byref(cal)
    out = Params()
    outp = ctypes.byref(out)

    def qrange_tensor(ctx, x):
        q.check(q.calibrate_f32(ctx, x.ctypes.data, x.size, calp, outp, None), "qrange_calibrate_f32")

    def qrange_state(obs):
        q.check(q.observer_calibrate(obs, calp, outp), "qrange_observer_calibrate")

    data = {name: x.astype(np.float32) for name, x in families(n, seed).items()}
    print("\n### Calibration: torch's HistogramObserver against qrange's MSE method\n")
    print(f"median of {reps} repetitions after a warm-up, ns per element; torch: forward() per batch + "
          f"calculate_qparams() (defaults: 2048 bins, quint8, per_tensor_affine); qrange: (a) "
          f"qrange_calibrate_f32, (b) update per batch + qrange_observer_calibrate; MSE on 0..255, "
          f"asymmetric, zero included; targets: torch / qrange at least 30× for (a), 100× for (b)\n")
    print("| data | case | threads | torch update + qparams | qrange update + calibrate | torch / qrange |")
    print("| --- | --- | --- | --- | --- | --- |")
    default_threads = torch.get_num_threads()
    for name, x in data.items():
        cases = [("(a) 1 × 1M", [x]), ("(b) 16 × 64K", np.split(x, 16))]
        for threads in thread_counts:
            torch.set_num_threads(threads)
            ctx = ctypes.byref(Context(ctypes.sizeof(Context), threads, None, None, None))
            for case, batches in cases:
                t = medians(time_torch([torch.from_numpy(b) for b in batches], reps), n)
                if len(batches) == 1:
                    r = medians(time_phases(reps, lambda: None, lambda _: None,
                                            lambda _: qrange_tensor(ctx, x)), n)
                else:
                    r = medians(time_qrange(q, ctx, batches, qrange_state, reps), n)
                print(f"| {name} | {case} | {threads} | {t[0]:.3f} + {t[1]:.3f} = {t[2]:.3f} "
                      f"| {r[0]:.3f} + {r[1]:.4f} = {r[2]:.4f} | **{t[2] / r[2]:.1f}×** |")
    torch.set_num_threads(default_threads)
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end of the table")

    print("\nExact quantization MSE over all the values of each one's parameters (qrange_quantization_mse_f32; "
          "torch's as a qrange_params on 0..255)\n")
    print("| data | case | torch scale, zero point | torch MSE | qrange scale, zero point | qrange MSE "
          "| qrange / torch |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    higher = 0
    for name, x in data.items():
        for case, batches in [("(a)", [x]), ("(b)", np.split(x, 16))]:
            obs = HistogramObserver()
            for b in batches:
                obs(torch.from_numpy(b))
            scale, zero_point = (v.item() for v in obs.calculate_qparams())
            theirs = Params(scale, zero_point, 0, 255)
            if len(batches) == 1:
                qrange_tensor(None, x)
            else:
                state = q.observer()
                for b in batches:
                    q.check(q.observer_update_f32(None, state, b.ctypes.data, b.size), "update")
                qrange_state(state)
                q.observer_destroy(state)
            ours = Params(out.scale, out.zero_point, out.qmin, out.qmax)
            mt, mq = q.mse(x, theirs), q.mse(x, ours)
            higher += mq > mt
            print(f"| {name} | {case} | {theirs.scale:.6g}, {theirs.zero_point} | {mt:.6g} "
                  f"| {ours.scale:.6g}, {ours.zero_point} | {mq:.6g} "
                  f"| {mq / mt if mt else float('nan'):.4f}{' **higher**' if mq > mt else ''} |")
    print(f"\nqrange's MSE above torch's in {higher} of {2 * len(data)} cases (target: none)")


def observer_compare(q, n, thread_counts, reps, percentile, seed):
    """The observers' table and the order dependence; True when qrange's two states are the same."""
    x = np.random.default_rng(seed).standard_normal(n, dtype=np.float32)
    cases = [("1 × 1M", [x]), ("16 × 64K", np.split(x, 16))]
    print(f"median of {reps} repetitions after a warm-up, ns per element; torch: forward() per batch + "
          f"calculate_qparams(); qrange: update per batch + percentile_range({percentile:g})\n")
    print("| data | threads | torch update | torch range | torch total | qrange update | qrange range "
          "| qrange total | torch / qrange |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    out = Range()
    outp = ctypes.byref(out)

    def percentile_range(obs):
        q.check(q.observer_percentile_range(obs, percentile, outp), "percentile_range")

    default_threads = torch.get_num_threads()
    for threads in thread_counts:
        torch.set_num_threads(threads)
        ctx = ctypes.byref(Context(ctypes.sizeof(Context), threads, None, None, None))
        for name, batches in cases:
            tb = [torch.from_numpy(b) for b in batches]
            t = medians(time_torch(tb, reps), n)
            r = medians(time_qrange(q, ctx, batches, percentile_range, reps), n)
            print(f"| {name} | {threads} | {t[0]:.3f} | {t[1]:.3f} | {t[2]:.3f} | {r[0]:.3f} | {r[1]:.4f} "
                  f"| {r[2]:.3f} | **{t[2] / r[2]:.1f}×** |")
    torch.set_num_threads(default_threads)
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end of the table")
    return order_dependence(q, x, cases[1][1], percentile)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lib", help="path of libqrange.so (e.g. build/src/libqrange.so.0)")
    ap.add_argument("--build", default="build", help="a build directory to find libqrange.so in (default: build)")
    ap.add_argument("--reps", type=int, default=9, help="timed repetitions per figure (default 9)")
    ap.add_argument("--percentile", type=float, default=99.99, help="qrange's percentile range (default 99.99)")
    ap.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)),
                    help="the threads of the second row, for both (default: the CPUs available)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", choices=("observer", "calibration"),
                    help="run one part: the observers (with the order dependence) or the calibration")
    args = ap.parse_args()

    q = Qrange(find_lib(args))
    n = 1 << 20
    thread_counts = (1, args.threads)
    print(f"command: {' '.join([os.path.basename(sys.executable)] + sys.argv)}")
    print(f"qrange {q.version().decode()} ({q.active_isa().decode()}), torch {torch.__version__}, "
          f"numpy {np.__version__}, {platform.processor() or platform.machine()}, "
          f"{len(os.sched_getaffinity(0))} CPUs, torch's default threads {torch.get_num_threads()}, "
          f"load average {os.getloadavg()[0]:.2f} at the start")
    same = True
    if args.only != "calibration":
        same = observer_compare(q, n, thread_counts, args.reps, args.percentile, args.seed)
    if args.only != "observer":
        calibration_compare(q, n, thread_counts, args.reps, args.seed)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
