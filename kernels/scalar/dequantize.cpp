// The reference for dequantize: the specification (ONNX DequantizeLinear) in
// plain C++.
#include <cstdint>

#include "kernels/kernel_table.hpp"
#include "kernels/scalar/value.hpp"

namespace qrange::kernels::scalar {

namespace {

template <class T>
void dequantize_from(const T* q, std::size_t n, const qrange_params& p, float* x) {
  for (std::size_t i = 0; i < n; ++i) x[i] = dequantize_value(q[i], p);
}

}  // namespace

void dequantize(const std::uint8_t* q, std::size_t n, const qrange_params& p, float* x) { dequantize_from(q, n, p, x); }
void dequantize(const std::int8_t* q, std::size_t n, const qrange_params& p, float* x) { dequantize_from(q, n, p, x); }
void dequantize(const std::uint16_t* q, std::size_t n, const qrange_params& p, float* x) { dequantize_from(q, n, p, x); }
void dequantize(const std::int16_t* q, std::size_t n, const qrange_params& p, float* x) { dequantize_from(q, n, p, x); }

}  // namespace qrange::kernels::scalar
