#include <doctest/doctest.h>

#include <qrange/qrange.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include "harness.hpp"

using qrange::kernels::KernelTable;
using qrange::kernels::MinMax;
using namespace qrange::test;

namespace {

void require_same(const MinMax& got, const MinMax& want) {
  REQUIRE(bits(got.min) == bits(want.min));
  REQUIRE(bits(got.max) == bits(want.max));
  REQUIRE(got.nonfinite == want.nonfinite);
}

void compare_with_reference(const KernelTable& k, const std::vector<float>& values) {
  for (std::size_t offset = 0; offset < 16; ++offset) {
    const OffsetBuffer buf(values, offset);
    require_same(k.in_f32.minmax(buf.data(), values.size()), reference().in_f32.minmax(buf.data(), values.size()));
  }
}

}  // namespace

TEST_CASE("minmax reference: the specification on hand-made cases") {
  const float inf = std::numeric_limits<float>::infinity(), nan = std::nanf("");
  const std::vector<float> v{nan, 3.0f, -inf, -2.5f, inf, 7.0f};
  const MinMax r = reference().in_f32.minmax(v.data(), v.size());
  CHECK(r.min == -2.5f);
  CHECK(r.max == 7.0f);
  CHECK(r.nonfinite == 3);

  const std::vector<float> zeros{-0.0f, -0.0f};
  const MinMax z = reference().in_f32.minmax(zeros.data(), zeros.size());
  CHECK(bits(z.min) == 0u);  // +0.0, never -0.0
  CHECK(bits(z.max) == 0u);

  const MinMax none = reference().in_f32.minmax(nullptr, 0);
  CHECK(none.min == inf);
  CHECK(none.max == -inf);

  const auto u = uniform(10007, -50.0f, 150.0f, 7);
  const auto [lo, hi] = std::minmax_element(u.begin(), u.end());
  const MinMax m = reference().in_f32.minmax(u.data(), u.size());
  CHECK(m.min == *lo);
  CHECK(m.max == *hi);
}

TEST_CASE("minmax: every ISA equals the reference, every length and offset") {
  for_each_isa([](const KernelTable& k) {
    const std::string isa = k.isa;
    CAPTURE(isa);
    for (std::size_t n : test_lengths()) {
      CAPTURE(n);
      compare_with_reference(k, uniform(n, -100.0f, 100.0f, n));
      compare_with_reference(k, random_bit_patterns(n, n + 1));
    }
  });
}

TEST_CASE("minmax: every ISA equals the reference with a special value at every position") {
  const auto specials = special_values();
  for_each_isa([&](const KernelTable& k) {
    const std::string isa = k.isa;
    CAPTURE(isa);
    for (std::size_t n = 1; n <= 300; n += (n < 80 ? 1 : 7)) {
      const auto base = uniform(n, -1.0f, 1.0f, 1000 + n);
      for (float s : specials) {
        CAPTURE(bits(s));
        std::vector<float> v = base;
        for (std::size_t pos = 0; pos < n; ++pos) {
          CAPTURE(pos);
          v[pos] = s;
          require_same(k.in_f32.minmax(v.data(), n), reference().in_f32.minmax(v.data(), n));
          v[pos] = base[pos];
        }
        std::vector<float> all(n, s);  // nothing but the special value
        require_same(k.in_f32.minmax(all.data(), n), reference().in_f32.minmax(all.data(), n));
      }
    }
    // Non-finite values scattered over several blocks of a large input.
    auto big = uniform((1u << 16) + 3, -5.0f, 5.0f, 99);
    for (std::size_t i = 0; i < big.size(); i += 4093) big[i] = specials[i % specials.size()];
    compare_with_reference(k, big);
  });
}

TEST_CASE("qrange_minmax_f32: the public API on every ISA and thread count") {
  auto x = uniform((1u << 21) + 17, -50.0f, 150.0f, 3);
  x[123457] = 1000.0f;
  x[2000000] = -std::numeric_limits<float>::infinity();
  x[77] = std::nanf("");
  const MinMax want = reference().in_f32.minmax(x.data(), x.size());
  for_each_isa_api([&](const char* isa) {
    CAPTURE(isa);
    for (int threads = 1; threads <= 8; ++threads) {
      CAPTURE(threads);
      REQUIRE(qrange_set_num_threads(threads) == QRANGE_OK);
      qrange_range r{};
      uint64_t nonfinite = 0;
      REQUIRE(qrange_minmax_f32(x.data(), x.size(), &r, &nonfinite) == QRANGE_OK);
      CHECK(bits(r.min) == bits(want.min));
      CHECK(bits(r.max) == bits(want.max));
      CHECK(nonfinite == 2);
    }
  });
  REQUIRE(qrange_set_num_threads(0) == QRANGE_OK);
  CHECK(want.max == 1000.0f);
}

TEST_CASE("qrange_minmax_f32: bad input is refused and outputs are untouched") {
  const float x[3] = {1.0f, 2.0f, 3.0f};
  qrange_range out{-7.0f, -7.0f};
  uint64_t nonfinite = 42;

  CHECK(qrange_minmax_f32(nullptr, 3, &out, &nonfinite) == QRANGE_ERROR_NULL_POINTER);
  CHECK(std::string(qrange_last_error()).find("x is NULL") != std::string::npos);
  CHECK(qrange_minmax_f32(x, 3, nullptr, &nonfinite) == QRANGE_ERROR_NULL_POINTER);
  CHECK(std::string(qrange_last_error()).find("out is NULL") != std::string::npos);
  CHECK(qrange_minmax_f32(nullptr, 0, &out, &nonfinite) == QRANGE_ERROR_EMPTY_INPUT);

  const float bad[2] = {std::nanf(""), std::numeric_limits<float>::infinity()};
  CHECK(qrange_minmax_f32(bad, 2, &out, &nonfinite) == QRANGE_ERROR_EMPTY_INPUT);
  CHECK(std::string(qrange_last_error()).find("no finite value") != std::string::npos);
  CHECK(out.min == -7.0f);
  CHECK(out.max == -7.0f);
  CHECK(nonfinite == 42);

  CHECK(qrange_minmax_f32(x, 3, &out, nullptr) == QRANGE_OK);  // nonfinite may be NULL
  CHECK(out.min == 1.0f);
  CHECK(out.max == 3.0f);
}

TEST_CASE("C++ API: minmax wraps the C call and throws qrange::error") {
  const std::vector<float> v{4.0f, -1.0f, std::nanf("")};
  const auto r = qrange::minmax(v);
  CHECK(r.r.min == -1.0f);
  CHECK(r.r.max == 4.0f);
  CHECK(r.nonfinite == 1);
  try {
    qrange::minmax(std::vector<float>{});
    FAIL("expected qrange::error");
  } catch (const qrange::error& e) {
    CHECK(e.code() == QRANGE_ERROR_EMPTY_INPUT);
    CHECK(std::string(e.what()).find("no finite value") != std::string::npos);
  }
}
