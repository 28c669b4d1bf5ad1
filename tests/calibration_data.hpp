// The synthetic families of the calibration tests and benchmarks: the shapes
// of weights and activations that the MSE and entropy searches must handle.
#pragma once

#include <qrange/qrange.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace qrange::test {

inline const std::vector<std::string>& calibration_families() {
  static const std::vector<std::string> names = {"normal",  "laplace", "student_t3", "lognormal",
                                                 "bimodal", "outlier", "sparse"};
  return names;
}

// n values of a family, the same for a seed on every platform (only the
// generator's raw output and IEEE arithmetic are used).
inline std::vector<float> calibration_data(const std::string& family, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto uniform = [&] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1p-53; };  // (0, 1)
  const auto normal = [&] {
    // Box-Muller: a standard normal from two uniforms.
    return std::sqrt(-2.0 * std::log(uniform())) * std::cos(6.283185307179586 * uniform());
  };
  std::vector<float> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    double v = 0.0;
    if (family == "normal") {
      v = normal();
    } else if (family == "laplace") {
      const double u = uniform() - 0.5;
      v = (u < 0 ? 1.0 : -1.0) * std::log(1.0 - 2.0 * std::fabs(u));
    } else if (family == "student_t3") {
      const double a = normal(), b = normal(), c = normal();
      v = normal() / std::sqrt((a * a + b * b + c * c) / 3.0);
    } else if (family == "lognormal") {
      v = std::exp(normal());
    } else if (family == "bimodal") {
      v = (uniform() < 0.5 ? -3.0 : 2.0) + 0.5 * normal();
    } else if (family == "outlier") {  // the user's example: uniform in [-50, 150], one value at 1000
      v = i == n / 2 ? 1000.0 : -50.0 + 200.0 * uniform();
    } else if (family == "sparse") {  // 90% zeros
      v = uniform() < 0.9 ? 0.0 : normal();
    }
    x[i] = static_cast<float>(v);
  }
  return x;
}

inline double exact_mse(const std::vector<float>& x, const qrange_params& p) { return qrange::quantization_mse(x, p); }

// The least exact MSE over every pair of edges of a 128-bin state of x (the
// outer edges replaced by min and max), or every amax at an edge: the
// reference the MSE search is held to.
inline double dense_search(const std::vector<float>& x, const qrange_calibration& c) {
  qrange::observer o(128);
  o.update(x);
  qrange::observer_histogram h = o.histogram();
  const qrange_range mm = o.stats().range;
  h.edges.front() = mm.min;
  h.edges.back() = mm.max;
  double best = std::numeric_limits<double>::infinity();
  const auto consider = [&](qrange_range r) {
    qrange_params p{};
    if (qrange_choose_params(r, c.qmin, c.qmax, c.scheme, c.include_zero, &p) == QRANGE_OK)
      best = std::min(best, exact_mse(x, p));
  };
  for (std::size_t i = 0; i < h.edges.size(); ++i) {
    if (c.scheme == QRANGE_SYMMETRIC) {
      const auto a = static_cast<float>(std::fabs(h.edges[i]));
      if (a > 0.0f) consider({-a, a});
      continue;
    }
    for (std::size_t j = i + 1; j < h.edges.size(); ++j)
      consider({static_cast<float>(h.edges[i]), static_cast<float>(h.edges[j])});
  }
  return best;
}

// The least exact MSE over the ranges whose ends are among 257 points
// evenly spaced from min to max (every pair, or every amax at a point for
// the symmetric scheme): the reference for the search on small blocks,
// whose few values leave a histogram's edges too coarse.
inline double dense_block_search(const std::vector<float>& x, const qrange_calibration& c) {
  const qrange_range mm = qrange::minmax(x).r;
  constexpr int kPoints = 257;
  std::vector<float> ends(kPoints);
  for (int i = 0; i < kPoints; ++i)
    ends[static_cast<std::size_t>(i)] =
        static_cast<float>(mm.min + (static_cast<double>(mm.max) - mm.min) * i / (kPoints - 1));
  // The error of p over x, ONNX's formulas in a plain loop: a call per
  // candidate would cost more than the few values (and minutes under QEMU).
  const auto error = [&](const qrange_params& p) {
    double sum = 0.0;
    std::size_t count = 0;
    for (float v : x) {
      if (!std::isfinite(v)) continue;
      const double q = std::clamp(static_cast<double>(std::nearbyint(v / p.scale)) + p.zero_point,
                                  static_cast<double>(p.qmin), static_cast<double>(p.qmax));
      const double d = static_cast<double>(v) - static_cast<double>(static_cast<float>(q - p.zero_point) * p.scale);
      sum += d * d;
      ++count;
    }
    return sum / static_cast<double>(count);
  };
  double best = std::numeric_limits<double>::infinity();
  const auto consider = [&](qrange_range r) {
    qrange_params p{};
    if (qrange_choose_params(r, c.qmin, c.qmax, c.scheme, c.include_zero, &p) == QRANGE_OK)
      best = std::min(best, error(p));
  };
  const float amax = std::max(std::fabs(mm.min), std::fabs(mm.max));
  for (int i = 0; i < kPoints; ++i) {
    if (c.scheme == QRANGE_SYMMETRIC) {
      consider({-amax * (i + 1) / kPoints, amax * (i + 1) / kPoints});
      continue;
    }
    for (int j = i + 1; j < kPoints; ++j) consider({ends[static_cast<std::size_t>(i)], ends[static_cast<std::size_t>(j)]});
  }
  return best;
}

// The calibration of `method` on the grid of a `bits`-bit integer: signed
// for the symmetric scheme, unsigned for the asymmetric one.
inline qrange_calibration calibration(qrange_method m, int bits, qrange_scheme s, bool include_zero = true) {
  const qrange::grid g = qrange::grid_of_bits(bits, s == QRANGE_SYMMETRIC);
  return qrange::make_calibration(static_cast<qrange::method>(m), g.qmin, g.qmax, s, include_zero);
}

}  // namespace qrange::test
