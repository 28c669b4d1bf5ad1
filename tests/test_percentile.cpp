#include <doctest/doctest.h>

#include <qrange/qrange.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "harness.hpp"
#include "src/percentile.hpp"
#include "src/tails.hpp"

using namespace qrange::test;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// numpy's np.percentile(x, q) (method 'linear') over the finite values, by
// sorting, in float64, rounded to float32 (+0.0 for zero).
float numpy_percentile(std::vector<float> x, double q) {
  x.erase(std::remove_if(x.begin(), x.end(), [](float v) { return !std::isfinite(v); }), x.end());
  std::sort(x.begin(), x.end());
  const std::size_t m = x.size();
  const double index = static_cast<double>(m - 1) * (q / 100.0);
  double r;
  if (index >= static_cast<double>(m - 1)) {
    r = x[m - 1];
  } else {
    const double lower = std::floor(index), g = index - lower;
    const double a = x[static_cast<std::size_t>(lower)], b = x[static_cast<std::size_t>(lower) + 1];
    r = g >= 0.5 ? b - (b - a) * (1.0 - g) : a + (b - a) * g;
  }
  const auto f = static_cast<float>(r);
  return f == 0.0f ? 0.0f : f;
}

qrange_range reference_range(const std::vector<float>& x, double p) {
  return {numpy_percentile(x, 100.0 - p), numpy_percentile(x, p)};
}

qrange_range api(const std::vector<float>& x, double p, std::size_t bins, int exact) {
  qrange_range r{};
  const qrange_status s = qrange_percentile_range_f32(x.data(), x.size(), p, bins, exact, &r);
  REQUIRE_MESSAGE(s == QRANGE_OK, qrange_last_error());
  return r;
}

using qrange::detail::PercentilePath;

// The internal entry point: the range, and which path gave it.
std::pair<qrange_range, PercentilePath> run_path(const std::vector<float>& x, double p, std::size_t bins, bool exact,
                                                 bool allow_tails) {
  qrange_range r{};
  PercentilePath taken{};
  const qrange_status s =
      qrange::detail::percentile_range<qrange::kernels::F32>("test", nullptr, x.data(), x.size(), p, bins, exact, allow_tails, &r, &taken);
  REQUIRE_MESSAGE(s == QRANGE_OK, qrange_last_error());
  return {r, taken};
}
// The range by the full histogram alone, and the path the API itself takes.
qrange_range histogram_path(const std::vector<float>& x, double p, std::size_t bins, bool exact) {
  const auto result = run_path(x, p, bins, exact, false);
  REQUIRE(result.second != PercentilePath::tails);
  return result.first;
}
PercentilePath path_taken(const std::vector<float>& x, double p, std::size_t bins, bool exact) {
  return run_path(x, p, bins, exact, true).second;
}

// Both modes: the API's bits are the full histogram's, whichever path it took.
void check_same_as_histogram(const std::vector<float>& x, double p, std::size_t bins) {
  CAPTURE(p);
  CAPTURE(bins);
  for (int exact = 0; exact < 2; ++exact) {
    CAPTURE(exact);
    const qrange_range got = api(x, p, bins, exact), want = histogram_path(x, p, bins, exact == 1);
    CHECK(bits(got.min) == bits(want.min));
    CHECK(bits(got.max) == bits(want.max));
  }
}

// Approximate within (max - min) / bins, exact equal to the reference.
void check_both_modes(const std::vector<float>& x, double p, std::size_t bins) {
  CAPTURE(p);
  CAPTURE(bins);
  const qrange_range want = reference_range(x, p);
  const qrange_range got = api(x, p, bins, 1);
  CHECK(bits(got.min) == bits(want.min));
  CHECK(bits(got.max) == bits(want.max));

  float lo = kInf, hi = -kInf;
  for (float v : x)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  const double bound = (static_cast<double>(hi) - lo) / static_cast<double>(bins ? bins : 2048);
  const qrange_range approx = api(x, p, bins, 0);
  CAPTURE(approx.min);
  CAPTURE(want.min);
  CAPTURE(approx.max);
  CAPTURE(want.max);
  CHECK(std::fabs(static_cast<double>(approx.min) - want.min) <= bound);
  CHECK(std::fabs(static_cast<double>(approx.max) - want.max) <= bound);
}

