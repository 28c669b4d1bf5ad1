// One value's quantization and dequantization, shared by the scalar kernels
// of quantize, dequantize and mse. Inline so that each kernel's loop compiles
// as one piece; only kernels/scalar/ includes it, so every copy is compiled
// without ISA flags.
#pragma once

#include <cmath>
#include <cstdint>

#include "kernels/kernel_table.hpp"

namespace qrange::kernels::scalar {
namespace {

inline std::int64_t clamp(std::int64_t v, std::int64_t lo, std::int64_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

// scalar::quantize_value.
inline std::int64_t quantize_one(float x, const qrange_params& p) {
  if (std::isnan(x)) return clamp(p.zero_point, p.qmin, p.qmax);
  const float t = x / p.scale;  // a true IEEE division: x * (1 / scale) rounds differently
  float r = std::nearbyint(t);  // ties to even (the default rounding mode)
  // Saturate in float first so that huge quotients and infinities cannot
  // overflow the integer; 2^40 is beyond every int32 qmin/qmax plus |zero_point| <= 2^24.
  const float bound = 0x1p40f;
  if (r < -bound) r = -bound;
  if (r > bound) r = bound;
  return clamp(static_cast<std::int64_t>(r) + p.zero_point, p.qmin, p.qmax);
}

// (float)(q - zero_point) * scale, the subtraction exact.
inline float dequantize_value(std::int64_t q, const qrange_params& p) {
  return static_cast<float>(q - p.zero_point) * p.scale;
}

}  // namespace
}  // namespace qrange::kernels::scalar
