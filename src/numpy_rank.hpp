// numpy's 'linear' percentile, as both percentile paths (a tensor's, in
// src/percentile.cpp, and an observer state's) compute it, and the float32
// roundings of its results.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

namespace qrange::detail {

// The virtual index (m - 1) * (q / 100) in float64, the order statistics at
// its floor and the next one, weight index - floor.
struct Rank {
  std::uint64_t k;  // the lower order statistic (0-based); k + 1 is the upper
  double gamma;
  bool top;  // index >= m - 1: numpy takes the largest value alone
};

inline Rank rank_for(double q, std::uint64_t m) {
  const double index = static_cast<double>(m - 1) * (q / 100.0);
  if (index >= static_cast<double>(m - 1)) return {m - 1, 0.0, true};
  const double lower = std::floor(index);
  return {static_cast<std::uint64_t>(lower), index - lower, false};
}

// numpy's _lerp, including its switch to the upper end for gamma >= 0.5.
inline double lerp(double a, double b, double g) {
  const double d = b - a;
  return g >= 0.5 ? b - d * (1.0 - g) : a + d * g;
}

inline float to_result(double v) {
  const auto f = static_cast<float>(v);
  return f == 0.0f ? 0.0f : f;  // +0.0 only, as qrange_minmax_f32
}

// The largest float32 <= v and the smallest >= v.
inline float round_down(double v) {
  float f = static_cast<float>(v);
  if (static_cast<double>(f) > v) f = std::nextafter(f, -std::numeric_limits<float>::infinity());
  return f;
}
inline float round_up(double v) {
  float f = static_cast<float>(v);
  if (static_cast<double>(f) < v) f = std::nextafter(f, std::numeric_limits<float>::infinity());
  return f;
}

}  // namespace qrange::detail
