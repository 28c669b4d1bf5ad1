// The synthetic families of the calibration tests and benchmarks: the shapes
// of weights and activations that the MSE and entropy searches must handle.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
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

}  // namespace qrange::test
