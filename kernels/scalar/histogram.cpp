#include <cmath>
#include <limits>

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

void histogram(const float* x, std::size_t n, const HistogramSpec& spec, std::uint64_t* counts) {
  for (std::size_t i = 0; i < n; ++i) {
    const float v = x[i];
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
