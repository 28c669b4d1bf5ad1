#include <doctest/doctest.h>

#include <qrange/qrange.hpp>

#include <cmath>
#include <limits>

#include "harness.hpp"
#include "src/histogram.hpp"

using qrange::kernels::HistogramSpec;
using qrange::kernels::KernelTable;
using namespace qrange::test;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kMax = std::numeric_limits<float>::max();

HistogramSpec spec_for(float lo, float hi, std::size_t bins) { return qrange::detail::histogram_spec({lo, hi}, bins); }

std::vector<std::uint64_t> run(const KernelTable& k, const float* x, std::size_t n, const HistogramSpec& s) {
  std::vector<std::uint64_t> counts(std::size_t{s.bins} + qrange::kernels::kHistogramSlots);
  k.in_f32.histogram(x, n, s, counts.data());
  return counts;
}

void compare_with_reference(const KernelTable& k, const std::vector<float>& values, const HistogramSpec& s,
                            std::size_t offsets = 16) {
  for (std::size_t offset = 0; offset < offsets; ++offset) {
    CAPTURE(offset);
    const OffsetBuffer buf(values, offset);
    REQUIRE(run(k, buf.data(), values.size(), s) == run(reference(), buf.data(), values.size(), s));
  }
}

// Values on and next to every bin edge of s (as far as float32 can tell
// them apart), at and just outside both ends.
std::vector<float> edge_values(const HistogramSpec& s) {
  std::vector<float> v;
  const std::uint32_t step = s.bins > 4096 ? s.bins / 4096 : 1;
  for (std::uint32_t b = 0; b <= s.bins; b += step) {
    const float e = static_cast<float>(s.lo + (static_cast<double>(s.hi) - s.lo) * b / s.bins);
    v.insert(v.end(), {e, std::nextafter(e, -kInf), std::nextafter(e, kInf)});
  }
  v.insert(v.end(), {s.lo, s.hi, std::nextafter(s.lo, -kInf), std::nextafter(s.hi, kInf)});
  return v;
}

std::vector<HistogramSpec> kernel_specs() {
  return {spec_for(-100.0f, 100.0f, 2048), spec_for(-1.0f, 3.0f, 1),        spec_for(2.5f, 2.5f, 64),
          spec_for(-kMax, kMax, 2048),     spec_for(0.0f, 4e-45f, 2048),       spec_for(1.0f, 1.0000001f, 1000),
          spec_for(-3.0f, 5.0f, 1u << 20), spec_for(-0.5f, 0.25f, 3),          spec_for(-1e30f, 1e30f, 777)};
}

}  // namespace

TEST_CASE("histogram reference: the specification on hand-made cases") {
  const HistogramSpec s = spec_for(0.0f, 10.0f, 10);
  CHECK(s.factor == 1.0f);
  const std::vector<float> v{0.0f, 0.5f, 1.0f, 9.99f, 10.0f, -0.0f, -1e-30f, 10.5f, std::nanf(""), kInf, -kInf};
  const auto c = run(reference(), v.data(), v.size(), s);
  CHECK(c[0] == 3);  // 0, 0.5, -0.0
  CHECK(c[1] == 1);
  CHECK(c[9] == 2);  // 9.99 and the upper end
  CHECK(c[10] == 1);  // below
  CHECK(c[11] == 1);  // above
  CHECK(c[12] == 3);  // NaN and infinities

  const HistogramSpec zero = spec_for(2.0f, 2.0f, 5);
  CHECK(zero.factor == kInf);
  const std::vector<float> z{2.0f, 2.0f, 1.0f, 3.0f};
  const auto cz = run(reference(), z.data(), z.size(), zero);
  CHECK(cz[0] == 2);
  CHECK(cz[5] == 1);
  CHECK(cz[6] == 1);

  const HistogramSpec wide = spec_for(-kMax, kMax, 4);
  const std::vector<float> w{-kMax, -1.0f, 1.0f, kMax};  // kMax - (-kMax) overflows: the last bin
  const auto cw = run(reference(), w.data(), w.size(), wide);
  CHECK(cw[0] == 1);
  CHECK(cw[1] + cw[2] == 2);  // both at t ~ 2, rounded either way
  CHECK(cw[3] == 1);
}

TEST_CASE("histogram: every ISA equals the reference, every length and offset") {
  const auto specs = kernel_specs();
  for_each_isa([&](const KernelTable& k) {
    const std::string isa = k.isa;
    CAPTURE(isa);
    for (const HistogramSpec& s : specs) {
      CAPTURE(s.lo);
      CAPTURE(s.hi);
      CAPTURE(s.bins);
      // Large tables cost a page fault per page to clear: a few lengths.
      const std::vector<std::size_t> lengths =
          s.bins > 4096 ? std::vector<std::size_t>{0, 1, 17, 1000, 65536 + 7} : test_lengths();
      for (std::size_t n : lengths) {
        if (n > 70000 && s.bins != 2048) continue;  // the long runs once, on the default table
        CAPTURE(n);
        const std::size_t offsets = n > 5000 || s.bins > 4096 ? 2 : 16;
        const float span = (s.hi - s.lo) * 0.75f;
        compare_with_reference(k, uniform(n, s.lo - span, s.hi + span, n), s, offsets);
        if (n < 5000 || s.bins == 2048) compare_with_reference(k, random_bit_patterns(n, n + 1), s, offsets);
      }
      compare_with_reference(k, edge_values(s), s);
    }
  });
}

