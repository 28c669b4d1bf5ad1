// The heart of the observer's contract: the state after any split of the
// data into batches, in any order, on any ISA and thread count, merged in
// any tree shape, through serialize/deserialize, is byte-identical to one
// update over everything. And the serialized form refuses what is not a
// state.
#include <doctest/doctest.h>

#include <qrange/qrange.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "harness.hpp"

using namespace qrange::test;
using bytes = std::vector<std::uint8_t>;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kMax = std::numeric_limits<float>::max();

// The data sets of the property: each a different way to stress the grid.
std::vector<std::vector<float>> data_sets() {
  std::mt19937_64 rng(19);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<std::vector<float>> sets;
  std::vector<float> v(150000);
  for (float& f : v) f = normal(rng);
  sets.push_back(v);  // large enough for 2 and 3 threads
  std::vector<float> specials = special_values();
  for (std::size_t i = 0; i < 20000; ++i) specials.push_back(i % 3 ? normal(rng) * 1e-38f : specials[i % 16]);
  sets.push_back(specials);                      // NaN, Inf, subnormals, +-FLT_MAX
  sets.push_back(std::vector<float>(5000, 3.25f));  // one value, repeated
  sets.push_back({-2.0f});                        // a single value
  std::vector<float> neg(30000);
  for (float& f : neg) f = -std::exp(normal(rng) * 4.0f);  // negative only, heavy-tailed
  sets.push_back(neg);
  std::vector<float> sorted(100000);
  for (std::size_t i = 0; i < sorted.size(); ++i) sorted[i] = 1000.0f - static_cast<float>(i) * 0.37f;
  sets.push_back(sorted);  // a new minimum in every batch
  std::vector<float> runs;
  for (int r = 0; r < 40; ++r) runs.insert(runs.end(), 1000, r % 2 ? kMax : static_cast<float>(r) * -1e3f);
  runs.push_back(std::nanf(""));
  sets.push_back(runs);  // constant runs over the whole float range
  return sets;
}

bytes state_of(const qrange::context& ctx, const std::vector<float>& x) {
  qrange::observer o;
  o.update(ctx, x.data(), x.size());
  return o.serialize();
}

// Splits x at random points into 1..64 batches, updates them in a random
// order into several observers, some through a serialize/deserialize round
// trip, and merges those in a random tree.
bytes streamed_state(const qrange::context& ctx, const std::vector<float>& x, std::mt19937_64& rng) {
  const std::size_t batches = 1 + rng() % 64;
  std::vector<std::size_t> cuts{0, x.size()};
  for (std::size_t i = 1; i < batches; ++i) cuts.push_back(x.empty() ? 0 : rng() % (x.size() + 1));
  std::sort(cuts.begin(), cuts.end());
  std::vector<std::size_t> order(cuts.size() - 1);
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);

  std::vector<qrange::observer> parts;
  parts.emplace_back();
  for (std::size_t b : order) {
    if (rng() % 3 == 0) parts.emplace_back();
    parts.back().update(ctx, x.data() + cuts[b], cuts[b + 1] - cuts[b]);
    if (rng() % 4 == 0) parts.back() = qrange::observer::deserialize(parts.back().serialize());
  }
  while (parts.size() > 1) {  // merge two random states until one is left
    const std::size_t i = rng() % parts.size();
    std::size_t j = rng() % (parts.size() - 1);
    if (j >= i) ++j;
    parts[i].merge(parts[j]);
    parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(j));
  }
  return parts[0].serialize();
}

}  // namespace

TEST_CASE("observer: any split, order, merge tree, ISA and thread count gives the same bytes") {
  const std::vector<std::vector<float>> sets = data_sets();
  std::vector<bytes> expected;
  for (const auto& x : sets) expected.push_back(state_of(qrange::make_context(1, "scalar"), x));
  std::mt19937_64 rng(2024);
  for_each_isa_api([&](const char* isa) {
    for (int threads : {1, 2, 3}) {
      const qrange::context ctx = qrange::make_context(threads, isa);
      for (std::size_t s = 0; s < sets.size(); ++s) {
        CAPTURE(isa);
        CAPTURE(threads);
        CAPTURE(s);
        REQUIRE(state_of(ctx, sets[s]) == expected[s]);
        for (int trial = 0; trial < 4; ++trial) REQUIRE(streamed_state(ctx, sets[s], rng) == expected[s]);
      }
    }
  });
}

