"""numpy references of qrange's semantics, shared by the tests."""
import numpy as np


def data(n=10_000, seed=0, outlier=True):
    x = np.random.default_rng(seed).uniform(-50, 150, n).astype(np.float32)
    if outlier:
        x[n // 2] = 1000.0
    return x


def onnx_quantize(x, p, dtype):
    """ONNX QuantizeLinear in numpy: a float32 division, rounding half to even."""
    with np.errstate(invalid="ignore"):
        t = np.rint(x.astype(np.float32) / np.float32(p.scale)).astype(np.float64) + p.zero_point
    t = np.where(np.isnan(t), p.zero_point, t)
    return np.clip(t, p.qmin, p.qmax).astype(dtype)


def onnx_dequantize(q, p):
    return (q.astype(np.int32) - p.zero_point).astype(np.float32) * np.float32(p.scale)


def numpy_mse(x, p):
    finite = x[np.isfinite(x)].astype(np.float32)
    back = onnx_dequantize(onnx_quantize(finite, p, np.int64), p)
    return float(np.mean((finite.astype(np.float64) - back.astype(np.float64)) ** 2))


def bf16_bits(x):
    """bfloat16 bit patterns of float32 values that bfloat16 holds exactly."""
    bits = x.astype(np.float32).view(np.uint32)
    assert not np.any(bits & 0xFFFF), "not bfloat16 values"
    return (bits >> 16).astype(np.uint16)


def bf16_values(n, seed=0):
    """float32 values exactly representable in bfloat16."""
    x = np.random.default_rng(seed).normal(0, 10, n).astype(np.float32)
    return (x.view(np.uint32) & 0xFFFF0000).view(np.float32)
