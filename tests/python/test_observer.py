"""qrange.Observer against numpy and against itself."""
import copy
import pickle
import threading

import numpy as np
import pytest

import qrange
from helpers import bf16_bits, bf16_values, data


def test_stats_and_histogram():
    x = data()
    x[:3] = [np.nan, np.inf, -np.inf]
    o = qrange.Observer(bins=256)
    o.update(x)
    s = o.stats()
    finite = x[np.isfinite(x)]
    assert (s["finite"], s["nan"], s["pos_inf"], s["neg_inf"], s["bins"]) == (finite.size, 1, 1, 1, 256)
    assert s["range"] == (float(finite.min()), float(finite.max()))
    edges, counts = o.histogram()
    assert counts.sum() == finite.size and edges.size == counts.size + 1 == s["used_bins"] + 1
    np.testing.assert_array_equal(counts, np.histogram(finite.astype(np.float64), edges)[0])


def test_batches_and_merges_equal_one_update():
    x = data(30_000)
    whole = qrange.Observer()
    whole.update(x)
    a, b = qrange.Observer(), qrange.Observer()
    for part in np.array_split(x, 7)[:4]:
        a.update(part)
    for part in np.array_split(x, 7)[4:]:
        b.update(part)
    a.merge(b)
    assert a.serialize() == whole.serialize()


def test_half_types_as_float32():
    x32 = bf16_values(4000)
    o, h, bf = qrange.Observer(), qrange.Observer(), qrange.Observer()
    o.update(x32.astype(np.float16).astype(np.float32))
    h.update(x32.astype(np.float16))
    assert o.serialize() == h.serialize()
    o.reset()
    o.update(x32)
    bf.update(bf16_bits(x32), bf16=True)
    assert o.serialize() == bf.serialize()


def test_percentile_range_and_calibrate():
    x = data(50_000)
    o = qrange.Observer()
    o.update(x)
    lo, hi = o.percentile_range(99.9)
    ref = np.percentile(x.astype(np.float64), [0.1, 99.9])
    width = (float(x.max()) - float(x.min())) / 2048
    assert abs(lo - ref[0]) <= width and abs(hi - ref[1]) <= width
    assert o.calibrate("minmax") == qrange.calibrate(x, "minmax")[0]
    assert o.calibrate("percentile", percentile=99.9) == qrange.choose_params((lo, hi))
    assert isinstance(o.calibrate("mse"), qrange.Params)


def test_pickle_copy_and_serialize():
    o = qrange.Observer(64)
    o.update(data())
    for c in (pickle.loads(pickle.dumps(o)), o.copy(), copy.copy(o), copy.deepcopy(o),
              qrange.Observer.deserialize(o.serialize())):
        assert c.serialize() == o.serialize() and c is not o
    c = o.copy()
    c.update(data(10, seed=5))
    assert c.stats()["finite"] == o.stats()["finite"] + 10


def test_errors():
    with pytest.raises(qrange.InvalidArgument):
        qrange.Observer(bins=3)
    with pytest.raises(qrange.InvalidArgument):
        qrange.Observer(16).merge(qrange.Observer(32))
    with pytest.raises(qrange.InvalidArgument):
        qrange.Observer.deserialize(b"not a state")
    with pytest.raises(qrange.EmptyInput):
        qrange.Observer().percentile_range()
    with pytest.raises(qrange.InvalidArgument):
        qrange.Observer().calibrate("percentile", percentile=10)


def test_one_observer_shared_by_threads():
    x = data(200_000)
    o = qrange.Observer()
    parts = np.array_split(x, 16)

    def work(i):
        for part in parts[i::4]:
            o.update(part)
            o.stats()
        o.merge(o.copy())  # two threads merging into and reading from the same state

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert o.stats()["finite"] > x.size
    o.merge(o)
    assert o.stats()["range"] == (float(x.min()), float(x.max()))


def test_counts_add_up_across_states_as_an_all_reduce_does():
    x = data(20_000)
    parts = np.array_split(x, 3)
    states = []
    for part in parts:
        o = qrange.Observer(64)
        o.update(part)
        states.append(o)
    lo = min(o.stats()["range"][0] for o in states)
    hi = max(o.stats()["range"][1] for o in states)
    total = sum(o.counts((lo, hi)) for o in states)
    assert total.dtype == np.uint64 and total.size == 64 + 3
    reduced = qrange.Observer(64)
    reduced.set_counts((lo, hi), total)
    whole = qrange.Observer(64)
    whole.update(x)
    assert reduced.serialize() == whole.serialize()
    with pytest.raises(qrange.InvalidArgument):
        reduced.set_counts((lo, hi), total[:-1])