TEST_CASE("histogram: every ISA equals the reference with a special value at every position") {
  const auto specials = special_values();
  const auto specs = kernel_specs();
  for_each_isa([&](const KernelTable& k) {
    const std::string isa = k.isa;
    CAPTURE(isa);
    for (const HistogramSpec& s : {specs[0], specs[3], specs[4]}) {
      for (std::size_t n : {1u, 7u, 16u, 33u, 100u}) {
        const auto base = uniform(n, s.lo, s.hi, 1000 + n);
        for (float sv : specials) {
          CAPTURE(bits(sv));
          std::vector<float> v = base;
          for (std::size_t pos = 0; pos < n; ++pos) {
            CAPTURE(pos);
            v[pos] = sv;
            REQUIRE(run(k, v.data(), n, s) == run(reference(), v.data(), n, s));
            v[pos] = base[pos];
          }
        }
      }
    }
    // One counter takes every value: the sub-tables are summed before they wrap.
    compare_with_reference(k, std::vector<float>((1u << 20) + 5, 1.0f), specs[0], 1);
    // 2^24 bins, the largest allowed: direct counting.
    const HistogramSpec huge = spec_for(-1.0f, 1.0f, std::size_t{1} << 24);
    compare_with_reference(k, edge_values(huge), huge, 1);
  });
}

// The exact percentile's third pass and the tail pass: the same values, in the
// same order and with the same bits, as the reference, and the same stop when
// an output is full.
TEST_CASE("gather: every ISA equals the reference, every length, offset and interval pair") {
  using qrange::kernels::GatherCounts;
  using qrange::kernels::Interval;
  std::vector<float> values = uniform(4096, -4.0f, 4.0f, 77);
  const auto specials = special_values();
  for (std::size_t i = 0; i < specials.size(); ++i) values[37 * i % values.size()] = specials[i];
  for (std::size_t i = 0; i < 64; ++i) values[101 * i % values.size() + 1] = (i % 2 ? 0.5f : -0.0f);
  const Interval none{1.0f, 0.0f};
  const std::vector<std::pair<Interval, Interval>> pairs = {
      {{-1.0f, 1.0f}, {2.0f, 3.0f}},   // disjoint
      {{-1.0f, 1.0f}, {0.5f, 3.0f}},   // overlapping: a value of both goes to the first
      {{0.5f, 0.5f}, none},            // one value, one interval
      {{-0.0f, 0.0f}, {-4.0f, 4.0f}},  // both zeros; the second takes nearly all
      {none, {-kMax, kMax}},           // every finite value, second output only
  };
  using Result = std::pair<std::vector<std::uint32_t>, std::vector<std::uint32_t>>;
  // With room to spare, the exact room, or one value too little in either
  // output: the pass stops where the reference stops, with the same values.
  const auto run_gather = [](const KernelTable& k, const float* x, std::size_t n, Interval a, Interval b,
                             std::ptrdiff_t room_a, std::ptrdiff_t room_b) {
    std::vector<float> all_a(n + 1), all_b(n + 1);
    const GatherCounts sizes = reference().in_f32.gather(x, n, {a, all_a.data(), n}, {b, all_b.data(), n});
    const auto room = [](std::size_t size, std::ptrdiff_t extra) {
      if (extra < 0 && size == 0) return std::size_t{0};
      return static_cast<std::size_t>(static_cast<std::ptrdiff_t>(size) + extra);
    };
    // Exactly as large as the room, so that a write past it is a sanitizer error.
    std::vector<float> out_a(room(sizes.first, room_a)), out_b(room(sizes.second, room_b));
    const GatherCounts got = k.in_f32.gather(x, n, {a, out_a.data(), out_a.size()}, {b, out_b.data(), out_b.size()});
    REQUIRE(got.first <= out_a.size());
    REQUIRE(got.second <= out_b.size());
    Result r;
    for (std::size_t i = 0; i < got.first; ++i) r.first.push_back(bits(out_a[i]));
    for (std::size_t i = 0; i < got.second; ++i) r.second.push_back(bits(out_b[i]));
    r.first.push_back(got.complete);  // the flag and the counts are part of the result
    return r;
  };
  for_each_isa([&](const KernelTable& k) {
    const std::string isa = k.isa;
    CAPTURE(isa);
    for (const auto& pair : pairs) {
      const Interval a = pair.first, b = pair.second;  // not a structured binding: CAPTURE's lambda needs C++20 for one
      CAPTURE(a.lo);
      CAPTURE(b.lo);
      for (std::size_t n : {0u, 1u, 15u, 16u, 17u, 63u, 64u, 65u, 300u, 4096u}) {
        for (std::size_t offset = 0; offset < 4; ++offset) {
          CAPTURE(n);
          CAPTURE(offset);
          const std::vector<float> part(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n));
          const OffsetBuffer buf(part, offset);
          using Rooms = std::pair<std::ptrdiff_t, std::ptrdiff_t>;  // beyond the reference's counts
          for (const Rooms& rooms : std::vector<Rooms>{{0, 0}, {40, 3}, {-1, 0}, {0, -1}}) {
            CAPTURE(rooms.first);
            CAPTURE(rooms.second);
            const Result got = run_gather(k, buf.data(), n, a, b, rooms.first, rooms.second);
            const Result want = run_gather(reference(), buf.data(), n, a, b, rooms.first, rooms.second);
            REQUIRE(got == want);
          }
        }
      }
    }
  });
}

