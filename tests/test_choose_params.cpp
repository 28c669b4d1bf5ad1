#include <doctest/doctest.h>

#include <qrange/qrange.hpp>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <utility>

#include "harness.hpp"

using qrange::kernels::scalar::quantize_value;
using namespace qrange::test;

namespace {

qrange_params choose(qrange_range r, std::int32_t qmin, std::int32_t qmax, qrange_scheme s, int include_zero) {
  qrange_params p{-1.0f, -1, -1, -1};
  REQUIRE(qrange_choose_params(r, qmin, qmax, s, include_zero, &p) == QRANGE_OK);
  CHECK(p.qmin == qmin);
  CHECK(p.qmax == qmax);
  return p;
}

float roundtrip(float x, const qrange_params& p) {
  return static_cast<float>(quantize_value(x, p) - p.zero_point) * p.scale;
}

}  // namespace

TEST_CASE("choose_params: the user's example, min-max range, 8 bits") {
  const auto x = user_example();
  const auto r = qrange::minmax(x).r;
  const qrange_params p = choose(r, 0, 255, QRANGE_ASYMMETRIC, 0);
  CHECK(p.scale == doctest::Approx(4.1176).epsilon(1e-3));
  CHECK(p.scale == static_cast<float>((1000.0 - r.min) / 255.0));
  CHECK(p.zero_point == 12);
  // The C++ form for bits and signedness gives the same.
  const qrange::params q = qrange::choose_params(r, 8, false, QRANGE_ASYMMETRIC, false);
  CHECK(q.scale == p.scale);
  CHECK(q.zero_point == p.zero_point);
  CHECK(q.qmax == 255);
}

TEST_CASE("grid_of_bits: the integers of 1 to 16 bits, unsigned and signed") {
  const std::pair<int, bool> cases[] = {{1, false}, {1, true}, {8, false}, {8, true}, {16, false}, {16, true}};
  const std::pair<std::int32_t, std::int32_t> want[] = {{0, 1},   {-1, 0},         {0, 255},
                                                        {-128, 127}, {0, 65535}, {-32768, 32767}};
  for (std::size_t i = 0; i < 6; ++i) {
    const qrange::grid g = qrange::grid_of_bits(cases[i].first, cases[i].second);
    CHECK(std::pair{g.qmin, g.qmax} == want[i]);
  }
}

TEST_CASE("choose_params: asymmetric, hand-computed") {
  // [0, 6]: zero point 0, both ends exact grid points.
  qrange_params p = choose({0.0f, 6.0f}, 0, 255, QRANGE_ASYMMETRIC, 0);
  CHECK(p.scale == static_cast<float>(6.0 / 255.0));
  CHECK(p.zero_point == 0);
  CHECK(quantize_value(6.0f, p) == 255);
  // include_zero widens [2, 6] to [0, 6].
  const qrange_params w = choose({2.0f, 6.0f}, 0, 255, QRANGE_ASYMMETRIC, 1);
  CHECK(w.scale == p.scale);
  CHECK(w.zero_point == 0);
  // Without it the grid starts at 3: zero point -255 (0 is off the grid).
  p = choose({3.0f, 6.0f}, 0, 255, QRANGE_ASYMMETRIC, 0);
  CHECK(p.scale == static_cast<float>(3.0 / 255.0));
  CHECK(p.zero_point == -255);
  CHECK(quantize_value(3.0f, p) == 0);
  CHECK(quantize_value(6.0f, p) == 255);
  // [-1, 1] on int8: scale 2/255; -1 / scale = -127.49999... -> zero point -128 + 127 = -1.
  p = choose({-1.0f, 1.0f}, -128, 127, QRANGE_ASYMMETRIC, 1);
  CHECK(p.scale == static_cast<float>(2.0 / 255.0));
  CHECK(p.zero_point == -1);
  CHECK(roundtrip(0.0f, p) == 0.0f);
  // A range entirely below zero with include_zero: zero point at qmax.
  p = choose({-10.0f, -5.0f}, 0, 15, QRANGE_ASYMMETRIC, 1);
  CHECK(p.scale == static_cast<float>(10.0 / 15.0));
  CHECK(p.zero_point == 15);
  // 16 bits.
  p = choose({-1.0f, 3.0f}, 0, 65535, QRANGE_ASYMMETRIC, 1);
  CHECK(p.scale == static_cast<float>(4.0 / 65535.0));
  CHECK(p.zero_point == 16384);  // 1 / (4 / 65535) = 16383.75
}

