// The reference for the quantization error: quantize, dequantize, and the
// squared difference in double, summed in a fixed order.
#include <cmath>
#include <cstdint>

#include "kernels/element.hpp"
#include "kernels/kernel_table.hpp"
#include "kernels/scalar/value.hpp"

namespace qrange::kernels::scalar {

// Element i goes to lane i % 16, each lane summed in element order; the lanes
// are then folded by mse_fold. SIMD kernels keep the 16 lanes in registers.
template <class In>
MseSum mse(const elem_t<In>* x, std::size_t n, const qrange_params& p) {
  double lanes[kMseLanes] = {};
  std::uint64_t count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const float v = to_float<In>(x[i]);
    if (!std::isfinite(v)) continue;
    const double d = static_cast<double>(v) - static_cast<double>(dequantize_value(quantize_one(v, p), p));
    lanes[i % kMseLanes] += d * d;
    ++count;
  }
  return {mse_fold(lanes), count};
}

template MseSum mse<F32>(const float*, std::size_t, const qrange_params&);
template MseSum mse<F16>(const std::uint16_t*, std::size_t, const qrange_params&);
template MseSum mse<BF16>(const std::uint16_t*, std::size_t, const qrange_params&);

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
