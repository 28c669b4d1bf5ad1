"""The GIL is released around the kernels, and calls leak nothing."""
import gc
import sys
import threading
import time
import tracemalloc

import numpy as np

import qrange
from helpers import data


def stamps_while(worker):
    """The times this thread read while `worker` ran in another thread."""
    done = threading.Event()

    def run():
        worker()
        done.set()

    t = threading.Thread(target=run)
    t.start()
    stamps = []
    while not done.is_set():
        stamps.append(time.perf_counter())
    t.join()
    return stamps


def test_the_gil_is_released_during_a_call():
    # Timing two threads against one is at the mercy of the machine's load.
    # This check is not: while a worker thread is inside qrange, this thread
    # records timestamps; a call that held the GIL would let none of them
    # fall strictly inside it. The calls run long enough (single-threaded,
    # tens of ms each) for the scheduler to give this thread a turn even on a
    # loaded machine, and several are tried.
    x = np.random.default_rng(0).normal(size=8_000_000).astype(np.float32)
    p = qrange.choose_params(qrange.minmax(x))
    out = np.empty(x.shape, np.uint8)
    spans = []

    def worker():
        for _ in range(6):
            t0 = time.perf_counter()
            qrange.quantize(x, p, out=out)
            qrange.percentile_range(x, 99.9, exact=True)
            spans.append((t0, time.perf_counter()))

    qrange.set_num_threads(1)
    try:
        stamps = stamps_while(worker)
    finally:
        qrange.set_num_threads(0)
    inside = sum(1 for s in stamps for a, b in spans if a < s < b)
    assert inside > 0, "no Python code ran while qrange was computing: the GIL was held"


def test_the_gil_check_catches_a_held_gil():
    # The same measurement around a call that holds the GIL (a long pure
    # Python loop runs bytecode, but sys.setswitchinterval keeps the GIL
    # with the worker): the check above is not vacuous.
    old = sys.getswitchinterval()
    sys.setswitchinterval(10.0)
    spans = []

    def worker():
        t0 = time.perf_counter()
        sum(range(3_000_000))
        spans.append((t0, time.perf_counter()))

    try:
        stamps = stamps_while(worker)
    finally:
        sys.setswitchinterval(old)
    assert not any(a < s < b for s in stamps for a, b in spans)


def test_no_leak_over_10000_calls():
    x = data(16)
    p = qrange.Params(0.5, 10)
    o = qrange.Observer(16)
    out = np.empty(16, np.uint8)

    def calls():
        qrange.minmax(x)
        qrange.percentile_range(x)
        q = qrange.quantize(x, p)
        qrange.quantize(x, p, out=out)
        qrange.dequantize(q, p)
        qrange.mse(x, p)
        qrange.calibrate(x, "mse")
        qrange.calibrate_axis(x.reshape(4, 4), "minmax", 1)
        o.update(x)
        o.stats()
        try:
            qrange.minmax(x[:0])
        except qrange.EmptyInput:
            pass

    for _ in range(100):  # warm up caches (numpy's, pybind11's)
        calls()
    gc.collect()
    refs = (sys.getrefcount(x), sys.getrefcount(p), sys.getrefcount(out), sys.getrefcount(o))
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(10_000):
        calls()
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert (sys.getrefcount(x), sys.getrefcount(p), sys.getrefcount(out), sys.getrefcount(o)) == refs
    # One leaked object a call would be 10,000 objects, hundreds of kB.
    assert grown < 20_000, f"{grown} bytes more after 10,000 rounds of calls"
