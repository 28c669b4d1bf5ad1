// The range method chosen by name (qrange.hpp): parse_range_method,
// compute_range and calibrate, against the wrappers they stand for.
#include <doctest/doctest.h>

#include <qrange/qrange.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "harness.hpp"

using namespace qrange::test;
using qrange::range_method;
using qrange::range_options;

namespace {

constexpr range_method kMethods[] = {range_method::minmax, range_method::percentile, range_method::percentile_exact};

void check_same(qrange::range got, qrange::range want) {
  CHECK(bits(got.min) == bits(want.min));
  CHECK(bits(got.max) == bits(want.max));
}

}  // namespace

TEST_CASE("range method: each name parses and round-trips through to_string") {
  CHECK(qrange::parse_range_method("minmax") == range_method::minmax);
  CHECK(qrange::parse_range_method("percentile") == range_method::percentile);
  CHECK(qrange::parse_range_method("percentile_exact") == range_method::percentile_exact);
  for (range_method m : kMethods) {
    CAPTURE(qrange::to_string(m));
    CHECK(qrange::parse_range_method(qrange::to_string(m)) == m);
    CHECK(qrange::parse_range_method(std::string(qrange::to_string(m))) == m);
  }
}

TEST_CASE("range method: a bad name throws INVALID_ARGUMENT naming it and the accepted names") {
  for (const std::string bad : {"", "MinMax", "percentile ", "min-max", "exact"}) {
    CAPTURE(bad);
    expect_error([&] { qrange::parse_range_method(bad); }, QRANGE_ERROR_INVALID_ARGUMENT, "\"" + bad + "\"");
    expect_error([&] { qrange::parse_range_method(bad); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 "expected minmax, percentile or percentile_exact");
    const auto x = user_example();
    expect_error([&] { qrange::compute_range(x.data(), x.size(), bad); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 "\"" + bad + "\"");
  }
}

TEST_CASE("compute_range: the user's example, bit for bit the direct calls") {
  const auto x = user_example();
  const qrange::range mm = qrange::minmax(x).r;
  const qrange::range approx = qrange::percentile_range(x, 99.99);
  const qrange::range exact = qrange::percentile_range(x, 99.99, qrange::percentile_mode::exact);
  // The methods differ here, so an exchanged one would show.
  CHECK(mm.max == 1000.0f);
  CHECK(approx.max < 151.0f);
  CHECK(exact.max < 150.0f);
  REQUIRE(bits(approx.max) != bits(exact.max));

  check_same(qrange::compute_range(x, {range_method::minmax}), mm);
  check_same(qrange::compute_range(x.data(), x.size(), {range_method::minmax}), mm);
  check_same(qrange::compute_range(x.data(), x.size(), "minmax"), mm);
  check_same(qrange::compute_range(x), approx);  // percentile 99.99 by default
  check_same(qrange::compute_range(x, {range_method::percentile}), approx);
  check_same(qrange::compute_range(x.data(), x.size(), "percentile"), approx);
  check_same(qrange::compute_range(x, {range_method::percentile_exact}), exact);
  check_same(qrange::compute_range(x.data(), x.size(), "percentile_exact"), exact);

  // percentile and bins reach the C call; with 16 bins the two modes differ,
  // so an exchanged mode would show.
  const qrange::range approx16 = qrange::percentile_range(x, 99.0, qrange::percentile_mode::approximate, 16);
  const qrange::range exact16 = qrange::percentile_range(x, 99.0, qrange::percentile_mode::exact, 16);
  REQUIRE((approx16.min != exact16.min || approx16.max != exact16.max));
  check_same(qrange::compute_range(x, {range_method::percentile, 99.0, 16}), approx16);
  check_same(qrange::compute_range(x, {range_method::percentile_exact, 99.0, 16}), exact16);
  check_same(qrange::compute_range(x.data(), x.size(), "percentile", 99.0),
             qrange::percentile_range(x, 99.0));
}

TEST_CASE("calibrate: compute_range then choose_params for bits and signedness") {
  const auto x = user_example();
  const qrange::params want = qrange::choose_params(qrange::minmax(x).r, 0, 255, QRANGE_ASYMMETRIC, true);
  const qrange::params got = qrange::calibrate(x.data(), x.size(), 8, false, {range_method::minmax});
  CHECK(bits(got.scale) == bits(want.scale));
  CHECK(got.zero_point == want.zero_point);
  CHECK(got.qmin == 0);
  CHECK(got.qmax == 255);
  const qrange::params v = qrange::calibrate(x, 8, false, {range_method::minmax});
  CHECK(bits(v.scale) == bits(want.scale));
  CHECK(v.zero_point == want.zero_point);

  // Defaults: the 99.99 percentile range; signed and symmetric as asked.
  const qrange::params pct = qrange::calibrate(x, 8, false);
  const qrange::params pct_want = qrange::choose_params(qrange::percentile_range(x), 8, false);
  CHECK(bits(pct.scale) == bits(pct_want.scale));
  CHECK(pct.zero_point == pct_want.zero_point);
  const qrange::params sym = qrange::calibrate(x, 4, true, {range_method::percentile_exact}, QRANGE_SYMMETRIC, false);
  const qrange::params sym_want = qrange::choose_params(
      qrange::percentile_range(x, 99.99, qrange::percentile_mode::exact), 4, true, QRANGE_SYMMETRIC, false);
  CHECK(bits(sym.scale) == bits(sym_want.scale));
  CHECK(sym.zero_point == sym_want.zero_point);
  CHECK(sym.qmin == -8);
  CHECK(sym.qmax == 7);

  expect_error([&] { qrange::calibrate(x, 17, false); }, QRANGE_ERROR_INVALID_ARGUMENT, "bits = 17");
}

TEST_CASE("calibrate: a bad bits is refused before any work, ahead of the range's errors") {
  // All NaN: the range alone would be EMPTY_INPUT.
  const std::vector<float> nan(5, std::nanf(""));
  for (range_method m : kMethods) {
    CAPTURE(qrange::to_string(m));
    expect_error([&] { qrange::calibrate(nan, 17, false, {m}); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 "qrange::calibrate: bits = 17 is outside 1..16");
    expect_error([&] { qrange::calibrate(nan.data(), nan.size(), 0, true, {m}); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 "qrange::calibrate: bits = 0 is outside 1..16");
    expect_error([&] { qrange::calibrate(std::vector<float>{}, 17, true, {m}); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 "bits = 17");
  }
  // The data is not read: a NULL x with n > 0, a bad percentile or method
  // would each be refused by compute_range, but bits comes first.
  expect_error([] { qrange::calibrate(nullptr, 4, 17, false); }, QRANGE_ERROR_INVALID_ARGUMENT, "bits = 17");
  expect_error([&] { qrange::calibrate(nan, -1, false, {range_method::percentile, 40.0}); },
               QRANGE_ERROR_INVALID_ARGUMENT, "bits = -1");
  expect_error([&] { qrange::calibrate(nan, 17, false, {static_cast<range_method>(7)}); },
               QRANGE_ERROR_INVALID_ARGUMENT, "bits = 17");
}

TEST_CASE("compute_range: an invalid percentile is the C error, as qrange::error") {
  const auto x = user_example();
  for (range_method m : {range_method::percentile, range_method::percentile_exact}) {
    CAPTURE(qrange::to_string(m));
    expect_error([&] { qrange::compute_range(x, {m, 40.0}); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 "percentile = 40 is outside [50, 100]");
    expect_error([&] { qrange::calibrate(x, 8, false, {m, 40.0}); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 "percentile = 40 is outside [50, 100]");
  }
  expect_error([&] { qrange::compute_range(x.data(), x.size(), "percentile", 40.0); },
               QRANGE_ERROR_INVALID_ARGUMENT, "percentile = 40 is outside [50, 100]");
  // minmax has no percentile: the field is not looked at.
  check_same(qrange::compute_range(x, {range_method::minmax, 40.0}), qrange::minmax(x).r);
}

TEST_CASE("compute_range: no finite value is EMPTY_INPUT for every method") {
  const std::vector<float> nan(5, std::nanf(""));
  const std::vector<float> empty;
  for (range_method m : kMethods) {
    CAPTURE(qrange::to_string(m));
    expect_error([&] { qrange::compute_range(nan, {m}); }, QRANGE_ERROR_EMPTY_INPUT, "no finite value");
    expect_error([&] { qrange::compute_range(empty, {m}); }, QRANGE_ERROR_EMPTY_INPUT, "no finite value");
    expect_error([&] { qrange::compute_range(nan.data(), nan.size(), qrange::to_string(m)); },
                 QRANGE_ERROR_EMPTY_INPUT, "no finite value");
    expect_error([&] { qrange::calibrate(nan, 8, false, {m}); }, QRANGE_ERROR_EMPTY_INPUT, "no finite value");
  }
}
