// The reference for per-axis and blocked quantization: the per-tensor
// reference applied element by element, each with its group's parameters.
#include <cmath>
#include <cstdint>

#include "kernels/kernel_table.hpp"
#include "kernels/scalar/value.hpp"

namespace qrange::kernels::scalar {

namespace {

template <class T>
void quantize_axis_to(const float* x, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase,
                      T* q) {
  for (std::size_t i = 0; i < n; ++i) q[i] = static_cast<T>(quantize_one(x[i], p.sets[(phase + i) / run]));
}

template <class T>
void dequantize_axis_from(const T* q, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase,
                          float* x) {
  for (std::size_t i = 0; i < n; ++i) x[i] = dequantize_value(q[i], p.sets[(phase + i) / run]);
}

}  // namespace

void minmax_rows(const float* x, std::size_t rows, std::size_t len, std::size_t stride, MinMax* out) {
  for (std::size_t r = 0; r < rows; ++r) out[r] = minmax(x + r * stride, len);
}

void minmax_columns(const float* x, std::size_t rows, std::size_t cols, std::size_t stride, float* lo, float* hi) {
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t j = 0; j < cols; ++j) {
      const float v = x[r * stride + j];
      if (!std::isfinite(v)) continue;
      if (v < lo[j]) lo[j] = v;
      if (v > hi[j]) hi[j] = v;
    }
}

void quantize_axis(const float* x, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase,
                   std::uint8_t* q) {
  quantize_axis_to(x, n, p, run, phase, q);
}
void quantize_axis(const float* x, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase,
                   std::int8_t* q) {
  quantize_axis_to(x, n, p, run, phase, q);
}
void quantize_axis(const float* x, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase,
                   std::uint16_t* q) {
  quantize_axis_to(x, n, p, run, phase, q);
}
void quantize_axis(const float* x, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase,
                   std::int16_t* q) {
  quantize_axis_to(x, n, p, run, phase, q);
}
void dequantize_axis(const std::uint8_t* q, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase,
                     float* x) {
  dequantize_axis_from(q, n, p, run, phase, x);
}
void dequantize_axis(const std::int8_t* q, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase,
                     float* x) {
  dequantize_axis_from(q, n, p, run, phase, x);
}
void dequantize_axis(const std::uint16_t* q, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase,
                     float* x) {
  dequantize_axis_from(q, n, p, run, phase, x);
}
void dequantize_axis(const std::int16_t* q, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase,
                     float* x) {
  dequantize_axis_from(q, n, p, run, phase, x);
}

// scalar::mse with each element's own parameters: lane i % 16, mse_fold.
MseSum mse_axis(const float* x, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase) {
  double lanes[kMseLanes] = {};
  std::uint64_t count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i])) continue;
    const qrange_params pi = p.sets[(phase + i) / run];
    const double d = static_cast<double>(x[i]) - static_cast<double>(dequantize_value(quantize_one(x[i], pi), pi));
    lanes[i % kMseLanes] += d * d;
    ++count;
  }
  return {mse_fold(lanes), count};
}

void pack_nibbles(const std::uint8_t* in, std::size_t n, std::uint8_t* out) {
  for (std::size_t k = 0; k < n / 2; ++k)
    out[k] = static_cast<std::uint8_t>((in[2 * k] & 0x0f) | (in[2 * k + 1] << 4));
  if (n % 2 != 0) out[n / 2] = static_cast<std::uint8_t>(in[n - 1] & 0x0f);
}

void unpack_nibbles(const std::uint8_t* in, std::size_t n, std::uint8_t* out) {
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>((in[i / 2] >> (4 * (i % 2))) & 0x0f);
}

void unpack_nibbles(const std::uint8_t* in, std::size_t n, std::int8_t* out) {
  for (std::size_t i = 0; i < n; ++i) {
    const int nibble = (in[i / 2] >> (4 * (i % 2))) & 0x0f;
    out[i] = static_cast<std::int8_t>(nibble >= 8 ? nibble - 16 : nibble);
  }
}

}  // namespace qrange::kernels::scalar
