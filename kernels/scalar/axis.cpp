// The reference for per-axis and blocked quantization: the per-tensor
// reference applied element by element, each with its group's parameters.
#include <cmath>
#include <cstdint>

#include "kernels/element.hpp"
#include "kernels/kernel_table.hpp"
#include "kernels/scalar/value.hpp"

namespace qrange::kernels::scalar {

template <class In>
void minmax_rows(const elem_t<In>* x, std::size_t rows, std::size_t len, std::size_t stride, MinMax* out) {
  for (std::size_t r = 0; r < rows; ++r) out[r] = minmax<In>(x + r * stride, len);
}

template <class In>
void minmax_columns(const elem_t<In>* x, std::size_t rows, std::size_t cols, std::size_t stride, float* lo,
                    float* hi) {
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t j = 0; j < cols; ++j) {
      const float v = to_float<In>(x[r * stride + j]);
      if (!std::isfinite(v)) continue;
      if (v < lo[j]) lo[j] = v;
      if (v > hi[j]) hi[j] = v;
    }
}

template <class In, class T>
void quantize_axis(const elem_t<In>* x, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase,
                   T* q) {
  for (std::size_t i = 0; i < n; ++i)
    q[i] = static_cast<T>(quantize_one(to_float<In>(x[i]), p.sets[(phase + i) / run]));
}

template <class T, class Out>
void dequantize_axis(const T* q, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase,
                     elem_t<Out>* x) {
  for (std::size_t i = 0; i < n; ++i) x[i] = from_float<Out>(dequantize_value(q[i], p.sets[(phase + i) / run]));
}

// scalar::mse with each element's own parameters: lane i % 16, mse_fold.
template <class In>
MseSum mse_axis(const elem_t<In>* x, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase) {
  double lanes[kMseLanes] = {};
  std::uint64_t count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const float v = to_float<In>(x[i]);
    if (!std::isfinite(v)) continue;
    const qrange_params pi = p.sets[(phase + i) / run];
    const double d = static_cast<double>(v) - static_cast<double>(dequantize_value(quantize_one(v, pi), pi));
    lanes[i % kMseLanes] += d * d;
    ++count;
  }
  return {mse_fold(lanes), count};
}

template void minmax_rows<F32>(const float*, std::size_t, std::size_t, std::size_t, MinMax*);
template void minmax_rows<F16>(const std::uint16_t*, std::size_t, std::size_t, std::size_t, MinMax*);
template void minmax_rows<BF16>(const std::uint16_t*, std::size_t, std::size_t, std::size_t, MinMax*);
template void minmax_columns<F32>(const float*, std::size_t, std::size_t, std::size_t, float*, float*);
template void minmax_columns<F16>(const std::uint16_t*, std::size_t, std::size_t, std::size_t, float*, float*);
template void minmax_columns<BF16>(const std::uint16_t*, std::size_t, std::size_t, std::size_t, float*, float*);
template void quantize_axis<F32, std::uint8_t>(const float*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                         std::uint8_t*);
template void quantize_axis<F32, std::int8_t>(const float*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                         std::int8_t*);
template void quantize_axis<F32, std::uint16_t>(const float*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                         std::uint16_t*);
template void quantize_axis<F32, std::int16_t>(const float*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                         std::int16_t*);
template void quantize_axis<F16, std::uint8_t>(const std::uint16_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                         std::uint8_t*);
template void quantize_axis<F16, std::int8_t>(const std::uint16_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                         std::int8_t*);
template void quantize_axis<F16, std::uint16_t>(const std::uint16_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                         std::uint16_t*);
template void quantize_axis<F16, std::int16_t>(const std::uint16_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                         std::int16_t*);
template void quantize_axis<BF16, std::uint8_t>(const std::uint16_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                         std::uint8_t*);
template void quantize_axis<BF16, std::int8_t>(const std::uint16_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                         std::int8_t*);
template void quantize_axis<BF16, std::uint16_t>(const std::uint16_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                         std::uint16_t*);
template void quantize_axis<BF16, std::int16_t>(const std::uint16_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                         std::int16_t*);
template void dequantize_axis<std::uint8_t, F32>(const std::uint8_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                           float*);
template void dequantize_axis<std::int8_t, F32>(const std::int8_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                           float*);
template void dequantize_axis<std::uint16_t, F32>(const std::uint16_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                           float*);
template void dequantize_axis<std::int16_t, F32>(const std::int16_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                           float*);
template void dequantize_axis<std::uint8_t, F16>(const std::uint8_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                           std::uint16_t*);
template void dequantize_axis<std::int8_t, F16>(const std::int8_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                           std::uint16_t*);
template void dequantize_axis<std::uint16_t, F16>(const std::uint16_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                           std::uint16_t*);
template void dequantize_axis<std::int16_t, F16>(const std::int16_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                           std::uint16_t*);
template void dequantize_axis<std::uint8_t, BF16>(const std::uint8_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                           std::uint16_t*);
template void dequantize_axis<std::int8_t, BF16>(const std::int8_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                           std::uint16_t*);
template void dequantize_axis<std::uint16_t, BF16>(const std::uint16_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                           std::uint16_t*);
template void dequantize_axis<std::int16_t, BF16>(const std::int16_t*, std::size_t, const AxisParams&, std::size_t, std::size_t,
                                           std::uint16_t*);
template MseSum mse_axis<F32>(const float*, std::size_t, const AxisParams&, std::size_t, std::size_t);
template MseSum mse_axis<F16>(const std::uint16_t*, std::size_t, const AxisParams&, std::size_t, std::size_t);
template MseSum mse_axis<BF16>(const std::uint16_t*, std::size_t, const AxisParams&, std::size_t, std::size_t);

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