std::vector<std::pair<std::string, std::vector<float>>> distributions(std::size_t n) {
  std::mt19937_64 rng(n);
  std::vector<std::pair<std::string, std::vector<float>>> d;
  const auto make = [&](const std::string& name, auto dist) {
    std::vector<float> v(n);
    for (float& f : v) f = static_cast<float>(dist(rng));
    d.emplace_back(name, std::move(v));
  };
  make("uniform", std::uniform_real_distribution<double>(-50.0, 150.0));
  make("normal", std::normal_distribution<double>(3.0, 2.0));
  make("cauchy", std::cauchy_distribution<double>(0.0, 1.0));
  make("lognormal", std::lognormal_distribution<double>(0.0, 2.0));
  make("two-valued", [b = std::bernoulli_distribution(0.3)](std::mt19937_64& r) mutable { return b(r) ? 7.5 : -1.25; });
  make("all-equal", [](std::mt19937_64&) { return 4.0; });
  auto sorted = d[0].second;
  std::sort(sorted.begin(), sorted.end());
  d.emplace_back("sorted", sorted);
  d.emplace_back("reversed", std::vector<float>(sorted.rbegin(), sorted.rend()));
  auto high = d[1].second, low = d[1].second;
  if (n > 0) high[n / 2] = 1e6f, low[n / 3] = -1e6f;
  d.emplace_back("outlier+", high);
  d.emplace_back("outlier-", low);
  auto with_specials = d[0].second;
  for (std::size_t i = 0; i < n; i += 97) with_specials[i] = i % 2 ? std::nanf("") : -kInf;
  d.emplace_back("nan/inf", with_specials);
  return d;
}

}  // namespace

TEST_CASE("percentile_range: exact equals numpy's method, approximate within one bin") {
  for (std::size_t n : {1u, 2u, 3u, 10u, 1000u, 40000u}) {
    CAPTURE(n);
    for (const auto& entry : distributions(n)) {
      const std::string& name = entry.first;  // not a structured binding: CAPTURE's lambda takes it
      const std::vector<float>& x = entry.second;
      if (name == "nan/inf" && n < 97) continue;
      CAPTURE(name);
      for (double p : {99.99, 99.0, 90.0, 75.0, 50.0, 100.0})
        for (std::size_t bins : {0u, 1u, 16u, 1000u}) check_both_modes(x, p, bins);
    }
  }
}

TEST_CASE("percentile_range: every ISA and thread count gives the same result") {
  auto x = uniform((1u << 20) + 17, -5.0f, 5.0f, 11);
  std::mt19937_64 rng(3);
  std::cauchy_distribution<float> c;
  for (std::size_t i = 0; i < x.size(); i += 13) x[i] = c(rng);
  x[5] = std::nanf("");
  const qrange_range want = reference_range(x, 99.9);
  qrange_range approx_first{};
  bool first = true;
  for_each_isa_api([&](const char* isa) {
    CAPTURE(isa);
    for (int threads = 1; threads <= 8; ++threads) {
      CAPTURE(threads);
      REQUIRE(qrange_set_num_threads(threads) == QRANGE_OK);
      const qrange_range e = api(x, 99.9, 0, 1);
      CHECK(bits(e.min) == bits(want.min));
      CHECK(bits(e.max) == bits(want.max));
      const qrange_range a = api(x, 99.9, 0, 0);
      if (first) approx_first = a, first = false;
      CHECK(bits(a.min) == bits(approx_first.min));
      CHECK(bits(a.max) == bits(approx_first.max));
      // The histogram path's pieces and its exact pass, at every thread count.
      const qrange_range ha = histogram_path(x, 99.9, 0, false), he = histogram_path(x, 99.9, 0, true);
      CHECK(bits(ha.min) == bits(approx_first.min));
      CHECK(bits(ha.max) == bits(approx_first.max));
      CHECK(bits(he.min) == bits(want.min));
      CHECK(bits(he.max) == bits(want.max));
    }
  });
  REQUIRE(qrange_set_num_threads(0) == QRANGE_OK);
}

