// Writes inputs and qrange's percentile ranges for check_percentile_numpy.py,
// which compares them with numpy itself. Usage: percentile_numpy_dump DIR
#include <qrange/qrange.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "numpy_dump.hpp"

namespace {

bool write_case(const std::string& dir, const std::string& name, const std::vector<float>& x, FILE* results) {
  if (!qrange::test::write_values(dir, name, x)) return false;
  for (double p : {99.99, 99.9, 99.0, 75.0, 50.0}) {
    for (std::size_t bins : {std::size_t{0}, std::size_t{100}}) {
      qrange_range r[2];
      for (int exact = 0; exact < 2; ++exact) {
        if (qrange_percentile_range_f32(x.data(), x.size(), p, bins, exact, &r[exact]) != QRANGE_OK) {
          std::fprintf(stderr, "%s: %s\n", name.c_str(), qrange_last_error());
          return false;
        }
      }
      // %a: every bit of the float32 results reaches Python.
      std::fprintf(results, "%s %.17g %zu %a %a %a %a\n", name.c_str(), p, bins ? bins : 2048,
                   static_cast<double>(r[1].min), static_cast<double>(r[1].max), static_cast<double>(r[0].min),
                   static_cast<double>(r[0].max));
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  FILE* results = qrange::test::open_results(argc, argv, &dir);
  if (results == nullptr) return argc != 2 ? 2 : 1;
  std::mt19937_64 rng(42);
  const auto sample = [&](std::size_t n, auto dist) { return qrange::test::sample(rng, n, dist); };
  auto user = sample(10000, std::uniform_real_distribution<double>(-50.0, 150.0));
  user.push_back(1000.0f);
  auto specials = sample(5000, std::normal_distribution<double>(0.0, 1.0));
  specials[17] = std::nanf("");
  specials[99] = std::numeric_limits<float>::infinity();
  bool ok = write_case(dir, "user_example", user, results) &&
            write_case(dir, "normal", sample(100000, std::normal_distribution<double>(3.0, 2.0)), results) &&
            write_case(dir, "cauchy", sample(50000, std::cauchy_distribution<double>(0.0, 1.0)), results) &&
            write_case(dir, "lognormal", sample(20000, std::lognormal_distribution<double>(0.0, 2.0)), results) &&
            write_case(dir, "three", {2.0f, -1.0f, 0.5f}, results) && write_case(dir, "nan_inf", specials, results);
  return std::fclose(results) == 0 && ok ? 0 : 1;
}
