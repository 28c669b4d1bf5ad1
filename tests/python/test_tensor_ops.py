"""Every per-tensor function against numpy."""
import numpy as np
import pytest

import qrange
from helpers import bf16_bits, bf16_values, data, numpy_mse, onnx_dequantize, onnx_quantize


def test_minmax_is_the_finite_min_and_max():
    x = data()
    x[[3, 7, 9]] = [np.nan, np.inf, -np.inf]
    finite = x[np.isfinite(x)]
    assert qrange.minmax(x) == (float(finite.min()), float(finite.max()))
    assert qrange.minmax(x, with_nonfinite=True)[2] == 3


def test_minmax_of_n_d_arrays_and_lists():
    x = data().reshape(100, 100)
    assert qrange.minmax(x) == (float(x.min()), float(x.max()))
    assert qrange.minmax([1.0, -2.5, 3.0]) == (-2.5, 3.0)


def test_histogram_matches_the_documented_binning():
    x = data()
    lo, hi, bins = -10.0, 100.0, 64
    counts, below, above = qrange.histogram(x, lo, hi, bins)
    inside = x[(x >= lo) & (x <= hi)]
    factor = np.float32(np.float64(bins) / (np.float64(hi) - np.float64(lo)))
    idx = np.clip(np.floor((inside - np.float32(lo)) * factor), 0, bins - 1).astype(np.int64)
    assert counts.dtype == np.uint64
    np.testing.assert_array_equal(counts, np.bincount(idx, minlength=bins))
    assert below == np.count_nonzero(x < lo) and above == np.count_nonzero(x > hi)


@pytest.mark.parametrize("percentile", [99.0, 99.9, 99.99, 100.0])
def test_exact_percentiles_within_one_ulp_of_numpy(percentile):
    x = data(50_000, seed=3)
    lo, hi = qrange.percentile_range(x, percentile, exact=True)
    ref = np.percentile(x.astype(np.float64), [100 - percentile, percentile])
    for got, want in zip((lo, hi), ref):
        assert abs(got - want) <= np.spacing(np.float32(abs(want)))


def test_approximate_percentiles_within_the_bound():
    x = data(50_000, seed=4)
    lo, hi = qrange.percentile_range(x, 99.9, bins=256)
    ref = np.percentile(x.astype(np.float64), [0.1, 99.9])
    bound = (float(x.max()) - float(x.min())) / 256
    assert abs(lo - ref[0]) <= bound and abs(hi - ref[1]) <= bound


def test_choose_params_asymmetric_and_symmetric():
    p = qrange.choose_params((-1.0, 3.0), 0, 255)
    assert (p.qmin, p.qmax) == (0, 255)
    assert p.scale == pytest.approx(4.0 / 255, rel=1e-7)
    assert p.zero_point == 0 - round(-1.0 / p.scale)
    s = qrange.choose_params((-1.0, 3.0), -128, 127, scheme="symmetric")
    assert s.zero_point == 0 and s.scale == pytest.approx(3.0 / 127.5, rel=1e-7)


@pytest.mark.parametrize("qmin,qmax,dtype", [(0, 255, np.uint8), (-128, 127, np.int8),
                                             (0, 65535, np.uint16), (-32768, 32767, np.int16)])
def test_quantize_is_numpy_onnx_formula(qmin, qmax, dtype):
    x = data()
    x[:4] = [np.nan, np.inf, -np.inf, -0.0]
    p = qrange.choose_params(qrange.minmax(x), qmin, qmax)
    q = qrange.quantize(x, p)
    assert q.dtype == dtype and q.shape == x.shape
    np.testing.assert_array_equal(q, onnx_quantize(x, p, dtype))
    np.testing.assert_array_equal(qrange.dequantize(q, p), onnx_dequantize(q, p))


def test_quantize_keeps_the_shape_and_takes_dtype():
    x = data().reshape(10, 1000)
    p = qrange.choose_params(qrange.minmax(x), 0, 255)
    q = qrange.quantize(x, p, dtype="uint16")
    assert q.shape == (10, 1000) and q.dtype == np.uint16
    np.testing.assert_array_equal(q, onnx_quantize(x, p, np.uint16))


def test_quantize_into_out():
    x = data()
    p = qrange.choose_params(qrange.minmax(x), -128, 127, scheme="symmetric")
    out = np.empty(x.shape, np.int8)
    assert qrange.quantize(x, p, out=out) is out
    np.testing.assert_array_equal(out, onnx_quantize(x, p, np.int8))
    back = np.empty(x.shape, np.float32)
    assert qrange.dequantize(out, p, out=back) is back
    np.testing.assert_array_equal(back, onnx_dequantize(out, p))


@pytest.mark.parametrize("method", ["minmax", "percentile", "mse", "entropy"])
def test_mse_within_1e_12_of_numpy(method):
    x = data()
    p, m = qrange.calibrate(x, method)
    want = numpy_mse(x, p)
    assert qrange.mse(x, p) == pytest.approx(want, rel=1e-12)
    assert m == pytest.approx(want, rel=1e-12)


