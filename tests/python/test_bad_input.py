"""Bad input raises the documented exception, and leaves out= untouched."""
import numpy as np
import pytest

import qrange
from helpers import data

P = qrange.Params(0.5, 10, 0, 255)


@pytest.mark.parametrize("x", [np.zeros(4, np.complex64), np.zeros(4, bool), np.array(["a"]),
                               np.array([1e300, 1.0]), np.array([0.1]), np.array([2**24 + 1], np.int64)])
def test_dtypes_that_do_not_convert_losslessly_are_type_errors(x):
    with pytest.raises(TypeError):
        qrange.minmax(x)


def test_bf16_needs_uint16():
    with pytest.raises(TypeError):
        qrange.minmax(np.zeros(4, np.float32), bf16=True)


def test_dequantize_refuses_other_integer_types():
    with pytest.raises(TypeError):
        qrange.dequantize(np.zeros(4, np.int32), P)


def test_0d_is_invalid():
    with pytest.raises(qrange.InvalidArgument) as e:
        qrange.minmax(np.float32(1.0))
    assert isinstance(e.value, ValueError) and e.value.status == "QRANGE_ERROR_INVALID_ARGUMENT"


@pytest.mark.parametrize("x", [np.zeros(0, np.float32), np.full(5, np.nan, np.float32),
                               np.array([np.inf, -np.inf], np.float32)])
def test_empty_and_nan_only_inputs(x):
    for f in (qrange.minmax, qrange.percentile_range, lambda v: qrange.mse(v, P), qrange.calibrate):
        with pytest.raises(qrange.EmptyInput) as e:
            f(x)
        assert isinstance(e.value, ValueError) and isinstance(e.value, qrange.Error)
        assert e.value.status == "QRANGE_ERROR_EMPTY_INPUT" and e.value.code == 3
        assert "no finite value" in str(e.value)


def test_library_refusals_carry_its_message():
    with pytest.raises(qrange.InvalidArgument, match="percentile"):
        qrange.percentile_range(data(), 20.0)
    with pytest.raises(qrange.InvalidArgument):
        qrange.choose_params((1.0, 0.0))
    with pytest.raises(qrange.InvalidArgument):
        qrange.calibrate(data(), "no such method")
    with pytest.raises(qrange.InvalidArgument):
        qrange.choose_params((0.0, 1.0), scheme="sideways")
    with pytest.raises(qrange.InvalidArgument):
        qrange.quantize(data(), qrange.Params(0.0, 0))


def untouched(out):
    return out.copy()


@pytest.mark.parametrize("out,exc", [
    (np.zeros(100, np.int8), TypeError),                 # dtype: P's grid needs uint8
    (np.zeros(99, np.uint8), ValueError),                # shape
    (np.zeros(200, np.uint8)[::2], ValueError),          # not contiguous
    (np.zeros((10, 10), np.uint8), ValueError),          # shape
    ([0] * 100, TypeError),                              # not an array
])
def test_wrong_out_is_refused_and_untouched(out, exc):
    x = data(100)
    before = np.array(out, copy=True)
    with pytest.raises(exc):
        qrange.quantize(x, P, dtype="uint8", out=out)
    np.testing.assert_array_equal(np.asarray(out), before)


def test_read_only_out():
    out = np.full(100, 7, np.uint8)
    out.flags.writeable = False
    with pytest.raises(qrange.InvalidArgument):
        qrange.quantize(data(100), P, out=out)
    assert np.all(out == 7)


def test_out_sharing_memory_with_the_input():
    buf = np.zeros(400, np.uint8)
    x = buf.view(np.float32)
    x[:] = 1.0
    with pytest.raises(qrange.InvalidArgument):
        qrange.quantize(x, P, out=buf[:100])


def test_failed_call_leaves_out_untouched():
    out = np.full(4, 9, np.uint8)
    with pytest.raises(qrange.InvalidArgument):
        qrange.quantize(np.ones(4, np.float32), qrange.Params(-1.0, 0), out=out)
    assert np.all(out == 9)
    f = np.full(4, 3.0, np.float32)
    with pytest.raises(qrange.InvalidArgument):
        qrange.dequantize(np.ones(4, np.uint8), qrange.Params(1.0, 0, 5, 5), out=f)
    assert np.all(f == 3.0)


def test_dequantize_out_dtype_must_match_dtype():
    with pytest.raises(TypeError):
        qrange.dequantize(np.ones(4, np.uint8), P, out=np.zeros(4, np.float64))
    with pytest.raises(TypeError):
        qrange.dequantize(np.ones(4, np.uint8), P, dtype="bfloat16", out=np.zeros(4, np.float16))
    with pytest.raises(qrange.InvalidArgument):
        qrange.dequantize(np.ones(4, np.uint8), P, dtype="float64")