TEST_CASE("choose_params: symmetric, hand-computed") {
  qrange_params p = choose({-2.0f, 1.0f}, -128, 127, QRANGE_SYMMETRIC, 1);
  CHECK(p.scale == static_cast<float>(2.0 / 127.5));
  CHECK(p.zero_point == 0);
  p = choose({-2.0f, 1.0f}, -127, 127, QRANGE_SYMMETRIC, 0);
  CHECK(p.scale == static_cast<float>(2.0 / 127.0));
  CHECK(p.zero_point == 0);
  p = choose({-1.0f, 3.0f}, 0, 255, QRANGE_SYMMETRIC, 0);
  CHECK(p.scale == static_cast<float>(3.0 / 127.5));
  CHECK(p.zero_point == 128);
  CHECK(choose({-1.0f, 3.0f}, 0, 65535, QRANGE_SYMMETRIC, 0).zero_point == 32768);
  CHECK(choose({-1.0f, 3.0f}, -32768, 32767, QRANGE_SYMMETRIC, 0).zero_point == 0);
  CHECK(choose({-1.0f, 3.0f}, -3, 4, QRANGE_SYMMETRIC, 0).zero_point == 1);   // ceil(0.5)
  CHECK(choose({-1.0f, 3.0f}, -4, 3, QRANGE_SYMMETRIC, 0).zero_point == 0);   // ceil(-0.5)
  CHECK(choose({2.0f, 3.0f}, -128, 127, QRANGE_SYMMETRIC, 0).scale == static_cast<float>(3.0 / 127.5));
  const qrange::params q = qrange::choose_params(qrange::range{-2.0f, 1.0f}, 4, true, QRANGE_SYMMETRIC);
  CHECK(q.qmin == -8);
  CHECK(q.qmax == 7);
  CHECK(q.scale == static_cast<float>(2.0 / 7.5));
}

TEST_CASE("choose_params: degenerate ranges") {
  // [0, 0]: scale 1, 0 maps to the zero point.
  qrange_params p = choose({0.0f, 0.0f}, 0, 255, QRANGE_ASYMMETRIC, 0);
  CHECK(p.scale == 1.0f);
  CHECK(quantize_value(0.0f, p) == p.zero_point);
  p = choose({0.0f, 0.0f}, 0, 255, QRANGE_SYMMETRIC, 1);
  CHECK(p.scale == 1.0f);
  CHECK(p.zero_point == 128);
  // A constant c dequantizes back to exactly c.
  for (float c : {5.0f, -3.7f, 1e-30f, -1e30f, FLT_MIN, FLT_MAX, -FLT_MAX}) {
    CAPTURE(c);
    p = choose({c, c}, 0, 255, QRANGE_ASYMMETRIC, 0);
    CHECK(roundtrip(c, p) == c);
    p = choose({c, c}, -128, 127, QRANGE_ASYMMETRIC, 0);
    CHECK(roundtrip(c, p) == c);
  }
  CHECK(choose({5.0f, 5.0f}, 0, 255, QRANGE_ASYMMETRIC, 0).scale == 5.0f);
  // A subnormal constant is bound by the FLT_MIN floor.
  p = choose({1e-42f, 1e-42f}, 0, 255, QRANGE_ASYMMETRIC, 0);
  CHECK(p.scale == FLT_MIN);
  // With include_zero a constant widens to [0, c].
  p = choose({5.0f, 5.0f}, 0, 255, QRANGE_ASYMMETRIC, 1);
  CHECK(p.scale == static_cast<float>(5.0 / 255.0));
  CHECK(p.zero_point == 0);
  // Tiny ranges: the scale floor.
  CHECK(choose({0.0f, 1e-40f}, 0, 255, QRANGE_ASYMMETRIC, 1).scale == FLT_MIN);
  CHECK(choose({-1e-40f, 1e-40f}, -128, 127, QRANGE_SYMMETRIC, 1).scale == FLT_MIN);
}

