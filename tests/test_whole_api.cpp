// Determinism of the whole public API: every operation gives the same bits
// for every thread count and every ISA, and those of its float32 reference
// if it has one.
#include <doctest/doctest.h>

#include <qrange/qrange.h>

#include <limits>
#include <string>

#include "harness.hpp"
#include "operations.hpp"
#include "src/parallel.hpp"

using namespace qrange::test;

TEST_CASE("every operation: identical for thread counts 1..8 and every ISA, and to its float32 reference") {
  auto x = uniform((1u << 20) * 3 + 11, -50.0f, 150.0f, 11);
  x[5] = 1000.0f;
  x[999999] = std::numeric_limits<float>::quiet_NaN();
  x[2000001] = -std::numeric_limits<float>::infinity();
  for (const Operation& op : all_operations()) {
    CAPTURE(std::string(op.name));
    REQUIRE(qrange_set_isa("scalar") == QRANGE_OK);
    REQUIRE(qrange_set_num_threads(1) == QRANGE_OK);
    const OpResult want = op(x.data(), x.size());
    REQUIRE(want.status == QRANGE_OK);
    if (op.reference) CHECK(op.reference(x.data(), x.size(), {}) == want);
    for_each_isa_api([&](const char* isa) {
      CAPTURE(std::string(isa));
      for (int t = 1; t <= 8; ++t) {
        CAPTURE(t);
        REQUIRE(qrange_set_num_threads(t) == QRANGE_OK);
        CHECK(op(x.data(), x.size()) == want);
      }
    });
  }
  REQUIRE(qrange_set_num_threads(0) == QRANGE_OK);
  REQUIRE(qrange_set_isa("auto") == QRANGE_OK);
}

TEST_CASE("short inputs, refusals included: every 16-bit operation as its float32 reference") {
  // n == 0 gives a zero dimension or an empty output, which the calls refuse:
  // a reference that passes NULL where the 16-bit call does not (or the other
  // way round) would see another refusal.
  const auto x = uniform(64, -50.0f, 150.0f, 5);
  for (const Operation& op : all_operations()) {
    if (!op.reference) continue;
    CAPTURE(std::string(op.name));
    for (std::size_t n : {0, 1, 2, 3, 17}) {
      CAPTURE(n);
      CHECK(op.reference(x.data(), n, {}) == op(x.data(), n));
    }
  }
}

TEST_CASE("chunking covers inputs above 2^32 elements exactly once, in order") {
  // The map only records its chunk, so no memory of that size is touched.
  struct Span {
    std::uint64_t begin, end, chunks;
    bool ordered;
  };
  for (std::size_t n : {(std::size_t{1} << 32) + 12345, (std::size_t{1} << 33) + 1, std::size_t{1} << 34}) {
    CAPTURE(n);
    for (int threads : {1, 2}) {
      const qrange::detail::Exec e{&qrange::kernels::table_scalar(), threads, nullptr, nullptr};
      Span out{};
      const auto map = [](std::size_t begin, std::size_t len) { return Span{begin, begin + len, 1, true}; };
      const auto merge = [](Span a, Span b) {
        return Span{a.begin, b.end, a.chunks + b.chunks, a.ordered && b.ordered && a.end == b.begin};
      };
      REQUIRE(qrange::detail::parallel_reduce("test", e, n, std::size_t{1} << 16, std::size_t{1} << 18,
                                              Span{0, 0, 0, true}, map, merge, &out) == QRANGE_OK);
      CHECK(out.begin == 0);
      CHECK(out.end == n);
      CHECK(out.ordered);
      CHECK(out.chunks == qrange::detail::chunk_count(n, std::size_t{1} << 16));
    }
  }
}
