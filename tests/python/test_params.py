"""qrange.Params: fields, repr, dict and pickle."""
import copy
import pickle

import numpy as np
import pytest

import qrange


def test_fields_repr_and_dict():
    p = qrange.Params(scale=0.1, zero_point=3, qmin=-8, qmax=7)
    assert p.scale == float(np.float32(0.1)) and (p.zero_point, p.qmin, p.qmax) == (3, -8, 7)
    assert repr(p) == "Params(scale=0.100000001, zero_point=3, qmin=-8, qmax=7)"
    d = p.to_dict()
    assert d == {"scale": float(np.float32(0.1)), "zero_point": 3, "qmin": -8, "qmax": 7}
    assert qrange.Params.from_dict(d) == p
    assert qrange.Params(1.0, 0) == qrange.Params(1.0, 0, 0, 255)


def test_repr_round_trips_the_float32_scale():
    p = qrange.calibrate(np.linspace(-1, 3, 1000, dtype=np.float32))[0]
    assert eval(repr(p), {"Params": qrange.Params}) == p


def test_pickle_and_copy():
    p = qrange.Params(0.25, 128, 0, 255)
    assert pickle.loads(pickle.dumps(p)) == p
    q = copy.copy(p)
    q.zero_point = 1
    assert p.zero_point == 128


def test_from_dict_missing_key():
    with pytest.raises(qrange.InvalidArgument):
        qrange.Params.from_dict({"scale": 1.0})