TEST_CASE("choose_params: bad input is refused and out is untouched") {
  qrange_params out{-1.0f, -2, -3, -4};
  const float inf = std::numeric_limits<float>::infinity();
  const auto refused = [&](qrange_range r, std::int32_t qmin, std::int32_t qmax, int scheme, int include_zero,
                           const char* what) {
    CHECK(qrange_choose_params(r, qmin, qmax, static_cast<qrange_scheme>(scheme), include_zero, &out) ==
          QRANGE_ERROR_INVALID_ARGUMENT);
    CHECK(std::string(qrange_last_error()).find(what) != std::string::npos);
    CHECK(out.scale == -1.0f);
    CHECK(out.zero_point == -2);
  };
  refused({0.0f, 1.0f}, 5, 5, 0, 1, "qmin < qmax");
  refused({0.0f, 1.0f}, 6, 5, 0, 1, "qmin < qmax");
  refused({0.0f, 1.0f}, 0, 65536, 0, 1, "65535");
  refused({0.0f, 1.0f}, std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max(), 1, 1,
          "65535");
  // Unknown schemes: tests/contract/errors_c.c (any int is a valid value only in C).
  refused({std::nanf(""), 1.0f}, 0, 255, 0, 1, "finite");
  refused({0.0f, inf}, 0, 255, 0, 1, "finite");
  refused({-inf, 0.0f}, 0, 255, 1, 1, "finite");
  refused({2.0f, 1.0f}, 0, 255, 0, 1, "min <= max");
  refused({-3e38f, 3e38f}, 0, 1, 0, 1, "FLT_MAX");
  refused({-3e38f, 3e38f}, 0, 1, 1, 1, "FLT_MAX");
  refused({1e6f, 1e6f + 1.0f}, 0, 255, 0, 0, "far from zero");
  refused({-1e9f, -1e9f + 64.0f}, 0, 255, 0, 0, "far from zero");
  refused({0.0f, 1.0f}, 1 << 25, (1 << 25) + 255, 1, 1, "2^24");
  CHECK(qrange_choose_params({0.0f, 1.0f}, 0, 255, QRANGE_ASYMMETRIC, 1, nullptr) == QRANGE_ERROR_NULL_POINTER);
  // With include_zero the same far range is fine.
  CHECK(choose({1e6f, 1e6f + 1.0f}, 0, 255, QRANGE_ASYMMETRIC, 1).zero_point == 0);
  CHECK_THROWS_AS(qrange::choose_params(qrange::range{0.0f, 1.0f}, 0, false), qrange::error);
}

TEST_CASE("the user's conclusion: a percentile range beats min-max on the bulk of the data") {
  const auto x = user_example();
  std::vector<float> sorted = x;
  std::sort(sorted.begin(), sorted.end());
  // The 0.01 and 99.99 percentiles, linear interpolation as numpy's default.
  const auto percentile = [&](double q) {
    const double pos = q / 100.0 * static_cast<double>(sorted.size() - 1);
    const auto i = static_cast<std::size_t>(pos);
    const double frac = pos - static_cast<double>(i);
    return static_cast<float>(sorted[i] + frac * (static_cast<double>(sorted[i + 1]) - sorted[i]));
  };
  const qrange::range pct{percentile(0.01), percentile(99.99)};
  CHECK(pct.max < 150.0f);
  const qrange::params minmax = qrange::choose_params(qrange::minmax(x).r, 8, false, QRANGE_ASYMMETRIC, false);
  const qrange::params clipped = qrange::choose_params(pct, 8, false, QRANGE_ASYMMETRIC, false);
  const std::vector<float> bulk(x.begin(), x.end() - 1);  // without the outlier
  const double mse_minmax = qrange::quantization_mse(bulk, minmax);
  const double mse_pct = qrange::quantization_mse(bulk, clipped);
  MESSAGE("mse min-max " << mse_minmax << ", percentile " << mse_pct);
  CHECK(mse_minmax == doctest::Approx(1.4).epsilon(0.05));
  CHECK(mse_pct == doctest::Approx(0.05).epsilon(0.1));
  CHECK(mse_pct * 20 < mse_minmax);
}
