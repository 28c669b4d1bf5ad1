// The reference for dequantize: the specification (ONNX DequantizeLinear) in
// plain C++, rounded to the output type (kernels/element.hpp).
#include <cstdint>

#include "kernels/element.hpp"
#include "kernels/kernel_table.hpp"
#include "kernels/scalar/value.hpp"

namespace qrange::kernels::scalar {

template <class T, class Out>
void dequantize(const T* q, std::size_t n, const qrange_params& p, elem_t<Out>* x) {
  for (std::size_t i = 0; i < n; ++i) x[i] = from_float<Out>(dequantize_value(q[i], p));
}

template void dequantize<std::uint8_t, F32>(const std::uint8_t*, std::size_t, const qrange_params&, float*);
template void dequantize<std::int8_t, F32>(const std::int8_t*, std::size_t, const qrange_params&, float*);
template void dequantize<std::uint16_t, F32>(const std::uint16_t*, std::size_t, const qrange_params&, float*);
template void dequantize<std::int16_t, F32>(const std::int16_t*, std::size_t, const qrange_params&, float*);
template void dequantize<std::uint8_t, F16>(const std::uint8_t*, std::size_t, const qrange_params&, std::uint16_t*);
template void dequantize<std::int8_t, F16>(const std::int8_t*, std::size_t, const qrange_params&, std::uint16_t*);
template void dequantize<std::uint16_t, F16>(const std::uint16_t*, std::size_t, const qrange_params&, std::uint16_t*);
template void dequantize<std::int16_t, F16>(const std::int16_t*, std::size_t, const qrange_params&, std::uint16_t*);
template void dequantize<std::uint8_t, BF16>(const std::uint8_t*, std::size_t, const qrange_params&, std::uint16_t*);
template void dequantize<std::int8_t, BF16>(const std::int8_t*, std::size_t, const qrange_params&, std::uint16_t*);
template void dequantize<std::uint16_t, BF16>(const std::uint16_t*, std::size_t, const qrange_params&, std::uint16_t*);
template void dequantize<std::int16_t, BF16>(const std::int16_t*, std::size_t, const qrange_params&, std::uint16_t*);

}  // namespace qrange::kernels::scalar