TEST_CASE("percentile_range: the tail pass gives the histogram's bits") {
  const std::size_t n = (std::size_t{1} << 17) + 5;
  for (const auto& entry : distributions(n)) {
    const std::string& name = entry.first;
    const std::vector<float>& x = entry.second;
    CAPTURE(name);
    for (double p : {99.99, 99.9, 99.0, 98.5, 90.0})
      for (std::size_t bins : {0u, 16u, 1000u, 1u << 16}) check_same_as_histogram(x, p, bins);
    CHECK(bits(api(x, 99.99, 0, 1).max) == bits(reference_range(x, 99.99).max));
    // Values spread over many bins and small tails take the tail path. Not
    // ten percent, nor values crowded into a few bins: there the tail bins
    // hold too much (heavy tails put nearly everything in one or two bins).
    const bool spread = name == "uniform" || name == "normal" || name == "sorted" || name == "reversed" ||
                        name == "nan/inf";
    const bool crowded = name == "two-valued" || name == "all-equal";
    for (double p : {99.99, 99.9, 99.0}) {
      if (spread) CHECK(path_taken(x, p, 0, false) == PercentilePath::tails);
      if (crowded) CHECK(path_taken(x, p, 0, false) != PercentilePath::tails);
    }
    CHECK(path_taken(x, 90.0, 0, false) != PercentilePath::tails);
  }
}

// Inputs that mislead the sample: the API notices and counts the histogram.
TEST_CASE("percentile_range: a misleading sample falls back to the histogram") {
  using qrange::detail::sample_position;
  using qrange::detail::sample_size;
  const std::size_t n = (std::size_t{1} << 17) + 5;
  const auto at_sample = [&](std::vector<float> x, const std::vector<float>& sampled) {
    for (std::size_t j = 0; j < sample_size(n); ++j) x[sample_position(j, n)] = sampled[j];
    return x;
  };
  const std::vector<float> sampled = uniform(sample_size(n), 0.0f, 1.0f, 8);
  // Most values just above the minimum: the low tail the sample suggests
  // holds nearly all of them, far more than there is room for.
  const auto crowded = at_sample(std::vector<float>(n, 1e-5f), sampled);
  // The sample's lowest values are the only low ones: the low tail holds
  // fewer values than the rank it must hold.
  const auto thin = at_sample(uniform(n, 0.5f, 1.0f, 9), sampled);
  for (const auto* x : {&crowded, &thin}) {
    CHECK(path_taken(*x, 99.99, 0, false) == PercentilePath::histogram);
    check_same_as_histogram(*x, 99.99, 0);
    const qrange_range e = api(*x, 99.99, 0, 1), want = reference_range(*x, 99.99);
    CHECK(bits(e.min) == bits(want.min));
    CHECK(bits(e.max) == bits(want.max));
  }
}

// Threads gather their pieces separately; sorted input puts each tail in
// one piece, which gets the room of the whole estimate on a second try.
TEST_CASE("percentile_range: tails that sit in one thread's piece") {
  std::vector<float> sorted = uniform((std::size_t{1} << 20) + 3, -3.0f, 9.0f, 12);
  std::sort(sorted.begin(), sorted.end());
  std::vector<float> reversed(sorted.rbegin(), sorted.rend());
  for (int threads = 1; threads <= 4; ++threads) {
    CAPTURE(threads);
    REQUIRE(qrange_set_num_threads(threads) == QRANGE_OK);
    for (const std::vector<float>* x : {&sorted, &reversed}) {
      CHECK(path_taken(*x, 99.9, 0, false) == PercentilePath::tails);
      check_same_as_histogram(*x, 99.9, 0);
      const qrange_range e = api(*x, 99.9, 0, 1), want = reference_range(*x, 99.9);
      CHECK(bits(e.min) == bits(want.min));
      CHECK(bits(e.max) == bits(want.max));
    }
  }
  REQUIRE(qrange_set_num_threads(0) == QRANGE_OK);
}

