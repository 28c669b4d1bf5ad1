#include "kernels/element.hpp"
#include "kernels/kernel_table.hpp"

namespace qrange::kernels::scalar {

template <class In>
GatherCounts gather(const elem_t<In>* x, std::size_t n, const GatherTarget& a, const GatherTarget& b) {
  GatherCounts c{0, 0, true};
  for (std::size_t i = 0; i < n; ++i) {
    const float v = to_float<In>(x[i]);
    if (v >= a.values.lo && v <= a.values.hi) {
      if (c.first == a.capacity) return {c.first, c.second, false};
      a.out[c.first++] = v;
    } else if (v >= b.values.lo && v <= b.values.hi) {
      if (c.second == b.capacity) return {c.first, c.second, false};
      b.out[c.second++] = v;
    }
  }
  return c;
}

template GatherCounts gather<F32>(const float*, std::size_t, const GatherTarget&, const GatherTarget&);
template GatherCounts gather<F16>(const std::uint16_t*, std::size_t, const GatherTarget&, const GatherTarget&);
template GatherCounts gather<BF16>(const std::uint16_t*, std::size_t, const GatherTarget&, const GatherTarget&);

}  // namespace qrange::kernels::scalar
