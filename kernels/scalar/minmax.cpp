#include <cmath>
#include <limits>

#include "kernels/element.hpp"
#include "kernels/kernel_table.hpp"

namespace qrange::kernels::scalar {

template <class In>
MinMax minmax(const elem_t<In>* x, std::size_t n) {
  MinMax r{std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(), 0};
  for (std::size_t i = 0; i < n; ++i) {
    const float v = to_float<In>(x[i]);
    if (!std::isfinite(v)) {
      ++r.nonfinite;
      continue;
    }
    if (v < r.min) r.min = v;
    if (v > r.max) r.max = v;
  }
  // -0.0 and +0.0 compare equal, so which one survived depends on the order.
  if (r.min == 0.0f) r.min = 0.0f;
  if (r.max == 0.0f) r.max = 0.0f;
  return r;
}

template MinMax minmax<F32>(const float*, std::size_t);
template MinMax minmax<F16>(const std::uint16_t*, std::size_t);
template MinMax minmax<BF16>(const std::uint16_t*, std::size_t);

MinMax merge(MinMax a, MinMax b) {
  return {b.min < a.min ? b.min : a.min, b.max > a.max ? b.max : a.max, a.nonfinite + b.nonfinite};
}

}  // namespace qrange::kernels::scalar