TEST_CASE("percentile_range: wide and narrow ranges, fine bins") {
  const float big = std::numeric_limits<float>::max();
  std::vector<float> wide = uniform(5000, -1e38f, 1e38f, 4);
  wide[10] = big;
  wide[20] = -big;
  std::vector<float> narrow = uniform(5000, 1000.0f, 1000.01f, 5);  // a few floats per bin, or none
  std::vector<float> tiny = {0.0f, 1e-45f, 3e-45f, 1e-45f, 0.0f};
  for (const auto* x : {&wide, &narrow, &tiny})
    for (std::size_t bins : {0u, 3u, 1u << 16, 1u << 22, 1u << 24}) check_both_modes(*x, 99.0, bins);
}

TEST_CASE("percentile_range: the user's example excludes the outlier") {
  const auto x = user_example();
  const qrange_range want = reference_range(x, 99.99);
  const qrange::range r = qrange::percentile_range(x);
  CHECK(r.max < 151.0f);
  CHECK(r.min > -51.0f);
  const double bin = 1050.0 / 2048;
  CHECK(std::fabs(r.max - want.max) <= bin);
  CHECK(std::fabs(r.min - want.min) <= bin);
  const qrange::range e = qrange::percentile_range(x, 99.99, qrange::percentile_mode::exact);
  CHECK(bits(e.max) == bits(want.max));
  CHECK(bits(e.min) == bits(want.min));
}

TEST_CASE("qrange_percentile_range_f32: bad input is refused and the output is untouched") {
  const float x[3] = {1.0f, 2.0f, 3.0f};
  qrange_range out{-7.0f, -7.0f};
  const auto msg = [](const char* part) { return std::string(qrange_last_error()).find(part) != std::string::npos; };
  CHECK(qrange_percentile_range_f32(nullptr, 3, 99.0, 0, 0, &out) == QRANGE_ERROR_NULL_POINTER);
  CHECK(msg("x is NULL"));
  CHECK(qrange_percentile_range_f32(x, 3, 99.0, 0, 0, nullptr) == QRANGE_ERROR_NULL_POINTER);
  CHECK(msg("out is NULL"));
  for (double p : {49.9, 100.1, -1.0, std::nan(""), 1e300})
    CHECK(qrange_percentile_range_f32(x, 3, p, 0, 0, &out) == QRANGE_ERROR_INVALID_ARGUMENT);
  CHECK(msg("percentile"));
  CHECK(qrange_percentile_range_f32(x, 3, 99.0, (1u << 24) + 1, 0, &out) == QRANGE_ERROR_INVALID_ARGUMENT);
  CHECK(msg("bins"));
  CHECK(qrange_percentile_range_f32(x, 3, 99.0, 0, 2, &out) == QRANGE_ERROR_INVALID_ARGUMENT);
  CHECK(msg("exact"));
  CHECK(qrange_percentile_range_f32(nullptr, 0, 99.0, 0, 0, &out) == QRANGE_ERROR_EMPTY_INPUT);
  const float bad[2] = {std::nanf(""), -kInf};
  CHECK(qrange_percentile_range_f32(bad, 2, 99.0, 0, 1, &out) == QRANGE_ERROR_EMPTY_INPUT);
  CHECK(msg("no finite value"));
  CHECK(out.min == -7.0f);
  CHECK(out.max == -7.0f);
  CHECK_THROWS_AS(qrange::percentile_range(std::vector<float>{}), qrange::error);
}
