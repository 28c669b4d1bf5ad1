// The reference for quantize: the specification (ONNX QuantizeLinear) in
// plain C++.
#include <cstdint>

#include "kernels/kernel_table.hpp"
#include "kernels/scalar/value.hpp"

namespace qrange::kernels::scalar {

namespace {

template <class T>
void quantize_to(const float* x, std::size_t n, const qrange_params& p, T* q) {
  for (std::size_t i = 0; i < n; ++i) q[i] = static_cast<T>(quantize_one(x[i], p));
}

}  // namespace

std::int64_t quantize_value(float x, const qrange_params& p) { return quantize_one(x, p); }

void quantize(const float* x, std::size_t n, const qrange_params& p, std::uint8_t* q) { quantize_to(x, n, p, q); }
void quantize(const float* x, std::size_t n, const qrange_params& p, std::int8_t* q) { quantize_to(x, n, p, q); }
void quantize(const float* x, std::size_t n, const qrange_params& p, std::uint16_t* q) { quantize_to(x, n, p, q); }
void quantize(const float* x, std::size_t n, const qrange_params& p, std::int16_t* q) { quantize_to(x, n, p, q); }

}  // namespace qrange::kernels::scalar
