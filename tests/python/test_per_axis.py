"""Per-axis and blocked quantization against each group done alone."""
import numpy as np
import pytest

import qrange
from helpers import bf16_bits, bf16_values, onnx_dequantize, onnx_quantize


def weights(shape=(6, 40), seed=0):
    return np.random.default_rng(seed).normal(0, 1, shape).astype(np.float32)


def groups_of(x, axis, block_size):
    """Each group's values in row-major order, in the layout's group order (ONNX's scale tensor)."""
    moved = np.moveaxis(x, axis, -1)
    d = moved.shape[-1]
    b = block_size or 1
    blocks = [moved[..., i:i + b] for i in range(0, d, b)]
    if block_size == 0:
        return [np.ascontiguousarray(np.take(x, i, axis=axis)).ravel() for i in range(x.shape[axis])]
    # Scale shape: x's shape with D replaced by ceil(D / B); row-major over it.
    out = []
    scale_shape = list(x.shape)
    scale_shape[axis] = len(blocks)
    for idx in np.ndindex(*scale_shape):
        sl = list(idx)
        sl[axis] = slice(idx[axis] * b, min((idx[axis] + 1) * b, x.shape[axis]))
        out.append(x[tuple(sl)].ravel())
    return out


@pytest.mark.parametrize("axis,block_size", [(0, 0), (1, 0), (-1, 0), (1, 16), (0, 4), (1, 40)])
def test_each_group_as_a_tensor(axis, block_size):
    x = weights()
    groups = groups_of(x, axis, block_size)
    ranges = qrange.minmax_axis(x, axis, block_size)
    assert ranges.shape == (len(groups), 2) and ranges.dtype == np.float32
    params, mse = qrange.calibrate_axis(x, "mse", axis, block_size)
    assert len(params) == len(groups)
    for g, r, p in zip(groups, ranges, params):
        assert tuple(r) == qrange.minmax(g)
        assert p == qrange.calibrate(g, "mse")[0]
    assert qrange.mse_axis(x, params, axis, block_size) == mse
    q = qrange.quantize_axis(x, params, axis, block_size)
    assert q.shape == x.shape and q.dtype == np.uint8
    back = qrange.dequantize_axis(q, params, axis, block_size)
    for qg, xg, bg, p in zip(groups_of(q, axis, block_size), groups, groups_of(back, axis, block_size), params):
        np.testing.assert_array_equal(qg, onnx_quantize(xg, p, np.uint8))
        np.testing.assert_array_equal(bg, onnx_dequantize(qg, p))


@pytest.mark.parametrize("qtype,qmin,qmax,scheme", [("uint4", 0, 15, "asymmetric"), ("int4", -8, 7, "symmetric")])
def test_4_bit_packing(qtype, qmin, qmax, scheme):
    x = weights((3, 11))  # 33 elements: an odd count
    params, _ = qrange.calibrate_axis(x, "minmax", 1, 4, qmin=qmin, qmax=qmax, scheme=scheme)
    packed = qrange.quantize_axis(x, params, 1, 4, dtype=qtype)
    assert packed.shape == (17,) and packed.dtype == np.uint8
    wide = qrange.quantize_axis(x, params, 1, 4, dtype="int8").ravel().astype(np.int64)
    nibbles = wide & 0xF
    want = nibbles[0::2] | np.append(nibbles[1::2], 0) << 4
    np.testing.assert_array_equal(packed, want)
    back = qrange.dequantize_axis(packed, params, 1, 4, qtype=qtype, shape=x.shape)
    np.testing.assert_array_equal(back, qrange.dequantize_axis(wide.reshape(x.shape).astype(np.int8), params, 1, 4))


def test_half_types_per_axis():
    x = bf16_values(8 * 32).reshape(8, 32)
    params, mse = qrange.calibrate_axis(x, "percentile", 0)
    assert qrange.calibrate_axis(bf16_bits(x), "percentile", 0, bf16=True) == (params, mse)
    h = x.astype(np.float16)
    np.testing.assert_array_equal(qrange.minmax_axis(h, 1), qrange.minmax_axis(h.astype(np.float32), 1))
    np.testing.assert_array_equal(qrange.quantize_axis(h, params, 0), qrange.quantize_axis(h.astype(np.float32),
                                                                                          params, 0))
    q = qrange.quantize_axis(x, params, 0)
    np.testing.assert_array_equal(qrange.dequantize_axis(q, params, 0, dtype="float16"),
                                  qrange.dequantize_axis(q, params, 0).astype(np.float16))


def test_layout_errors():
    x = weights()
    with pytest.raises(qrange.InvalidArgument):
        qrange.minmax_axis(x, 2)
    with pytest.raises(qrange.InvalidArgument):
        qrange.minmax_axis(x, 1, 41)
    params, _ = qrange.calibrate_axis(x, "minmax", 0)
    with pytest.raises(qrange.InvalidArgument):
        qrange.quantize_axis(x, params[:-1], 0)
    with pytest.raises(qrange.InvalidArgument):
        qrange.dequantize_axis(np.zeros(3, np.uint8), params, 0, qtype="uint4")
    empty = x.copy()
    empty[2] = np.nan
    with pytest.raises(qrange.EmptyInput):
        qrange.minmax_axis(empty, 0)


def test_layout_counts():
    assert qrange.layout_counts((6, 40), 1, 16) == (240, 18)
    assert qrange.layout_counts((6, 40), -2) == (240, 6)
    with pytest.raises(qrange.InvalidArgument):
        qrange.layout_counts((6, 0))
