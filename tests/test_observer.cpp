// Observers: the kernel against the scalar reference on every ISA, the grid's
// properties, the exact-merge property through the public API on every ISA
// and thread count, and the serialized form.
#include <doctest/doctest.h>

#include <qrange/qrange.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "harness.hpp"
#include "src/observer_grid.hpp"

using qrange::kernels::KernelTable;
using qrange::kernels::ObserveGrid;
using namespace qrange::test;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kMax = std::numeric_limits<float>::max();
constexpr float kTiny = std::numeric_limits<float>::denorm_min();

ObserveGrid grid_of(float lo, float hi, std::uint32_t bins) {
  return qrange::detail::kernel_grid(lo, hi, qrange::detail::grid_for(lo, hi, bins), bins);
}

// The kernel over all of x: where it stops, skipping each value it stops
// at, and what it counts.
struct Run {
  std::vector<std::size_t> stops;
  std::vector<std::uint64_t> counts;
  bool operator==(const Run& o) const { return stops == o.stops && counts == o.counts; }
};

Run run(const KernelTable& k, const float* x, std::size_t n, const ObserveGrid& g) {
  Run r{{}, std::vector<std::uint64_t>(std::size_t{g.bins} + qrange::kernels::kObserveSlots)};
  for (std::size_t pos = 0;;) {
    pos += k.in_f32.observe(x + pos, n - pos, g, r.counts.data());
    if (pos == n) break;
    r.stops.push_back(pos++);
  }
  return r;
}

// The ranges the kernel tests use: ordinary, tiny, huge, one value, around
// zero, subnormal, and the whole float range.
std::vector<qrange_range> kernel_ranges() {
  return {{-3.0f, 5.0f},      {1.0f, 1.0000001f}, {-kMax, kMax},     {2.5f, 2.5f},  {0.0f, 0.0f},
          {-1e-30f, 1e30f},   {-kTiny, kTiny},    {1e-45f, 1e-40f},  {-7.0f, -6.0f}, {-1e30f, -1e-30f},
          {-1.0f, 2e-38f},    {3e38f, kMax}};
}

// Values of r and around it: inside (edges of its bins included), just
// outside, specials.
std::vector<float> values_for(qrange_range r, std::uint32_t bins, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const qrange::detail::Grid g = qrange::detail::grid_for(r.min, r.max, bins);
  std::vector<float> v;
  const std::vector<float> specials = special_values();
  while (v.size() < n) {
    const int kind = static_cast<int>(rng() % 16);
    float f;
    if (kind == 0) {
      f = specials[rng() % specials.size()];
    } else if (kind == 1) {  // a bin edge or its neighbours
      const double e = std::ldexp(static_cast<double>(g.first + static_cast<std::int64_t>(rng() % (g.used + 1))),
                                  g.exponent);
      f = static_cast<float>(e);
      if (rng() & 1) f = std::nextafter(f, (rng() & 1) ? kInf : -kInf);
    } else if (kind == 2) {
      f = (rng() & 1) ? r.min : r.max;
    } else {
      const double t = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
      f = static_cast<float>(static_cast<double>(r.min) + (static_cast<double>(r.max) - r.min) * t);
    }
    if (std::isfinite(f) && !(f >= r.min && f <= r.max) && (rng() % 8) != 0) continue;  // rarer stops
    v.push_back(f);
  }
  return v;
}

}  // namespace