TEST_CASE("observer: the state of everything when all sets are merged, in either order") {
  const std::vector<std::vector<float>> sets = data_sets();
  std::vector<float> all;
  qrange::observer forward, backward;
  for (const auto& x : sets) {
    all.insert(all.end(), x.begin(), x.end());
    forward.update(x);
  }
  for (auto it = sets.rbegin(); it != sets.rend(); ++it) {
    qrange::observer o;
    o.update(*it);
    backward.merge(o);
  }
  qrange::observer once;
  once.update(all);
  CHECK(forward.serialize() == once.serialize());
  CHECK(backward.serialize() == once.serialize());
  const qrange::observer_stats s = once.stats();
  std::uint64_t nan = 0, pinf = 0, ninf = 0, finite = 0;
  float lo = kInf, hi = -kInf;
  for (float f : all) {
    if (std::isnan(f)) ++nan;
    else if (f == kInf) ++pinf;
    else if (f == -kInf) ++ninf;
    else {
      ++finite;
      lo = std::min(lo, f);
      hi = std::max(hi, f);
    }
  }
  CHECK(s.nan == nan);
  CHECK(s.pos_inf == pinf);
  CHECK(s.neg_inf == ninf);
  CHECK(s.finite == finite);
  CHECK(s.range.min == lo);
  CHECK(s.range.max == hi);
}

TEST_CASE("observer: update with n == 0, merge with an empty state and self-merge") {
  qrange::observer o, empty;
  o.update(std::vector<float>{1.0f, 2.0f, std::nanf("")});
  const bytes before = o.serialize();
  o.update(nullptr, 0);
  CHECK(o.serialize() == before);
  o.merge(empty);
  CHECK(o.serialize() == before);
  o.merge(o);
  qrange::observer twice;
  twice.update(std::vector<float>{1.0f, 2.0f, std::nanf(""), 1.0f, 2.0f, std::nanf("")});
  CHECK(o.serialize() == twice.serialize());
  o.reset();
  CHECK(o.serialize() == empty.serialize());
}

TEST_CASE("observer: all-reduce: counts on the grid of the union's range, summed") {
  // Three "ranks" with different ranges, one with no value; MIN/MAX of the
  // ranges, then the SUM of every rank's counts on that range's grid gives
  // every rank the state of all the data.
  std::vector<std::vector<float>> shares = {uniform(3000, -1.0f, 1.0f, 1), uniform(10, 50.0f, 60.0f, 2), {}};
  shares[1].push_back(kInf);
  shares[2].push_back(std::nanf(""));
  std::vector<qrange::observer> ranks(3);
  qrange::observer all;
  qrange_range r{kInf, -kInf};
  for (std::size_t i = 0; i < 3; ++i) {
    ranks[i].update(shares[i]);
    all.update(shares[i]);
    const qrange_range ri = ranks[i].stats().range;
    r = {std::min(r.min, ri.min), std::max(r.max, ri.max)};
  }
  std::vector<std::uint64_t> sum;
  std::vector<bytes> before;
  for (const auto& o : ranks) {
    before.push_back(o.serialize());
    const std::vector<std::uint64_t> c = o.counts(r);
    CHECK(o.serialize() == before.back());  // get_counts changes nothing
    if (sum.empty()) sum.assign(c.size(), 0);
    for (std::size_t i = 0; i < c.size(); ++i) sum[i] += c[i];
  }
  for (auto& o : ranks) {
    o.set_counts(r, sum);
    CHECK(o.serialize() == all.serialize());
  }
  // Counts on a state's own range are its own; on no range, none.
  qrange::observer one;
  one.update(shares[0]);
  qrange::observer copy(one.stats().bins);
  copy.set_counts(one.stats().range, one.counts(one.stats().range));
  CHECK(copy.serialize() == one.serialize());
  qrange::observer empty, nan_only;
  nan_only.update(shares[2]);
  empty.set_counts({kInf, -kInf}, nan_only.counts({kInf, -kInf}));
  CHECK(empty.serialize() == nan_only.serialize());
}

