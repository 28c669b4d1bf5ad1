#include <cmath>
#include <limits>

#include "kernels/element.hpp"
#include "kernels/kernel_table.hpp"

namespace qrange::kernels::scalar {

std::uint32_t bin_index(float x, const HistogramSpec& spec) {
  const float t = (x - spec.lo) * spec.factor;
  if (std::isnan(t)) return 0;  // 0 * inf: x == lo in a range too narrow for factor
  const float last = static_cast<float>(spec.bins - 1);
  float b = std::floor(t);
  if (b < 0.0f) b = 0.0f;
  if (b > last) b = last;  // t == +inf included; converted only once in range
  return static_cast<std::uint32_t>(b);
}

template <class In>
void histogram(const elem_t<In>* x, std::size_t n, const HistogramSpec& spec, std::uint64_t* counts) {
  for (std::size_t i = 0; i < n; ++i) {
    const float v = to_float<In>(x[i]);
    if (!std::isfinite(v))
      ++counts[spec.bins + kSlotSkipped];
    else if (v < spec.lo)
      ++counts[spec.bins + kSlotBelow];
    else if (v > spec.hi)
      ++counts[spec.bins + kSlotAbove];
    else
      ++counts[bin_index(v, spec)];
  }
}

template void histogram<F32>(const float*, std::size_t, const HistogramSpec&, std::uint64_t*);
template void histogram<F16>(const std::uint16_t*, std::size_t, const HistogramSpec&, std::uint64_t*);
template void histogram<BF16>(const std::uint16_t*, std::size_t, const HistogramSpec&, std::uint64_t*);

}  // namespace qrange::kernels::scalar