TEST_CASE("observe reference: each value in the bin that mathematically holds it") {
  for (const qrange_range r : kernel_ranges()) {
    for (std::uint32_t bins : {16u, 100u, 2048u, 1u << 20}) {
      CAPTURE(r.min);
      CAPTURE(r.max);
      CAPTURE(bins);
      const qrange::detail::Grid g = qrange::detail::grid_for(r.min, r.max, bins);
      REQUIRE(g.used >= 1);
      REQUIRE(g.used <= bins);
      const double w = std::ldexp(1.0, g.exponent);
      if (r.max > r.min) {
        const double span = static_cast<double>(r.max) - static_cast<double>(r.min);
        CHECK(w <= 2.0 * span / (bins - 2));
      }
      const ObserveGrid k = grid_of(r.min, r.max, bins);
      for (float x : values_for(r, bins, 2000, bins)) {
        if (!(x >= r.min && x <= r.max)) continue;
        const std::uint32_t b = qrange::kernels::scalar::observe_bin(x, k);
        REQUIRE(b < g.used);
        const double lo = std::ldexp(static_cast<double>(g.first + b), g.exponent);
        CHECK(lo <= static_cast<double>(x));
        CHECK(static_cast<double>(x) < lo + w);
      }
      CHECK(qrange::kernels::scalar::observe_bin(r.min, k) == 0);
      CHECK(qrange::kernels::scalar::observe_bin(r.max, k) == g.used - 1);
    }
  }
}

TEST_CASE("observe reference: counts slots and stops at the first finite value outside the range") {
  const ObserveGrid g = grid_of(-1.0f, 1.0f, 16);
  const float x[] = {0.5f, std::nanf(""), kInf, -kInf, -1.0f, 1.0f, 2.0f, 0.0f};
  const Run r = run(reference(), x, 8, g);
  CHECK(r.stops == std::vector<std::size_t>{6});
  CHECK(r.counts[16 + qrange::kernels::kSlotNaN] == 1);
  CHECK(r.counts[16 + qrange::kernels::kSlotPosInf] == 1);
  CHECK(r.counts[16 + qrange::kernels::kSlotNegInf] == 1);
  CHECK(std::accumulate(r.counts.begin(), r.counts.begin() + 16, std::uint64_t{0}) == 4);  // 0.0 after the stop
  const ObserveGrid empty = grid_of(kInf, -kInf, 16);  // no range yet: every finite value stops
  std::uint64_t counts[16 + 3] = {};
  CHECK(reference().in_f32.observe(x, 8, empty, counts) == 0);
  CHECK(reference().in_f32.observe(x + 1, 3, empty, counts) == 3);
}

TEST_CASE("observe kernel: every ISA equals the reference") {
  for_each_isa([](const KernelTable& k) {
    CAPTURE(k.isa);
    for (const qrange_range r : kernel_ranges()) {
      for (std::uint32_t bins : {16u, 2048u, 5000u}) {
        CAPTURE(r.min);
        CAPTURE(r.max);
        CAPTURE(bins);
        const ObserveGrid g = grid_of(r.min, r.max, bins);
        const std::vector<float> v = values_for(r, bins, 70000, bins + 7);
        for (std::size_t n : test_lengths()) {
          if (n > v.size()) continue;
          CAPTURE(n);
          for (std::size_t offset : {0, 3}) {
            const OffsetBuffer buf(std::vector<float>(v.begin(), v.begin() + n), offset);
            REQUIRE(run(k, buf.data(), n, g) == run(reference(), buf.data(), n, g));
          }
        }
        REQUIRE(run(k, v.data(), v.size(), g) == run(reference(), v.data(), v.size(), g));
      }
    }
  });
}

TEST_CASE("observe kernel: a negative value too small for the bin width still falls below zero") {
  // x / 2^e underflows to -0.0 in float32 here; its bin is that of -w/2.
  const ObserveGrid g = grid_of(-1e30f, 1e30f, 2048);
  std::vector<float> v(64, -kTiny);
  v[5] = 0.0f;
  v[6] = -0.0f;
  v[7] = -1e-38f;
  for_each_isa([&](const KernelTable& k) {
    CAPTURE(k.isa);
    REQUIRE(run(k, v.data(), v.size(), g) == run(reference(), v.data(), v.size(), g));
  });
  const Run r = run(reference(), v.data(), v.size(), g);
  const std::uint32_t zero_bin = qrange::kernels::scalar::observe_bin(0.0f, g);
  CHECK(r.counts[zero_bin] == 2);
  CHECK(r.counts[zero_bin - 1] == 62);
}
