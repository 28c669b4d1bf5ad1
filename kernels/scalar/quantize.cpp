// The reference for quantize: the specification (ONNX QuantizeLinear) in
// plain C++.
#include <cstdint>

#include "kernels/element.hpp"
#include "kernels/kernel_table.hpp"
#include "kernels/scalar/value.hpp"

namespace qrange::kernels::scalar {

std::int64_t quantize_value(float x, const qrange_params& p) { return quantize_one(x, p); }

template <class In, class T>
void quantize(const elem_t<In>* x, std::size_t n, const qrange_params& p, T* q) {
  for (std::size_t i = 0; i < n; ++i) q[i] = static_cast<T>(quantize_one(to_float<In>(x[i]), p));
}

template void quantize<F32, std::uint8_t>(const float*, std::size_t, const qrange_params&, std::uint8_t*);
template void quantize<F32, std::int8_t>(const float*, std::size_t, const qrange_params&, std::int8_t*);
template void quantize<F32, std::uint16_t>(const float*, std::size_t, const qrange_params&, std::uint16_t*);
template void quantize<F32, std::int16_t>(const float*, std::size_t, const qrange_params&, std::int16_t*);
template void quantize<F16, std::uint8_t>(const std::uint16_t*, std::size_t, const qrange_params&, std::uint8_t*);
template void quantize<F16, std::int8_t>(const std::uint16_t*, std::size_t, const qrange_params&, std::int8_t*);
template void quantize<F16, std::uint16_t>(const std::uint16_t*, std::size_t, const qrange_params&, std::uint16_t*);
template void quantize<F16, std::int16_t>(const std::uint16_t*, std::size_t, const qrange_params&, std::int16_t*);
template void quantize<BF16, std::uint8_t>(const std::uint16_t*, std::size_t, const qrange_params&, std::uint8_t*);
template void quantize<BF16, std::int8_t>(const std::uint16_t*, std::size_t, const qrange_params&, std::int8_t*);
template void quantize<BF16, std::uint16_t>(const std::uint16_t*, std::size_t, const qrange_params&, std::uint16_t*);
template void quantize<BF16, std::int16_t>(const std::uint16_t*, std::size_t, const qrange_params&, std::int16_t*);

}  // namespace qrange::kernels::scalar
