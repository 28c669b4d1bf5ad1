#include "kernels/kernel_table.hpp"

namespace qrange::kernels::scalar {

GatherCounts gather(const float* x, std::size_t n, const GatherTarget& a, const GatherTarget& b) {
  GatherCounts c{0, 0, true};
  for (std::size_t i = 0; i < n; ++i) {
    const float v = x[i];
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

}  // namespace qrange::kernels::scalar
