#include <cmath>
#include <limits>

#include "kernels/element.hpp"
#include "kernels/kernel_table.hpp"

namespace qrange::kernels::scalar {

std::uint32_t observe_bin(float x, const ObserveGrid& grid) {
  // In double every float scaled by 2^-exponent is exact (|x / 2^e| < 2^45
  // inside the range, never below 2^-341), and so are floor and the
  // difference of two integers below 2^53.
  const double cell = std::floor(std::ldexp(static_cast<double>(x), -grid.exponent));
  return static_cast<std::uint32_t>(static_cast<std::int64_t>(cell) - grid.first);
}

template <class In>
std::size_t observe(const elem_t<In>* x, std::size_t n, const ObserveGrid& grid, std::uint64_t* counts) {
  for (std::size_t i = 0; i < n; ++i) {
    const float v = to_float<In>(x[i]);
    if (v >= grid.lo && v <= grid.hi)
      ++counts[observe_bin(v, grid)];
    else if (std::isnan(v))
      ++counts[grid.bins + kSlotNaN];
    else if (v == std::numeric_limits<float>::infinity())
      ++counts[grid.bins + kSlotPosInf];
    else if (v == -std::numeric_limits<float>::infinity())
      ++counts[grid.bins + kSlotNegInf];
    else
      return i;
  }
  return n;
}

template std::size_t observe<F32>(const float*, std::size_t, const ObserveGrid&, std::uint64_t*);
template std::size_t observe<F16>(const std::uint16_t*, std::size_t, const ObserveGrid&, std::uint64_t*);
template std::size_t observe<BF16>(const std::uint16_t*, std::size_t, const ObserveGrid&, std::uint64_t*);

}  // namespace qrange::kernels::scalar
