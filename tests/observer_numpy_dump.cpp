// Streams data into observers in random batches and writes the data and the
// observers' percentile ranges for check_observer_numpy.py, which compares
// them with numpy itself. Public C API only. Usage: observer_numpy_dump DIR
#include <qrange/qrange.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "numpy_dump.hpp"

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// Cut points of [0, n) into `batches` pieces of random sizes (empty ones
// included).
std::vector<std::size_t> random_cuts(std::size_t n, std::size_t batches, std::mt19937_64& rng) {
  std::vector<std::size_t> cuts{0, n};
  std::uniform_int_distribution<std::size_t> pos(0, n);
  for (std::size_t i = 1; i < batches; ++i) cuts.push_back(pos(rng));
  std::sort(cuts.begin(), cuts.end());
  return cuts;
}

bool check(qrange_status s, const std::string& name, const char* what) {
  if (s == QRANGE_OK) return true;
  std::fprintf(stderr, "%s: %s: %s\n", name.c_str(), what, qrange_last_error());
  return false;
}

// One observer of `bins` bins fed x in `batches` random batches; a results
// line per percentile: name bins batches p lo hi bin_exponent min max
// (floats as %a, every bit reaches Python).
bool observe(const std::string& name, const std::vector<float>& x, std::size_t bins, std::size_t batches,
             std::mt19937_64& rng, FILE* results) {
  qrange_observer* obs = nullptr;
  if (!check(qrange_observer_create(bins, &obs), name, "create")) return false;
  const std::vector<std::size_t> cuts = random_cuts(x.size(), batches, rng);
  bool ok = true;
  for (std::size_t i = 0; ok && i + 1 < cuts.size(); ++i)
    ok = check(qrange_observer_update_f32(nullptr, obs, x.data() + cuts[i], cuts[i + 1] - cuts[i]), name, "update");
  qrange_observer_stats st = QRANGE_OBSERVER_STATS_INIT;
  ok = ok && check(qrange_observer_get_stats(obs, &st), name, "stats");
  for (double p : {50.0, 90.0, 99.0, 99.9, 99.99, 99.999, 100.0}) {
    qrange_range r{};
    ok = ok && check(qrange_observer_percentile_range(obs, p, &r), name, "percentile_range");
    if (!ok) break;
    std::fprintf(results, "%s %zu %zu %.17g %a %a %d %a %a\n", name.c_str(), st.bins, batches, p,
                 static_cast<double>(r.min), static_cast<double>(r.max), static_cast<int>(st.bin_exponent),
                 static_cast<double>(st.range.min), static_cast<double>(st.range.max));
  }
  qrange_observer_destroy(obs);
  return ok;
}

bool write_case(const std::string& dir, const std::string& name, const std::vector<float>& x,
                std::mt19937_64& rng, FILE* results) {
  if (!qrange::test::write_values(dir, name, x)) return false;
  // The default 2048 bins, the fewest, an odd count and the most; each
  // with one batch, 64 and a random number in between.
  std::uniform_int_distribution<std::size_t> some(2, 63);
  for (std::size_t bins : {std::size_t{0}, std::size_t{16}, std::size_t{1000}, std::size_t{1} << 20})
    for (std::size_t batches : {std::size_t{1}, some(rng), std::size_t{64}})
      if (!observe(name, x, bins, batches, rng, results)) return false;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  FILE* results = qrange::test::open_results(argc, argv, &dir);
  if (results == nullptr) return argc != 2 ? 2 : 1;
  std::mt19937_64 rng(20240607);
  const auto sample = [&](std::size_t n, auto dist) { return qrange::test::sample(rng, n, dist); };
  std::uniform_real_distribution<double> unit(0.0, 1.0);

  std::vector<float> bimodal = sample(100000, std::normal_distribution<double>(-4.0, 0.5));
  for (float& v : bimodal)
    if (unit(rng) < 0.3) v = static_cast<float>(std::normal_distribution<double>(10.0, 2.0)(rng));

  std::vector<float> outliers = sample(100000, std::uniform_real_distribution<double>(-1.0, 1.0));
  for (float v : {1e6f, -3e5f, 2.5e7f}) outliers[std::uniform_int_distribution<std::size_t>(0, 99999)(rng)] = v;

  std::vector<float> negative = sample(50000, std::lognormal_distribution<double>(0.0, 1.5));
  for (float& v : negative) v = -v;

  // Within a few ulps of a value: across the power of two 1, around -3e5, and
  // the subnormals around zero.
  const auto near = [&](float c) {
    std::vector<float> v(20000);
    std::uniform_int_distribution<int> steps(-3, 3);
    for (float& f : v) {
      const int k = steps(rng);
      f = c;
      for (int i = 0; i < std::abs(k); ++i) f = std::nextafter(f, k < 0 ? -kInf : kInf);
    }
    return v;
  };

  // Magnitudes log-uniform from the smallest subnormal to 1e30, both signs,
  // zeros of both signs.
  std::vector<float> wide(50000);
  for (float& v : wide) {
    v = static_cast<float>(std::pow(10.0, -45.0 + 75.0 * unit(rng)));
    if (unit(rng) < 0.5) v = -v;
  }
  wide[10] = 0.0f;
  wide[11] = -0.0f;
  wide[12] = std::numeric_limits<float>::denorm_min();

  std::vector<float> extremes = sample(30000, std::normal_distribution<double>(0.0, 1.0));
  extremes[5] = std::numeric_limits<float>::max();
  extremes[6] = -std::numeric_limits<float>::max();

  std::vector<float> specials = sample(40000, std::normal_distribution<double>(1.0, 3.0));
  for (std::size_t i = 0; i < specials.size(); i += 97) specials[i] = std::nanf("");
  for (std::size_t i = 5; i < specials.size(); i += 389) specials[i] = kInf;
  for (std::size_t i = 7; i < specials.size(); i += 1009) specials[i] = -kInf;

  std::vector<float> discrete = sample(30000, std::uniform_int_distribution<int>(-3, 4));

  const bool ok =
      write_case(dir, "normal", sample(200000, std::normal_distribution<double>(3.0, 2.0)), rng, results) &&
      write_case(dir, "student_t2", sample(100000, std::student_t_distribution<double>(2.0)), rng, results) &&
      write_case(dir, "lognormal", sample(50000, std::lognormal_distribution<double>(0.0, 2.0)), rng, results) &&
      write_case(dir, "bimodal", bimodal, rng, results) &&
      write_case(dir, "uniform_outliers", outliers, rng, results) &&
      write_case(dir, "negative_only", negative, rng, results) &&
      write_case(dir, "tiny_range_1", near(1.0f), rng, results) &&
      write_case(dir, "tiny_range_-3e5", near(-3e5f), rng, results) &&
      write_case(dir, "tiny_range_0", near(0.0f), rng, results) &&
      write_case(dir, "subnormal_to_1e30", wide, rng, results) &&
      write_case(dir, "flt_max_outliers", extremes, rng, results) &&
      write_case(dir, "nan_inf", specials, rng, results) && write_case(dir, "discrete", discrete, rng, results) &&
      write_case(dir, "three", {2.0f, -1.0f, 0.5f}, rng, results) && write_case(dir, "one", {-7.25f}, rng, results);
  return std::fclose(results) == 0 && ok ? 0 : 1;
}
