"""The user's notebook, with qrange: uniform values in [-50, 150] and one
outlier, 1000, quantized to 8 bits with three ranges (min-max, percentile
99.99, and the parameters of least MSE) and compared as `qrange demo` does.

The data are the command's own (std::mt19937_64, seed 42, through
std::uniform_real_distribution<float> as libstdc++ computes it), so that the
numbers printed here are the numbers `qrange demo` prints.

Run it with the module on the path: PYTHONPATH=build/python python3 examples/notebook.py
"""
import numpy as np

import qrange

N, SEED, LOW, HIGH, OUTLIER = 10_000, 42, -50.0, 150.0, 1000.0
MASK64 = (1 << 64) - 1


def mt19937_64(seed, count):
    """count outputs of C++'s std::mt19937_64 seeded with seed."""
    n, m = 312, 156
    mt = [seed & MASK64]
    for i in range(1, n):
        mt.append((6364136223846793005 * (mt[-1] ^ (mt[-1] >> 62)) + i) & MASK64)
    out, index = [], n
    for _ in range(count):
        if index == n:
            for i in range(n):
                y = (mt[i] & 0xFFFFFFFF80000000) | (mt[(i + 1) % n] & 0x7FFFFFFF)
                mt[i] = mt[(i + m) % n] ^ (y >> 1) ^ (0xB5026F5AA96619E9 if y & 1 else 0)
            index = 0
        y = mt[index]
        index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        y ^= y >> 43
        out.append(y)
    return np.array(out, dtype=np.uint64)


def uniform_float32(seed, count, low, high):
    """std::uniform_real_distribution<float>(low, high) over std::mt19937_64,
    as libstdc++ computes it in float32: generate_canonical, then c * (b - a) + a."""
    c = mt19937_64(seed, count).astype(np.float32) / np.float32(2.0**64)
    c[c >= 1] = np.nextafter(np.float32(1), np.float32(0))
    return c * np.float32(high - low) + np.float32(low)


def ends(v):
    return np.concatenate([v[:3], v[-3:]])


def row(label, values, fmt):
    cells = [fmt % v for v in values]
    print("    %-12s" % label + "".join(cells[:3]) + "  ..." + "".join(cells[3:]))


# 1. The data: the uniform values, then the outlier last.
x = np.append(uniform_float32(SEED, N, LOW, HIGH), np.float32(OUTLIER))
without_outlier = x[:N]

# 2. Three sets of parameters on the uint8 grid, zero included.
lo, hi = qrange.minmax(x)
minmax_params = qrange.choose_params((lo, hi), 0, 255)
p_lo, p_hi = qrange.percentile_range(x, 99.99)
percentile_params = qrange.choose_params((p_lo, p_hi), 0, 255)
mse_params, mse_all = qrange.calibrate(x, "mse")
# The range the mse parameters keep: the integer differences are exact in
# float32, so each end is rounded once.
mse_range = tuple(float(np.float32(q - mse_params.zero_point) * np.float32(mse_params.scale))
                  for q in (mse_params.qmin, mse_params.qmax))

print("qrange demo: %d values uniform in [%g, %g] (seed %d) plus one outlier %g" % (N, LOW, HIGH, SEED, OUTLIER))
print("8 bits, asymmetric, integers in [0, 255]\n")
rows = []
for label, rng, params in [("min-max", (lo, hi), minmax_params),
                           ("percentile 99.99", (p_lo, p_hi), percentile_params),
                           ("mse", mse_range, mse_params)]:
    # 3. Quantize and dequantize the ends of the data; the MSE with and
    # without the outlier.
    shown = ends(x)
    q = qrange.quantize(shown, params)
    back = qrange.dequantize(q, params)
    mse_without = qrange.mse(without_outlier, params)
    mse_with = qrange.mse(x, params)
    rows.append((label, rng, mse_without, mse_with))
    print(label)
    print("    range       [%g, %g]" % rng)
    print("    scale       %.9g" % params.scale)
    print("    zero point  %d" % params.zero_point)
    row("values", shown, " %10.4f")
    row("quantized", q, " %10.0f")
    row("dequantized", back, " %10.4f")
    print("    MSE         %.6g (without the outlier; scale^2/12 = %.6g)"
          % (mse_without, np.float64(params.scale) * np.float32(params.scale) / 12.0))
    print("    all values  %.6g (the outlier included)\n" % mse_with)

mm, pc, ms = rows
if pc[2] < mm[2]:
    print("conclusion: the %s range clips the outlier to %g and cuts the error on the other values %.0fx "
          "(MSE %.3g instead of %.3g)" % (pc[0], pc[1][1], mm[2] / pc[2], pc[2], mm[2]))
else:
    print("conclusion: here the %s range gains nothing over min-max (MSE %.3g vs %.3g)" % (pc[0], pc[2], mm[2]))
outlier = "clip the outlier to %g" % ms[1][1] if ms[1][1] < OUTLIER else "keep the outlier"
print("the mse parameters, searched for the least error over all the values, %s (MSE %.3g over all; "
      "min-max %.3g, %s %.3g)" % (outlier, ms[3], mm[3], pc[0], pc[3]))
assert abs(mse_all - ms[3]) <= 1e-12 * ms[3], "calibrate's MSE is the MSE of its parameters"
