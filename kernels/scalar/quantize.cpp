// The reference for quantize, dequantize and the quantization error: the
// specification (ONNX QuantizeLinear / DequantizeLinear) in plain C++.
#include <cmath>
#include <cstdint>

#include "kernels/kernel_table.hpp"

namespace qrange::kernels::scalar {

namespace {

std::int64_t clamp(std::int64_t v, std::int64_t lo, std::int64_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

// (float)(q - zero_point) * scale, the subtraction exact.
float dequantize_value(std::int64_t q, const qrange_params& p) {
  return static_cast<float>(q - p.zero_point) * p.scale;
}

template <class T>
void quantize_to(const float* x, std::size_t n, const qrange_params& p, T* q) {
  for (std::size_t i = 0; i < n; ++i) q[i] = static_cast<T>(quantize_value(x[i], p));
}

template <class T>
void dequantize_from(const T* q, std::size_t n, const qrange_params& p, float* x) {
  for (std::size_t i = 0; i < n; ++i) x[i] = dequantize_value(q[i], p);
}

}  // namespace

std::int64_t quantize_value(float x, const qrange_params& p) {
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

void quantize(const float* x, std::size_t n, const qrange_params& p, std::uint8_t* q) { quantize_to(x, n, p, q); }
void quantize(const float* x, std::size_t n, const qrange_params& p, std::int8_t* q) { quantize_to(x, n, p, q); }
void quantize(const float* x, std::size_t n, const qrange_params& p, std::uint16_t* q) { quantize_to(x, n, p, q); }
void quantize(const float* x, std::size_t n, const qrange_params& p, std::int16_t* q) { quantize_to(x, n, p, q); }

void dequantize(const std::uint8_t* q, std::size_t n, const qrange_params& p, float* x) { dequantize_from(q, n, p, x); }
void dequantize(const std::int8_t* q, std::size_t n, const qrange_params& p, float* x) { dequantize_from(q, n, p, x); }
void dequantize(const std::uint16_t* q, std::size_t n, const qrange_params& p, float* x) { dequantize_from(q, n, p, x); }
void dequantize(const std::int16_t* q, std::size_t n, const qrange_params& p, float* x) { dequantize_from(q, n, p, x); }

// Element i goes to lane i % 16, each lane summed in element order; the lanes
// are then folded by mse_fold. SIMD kernels keep the 16 lanes in registers.
MseSum mse(const float* x, std::size_t n, const qrange_params& p) {
  double lanes[kMseLanes] = {};
  std::uint64_t count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i])) continue;
    const double d = static_cast<double>(x[i]) - static_cast<double>(dequantize_value(quantize_value(x[i], p), p));
    lanes[i % kMseLanes] += d * d;
    ++count;
  }
  return {mse_fold(lanes), count};
}

// Halving: lane j takes lane j + 8, then j + 4, j + 2, j + 1, the order in
// which a vector register is folded onto its lower half.
double mse_fold(const double* lanes) {
  double l[kMseLanes];
  for (std::size_t j = 0; j < kMseLanes; ++j) l[j] = lanes[j];
  for (std::size_t half = kMseLanes / 2; half > 0; half /= 2)
    for (std::size_t j = 0; j < half; ++j) l[j] = l[j] + l[j + half];
  return l[0];
}

}  // namespace qrange::kernels::scalar
