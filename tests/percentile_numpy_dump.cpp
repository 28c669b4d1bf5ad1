// Writes inputs and qrange's percentile ranges for check_percentile_numpy.py,
// which compares them with numpy itself. Usage: percentile_numpy_dump DIR
#include <qrange/qrange.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

bool write_case(const std::string& dir, const std::string& name, const std::vector<float>& x, FILE* results) {
  const std::string path = dir + "/" + name + ".f32";
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr || std::fwrite(x.data(), sizeof(float), x.size(), f) != x.size() || std::fclose(f) != 0) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    return false;
  }
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
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  FILE* results = std::fopen((dir + "/results.txt").c_str(), "w");
  if (results == nullptr) return 1;
  std::mt19937_64 rng(42);
  const auto sample = [&](std::size_t n, auto dist) {
    std::vector<float> v(n);
    for (float& f : v) f = static_cast<float>(dist(rng));
    return v;
  };
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