TEST_CASE("observer deserialize: every truncation and every single-byte header change is refused") {
  qrange::observer o(16);
  o.update(std::vector<float>{-3.0f, 0.5f, 7.0f, std::nanf(""), kInf, -kInf, 7.0f});
  const bytes good = o.serialize();
  REQUIRE(good.size() <= 16 * 16 + 256);
  CHECK(qrange::observer::deserialize(good).serialize() == good);
  for (std::size_t len = 0; len < good.size(); ++len) {
    CAPTURE(len);
    expect_error([&] { qrange::observer::deserialize(good.data(), len); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 "not a valid observer state");
  }
  for (std::size_t at = 0; at < 80; ++at) {
    for (int delta : {1, 0x80, 0xff}) {
      bytes bad = good;
      bad[at] = static_cast<std::uint8_t>(bad[at] + delta);
      CAPTURE(at);
      expect_error([&] { qrange::observer::deserialize(bad); }, QRANGE_ERROR_INVALID_ARGUMENT,
                   "not a valid observer state");
    }
  }
  for (std::size_t at = 80; at < good.size(); ++at) {  // a count: the bins no longer add up
    bytes bad = good;
    bad[at] ^= 0x10;
    expect_error([&] { qrange::observer::deserialize(bad); }, QRANGE_ERROR_INVALID_ARGUMENT, "add up");
  }
  bytes longer = good;
  longer.push_back(0);
  expect_error([&] { qrange::observer::deserialize(longer); }, QRANGE_ERROR_INVALID_ARGUMENT, "length");
}

TEST_CASE("observer: the serialized size bound and the empty state") {
  for (std::size_t bins : {16u, 2048u, 1u << 20}) {
    qrange::observer o(bins);
    CHECK(o.serialize().size() == 80);
    o.update(uniform(1 << 16, -1.0f, 1.0f, bins));
    CHECK(o.serialize().size() <= 16 * bins + 256);
    CHECK(qrange::observer::deserialize(o.serialize()).serialize() == o.serialize());
  }
}

TEST_CASE("observer: merge and update refuse counts that would pass 2^64 - 1, the state unchanged") {
  constexpr std::uint64_t kTop = std::numeric_limits<std::uint64_t>::max();
  qrange::observer o(16);
  o.update(std::vector<float>{1.0f, 2.0f, 3.0f, 4.0f});
  const std::size_t used = o.stats().used_bins;
  REQUIRE(used >= 2);
  // Bins that add up to 2^64 - 2: merged with itself, they would wrap, and
  // the wrapped state would serialize to bytes that deserialize refuses.
  const qrange::range r = o.stats().range;
  std::vector<std::uint64_t> c(o.counts(r).size(), 0);
  c[QRANGE_OBSERVER_COUNT_SLOTS] = kTop / 2;
  c[QRANGE_OBSERVER_COUNT_SLOTS + used - 1] = kTop / 2;
  o.set_counts(r, c);
  const bytes before = o.serialize();
  expect_error([&] { o.merge(o); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_observer_merge: dst and src count more than 2^64 - 1 finite values together "
               "(18446744073709551614 + 18446744073709551614)");
  CHECK(o.serialize() == before);
  expect_error([&] { o.update(std::vector<float>{1.0f, 2.0f}); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_observer_update_f32: the state counts 18446744073709551614 finite values; n = 2 more could "
               "pass 2^64 - 1");
  CHECK(o.serialize() == before);
  o.update(std::vector<float>{2.5f});  // up to 2^64 - 1 exactly
  CHECK(o.stats().finite == kTop);
  CHECK(qrange::observer::deserialize(o.serialize()).serialize() == o.serialize());

  // Each of the NaN, +Inf and -Inf counts is checked too, merge and update.
  const char* const names[] = {"NaN", "+Inf", "-Inf"};
  for (std::size_t slot = 0; slot < 3; ++slot) {
    CAPTURE(slot);
    const qrange::range none{kInf, -kInf};
    qrange::observer a(16), b(16);
    std::vector<std::uint64_t> ca(a.counts(none).size(), 0), cb = ca;
    ca[slot] = kTop - 1;
    cb[slot] = 2;
    a.set_counts(none, ca);
    b.set_counts(none, cb);
    const bytes a_before = a.serialize();
    expect_error([&] { a.merge(b); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 std::string("more than 2^64 - 1 ") + names[slot] + " values together");
    CHECK(a.serialize() == a_before);
    expect_error([&] { a.update(std::vector<float>{0.0f, 0.0f}); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 std::string(names[slot]) + " values; n = 2 more could pass 2^64 - 1");
    CHECK(a.serialize() == a_before);
    cb[slot] = 1;
    b.set_counts(none, cb);
    a.merge(b);  // exactly 2^64 - 1
    CHECK(a.counts(none)[slot] == kTop);
    a.update(nullptr, 0);  // n == 0 never passes
  }
}