def test_calibrate_minmax_and_percentile_are_choose_params_of_their_ranges():
    x = data()
    assert qrange.calibrate(x, "minmax")[0] == qrange.choose_params(qrange.minmax(x))
    p, _ = qrange.calibrate(x, "percentile", percentile=99.9, exact=True)
    assert p == qrange.choose_params(qrange.percentile_range(x, 99.9, exact=True))


def test_calibrate_mse_is_never_worse_than_minmax():
    x = data()
    assert qrange.calibrate(x, "mse")[1] <= qrange.calibrate(x, "minmax")[1]


def test_dynamic_quantize_as_onnx_runtime():
    x = data()
    q, p = qrange.dynamic_quantize(x)
    lo, hi = np.float32(min(0.0, x.min())), np.float32(max(0.0, x.max()))
    scale = (hi - lo) / np.float32(255.0)
    assert p.scale == scale and (p.qmin, p.qmax) == (0, 255)
    assert p.zero_point == int(np.rint(np.clip(np.float32(0.0) - lo / scale, 0, 255)))
    np.testing.assert_array_equal(q, onnx_quantize(x, p, np.uint8))


def test_float16_gives_the_float32_results():
    x16 = data(outlier=False).astype(np.float16)
    x32 = x16.astype(np.float32)
    assert qrange.minmax(x16) == qrange.minmax(x32)
    assert qrange.percentile_range(x16, 99.9) == qrange.percentile_range(x32, 99.9)
    p, m = qrange.calibrate(x16, "mse")
    assert (p, m) == qrange.calibrate(x32, "mse")
    np.testing.assert_array_equal(qrange.quantize(x16, p), qrange.quantize(x32, p))
    assert qrange.mse(x16, p) == qrange.mse(x32, p)
    np.testing.assert_array_equal(qrange.histogram(x16, -50, 150, 16)[0], qrange.histogram(x32, -50, 150, 16)[0])


def test_bfloat16_gives_the_float32_results():
    x32 = bf16_values(5000)
    bits = bf16_bits(x32)
    assert qrange.minmax(bits, bf16=True) == qrange.minmax(x32)
    p, m = qrange.calibrate(bits, "percentile", bf16=True)
    assert (p, m) == qrange.calibrate(x32, "percentile")
    np.testing.assert_array_equal(qrange.quantize(bits, p, bf16=True), qrange.quantize(x32, p))
    assert qrange.mse(bits, p, bf16=True) == qrange.mse(x32, p)


def test_dequantize_to_half_types_rounds_the_float32_result():
    x = data()
    p = qrange.choose_params(qrange.minmax(x))
    q = qrange.quantize(x, p)
    f32 = qrange.dequantize(q, p)
    np.testing.assert_array_equal(qrange.dequantize(q, p, dtype="float16"), f32.astype(np.float16))
    bits = qrange.dequantize(q, p, dtype="bfloat16")
    assert bits.dtype == np.uint16
    # Round to nearest even on the upper 16 bits of each float32.
    u = f32.view(np.uint32).astype(np.uint64)
    want = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)
    np.testing.assert_array_equal(bits, want)


def test_lossless_conversions():
    x = np.arange(-100, 100, dtype=np.int16)
    assert qrange.minmax(x) == (-100.0, 99.0)
    assert qrange.minmax(x.astype(np.float64) / 4) == (-25.0, 24.75)
    big_endian = data().astype(">f4")
    assert qrange.minmax(big_endian) == qrange.minmax(big_endian.astype(np.float32))
    half = data(outlier=False).astype(np.float16)
    assert qrange.minmax(half.astype(">f2")) == qrange.minmax(half) == qrange.minmax(half[::-1])
    q = np.arange(10, dtype=">u2")
    np.testing.assert_array_equal(qrange.dequantize(q, qrange.Params(1.0, 0, 0, 65535)), np.arange(10))
    strided = data()[::3]
    assert qrange.minmax(strided) == qrange.minmax(np.ascontiguousarray(strided))
    fortran = np.asfortranarray(data().reshape(100, 100))
    p = qrange.choose_params(qrange.minmax(fortran))
    np.testing.assert_array_equal(qrange.quantize(fortran, p), onnx_quantize(fortran, p, np.uint8))


def test_process_settings():
    assert qrange.isa() in {i["name"] for i in qrange.isas() if i["compiled"] and i["supported"]}
    qrange.set_num_threads(1)
    qrange.set_num_threads(0)
    with pytest.raises(qrange.InvalidArgument):
        qrange.set_num_threads(-1)
    with pytest.raises(qrange.UnsupportedIsa):
        qrange.set_isa("no such isa")
    qrange.set_isa("scalar")
    try:
        x = data()
        assert qrange.isa() == "scalar"
        p = qrange.choose_params(qrange.minmax(x))
        scalar = qrange.quantize(x, p)
    finally:
        qrange.set_isa("auto")
    np.testing.assert_array_equal(scalar, qrange.quantize(x, p))


def test_docstrings_show_in_help():
    assert "QuantizeLinear" in qrange.quantize.__doc__
    assert "quantize(x" in qrange.quantize.__doc__