TEST_CASE("qrange_histogram_f32: the public API on every ISA and thread count") {
  auto x = uniform((1u << 21) + 17, -60.0f, 160.0f, 5);
  x[99] = std::nanf("");
  x[100] = kInf;
  const HistogramSpec s = spec_for(-50.0f, 150.0f, 2048);
  const auto want = run(reference(), x.data(), x.size(), s);
  for_each_isa_api([&](const char* isa) {
    CAPTURE(isa);
    for (int threads = 1; threads <= 8; ++threads) {
      CAPTURE(threads);
      REQUIRE(qrange_set_num_threads(threads) == QRANGE_OK);
      std::vector<std::uint64_t> counts(2048, 99);
      std::uint64_t below = 0, above = 0;
      REQUIRE(qrange_histogram_f32(x.data(), x.size(), {-50.0f, 150.0f}, 2048, counts.data(), &below, &above) ==
              QRANGE_OK);
      CHECK(std::equal(counts.begin(), counts.end(), want.begin()));
      CHECK(below == want[2048]);
      CHECK(above == want[2049]);
    }
  });
  REQUIRE(qrange_set_num_threads(0) == QRANGE_OK);

  std::vector<std::uint64_t> counts(4, 7);
  REQUIRE(qrange_histogram_f32(nullptr, 0, {0.0f, 1.0f}, 4, counts.data(), nullptr, nullptr) == QRANGE_OK);
  CHECK(counts == std::vector<std::uint64_t>(4, 0));
}

TEST_CASE("qrange_histogram_f32: bad input is refused and outputs are untouched") {
  const float x[3] = {1.0f, 2.0f, 3.0f};
  std::vector<std::uint64_t> counts(4, 7);
  std::uint64_t below = 5, above = 6;
  const auto untouched = [&] { return counts == std::vector<std::uint64_t>(4, 7) && below == 5 && above == 6; };
  const auto msg = [](const char* part) { return std::string(qrange_last_error()).find(part) != std::string::npos; };

  CHECK(qrange_histogram_f32(nullptr, 3, {0.0f, 4.0f}, 4, counts.data(), &below, &above) == QRANGE_ERROR_NULL_POINTER);
  CHECK(msg("x is NULL"));
  CHECK(qrange_histogram_f32(x, 3, {0.0f, 4.0f}, 4, nullptr, &below, &above) == QRANGE_ERROR_NULL_POINTER);
  CHECK(msg("counts is NULL"));
  CHECK(qrange_histogram_f32(x, 3, {0.0f, 4.0f}, 0, counts.data(), &below, &above) == QRANGE_ERROR_INVALID_ARGUMENT);
  CHECK(msg("bins = 0"));
  CHECK(qrange_histogram_f32(x, 3, {0.0f, 4.0f}, (1u << 24) + 1, counts.data(), &below, &above) ==
        QRANGE_ERROR_INVALID_ARGUMENT);
  for (qrange_range r : {qrange_range{4.0f, 0.0f}, qrange_range{std::nanf(""), 1.0f}, qrange_range{0.0f, kInf},
                         qrange_range{-kInf, 0.0f}}) {
    CHECK(qrange_histogram_f32(x, 3, r, 4, counts.data(), &below, &above) == QRANGE_ERROR_INVALID_ARGUMENT);
    CHECK(msg("range"));
  }
  CHECK(untouched());
}

TEST_CASE("C++ API: histogram wraps the C call and throws qrange::error") {
  const std::vector<float> v{0.0f, 1.0f, 2.0f, 3.0f, -1.0f, 9.0f};
  const auto h = qrange::histogram(v, {0.0f, 3.0f}, 3);
  CHECK(h.counts == std::vector<std::uint64_t>{1, 1, 2});
  CHECK(h.below == 1);
  CHECK(h.above == 1);
  CHECK_THROWS_AS(qrange::histogram(v, {0.0f, 3.0f}, 0), qrange::error);
}
