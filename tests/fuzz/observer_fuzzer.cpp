// libFuzzer target: qrange_observer_deserialize on any bytes (the input is
// the whole serialized state). It must answer QRANGE_OK or
// QRANGE_ERROR_INVALID_ARGUMENT with a message, never crash or trip a
// sanitizer, and leave *out alone when it refuses. A state it accepts must
// serialize back to exactly the input bytes, answer every query consistently
// with those bytes (stats, counts, histogram, percentile ranges inside its
// range), and merge with itself into the state of every value twice, or
// refuse that merge, unchanged, when a count would pass 2^64 - 1.
//
// The header carries a checksum, which random mutation almost never keeps.
// So that mutations reach the checks behind it, a custom mutator repairs
// most mutated inputs: it recomputes the checksum, and often also the grid
// of the (mutated) range and bins, the length and the finite count, so that
// many inputs are valid states of unusual ranges, grids and counts.
#include <qrange/qrange.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

#include "src/observer_grid.hpp"

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "observer_fuzzer: %s (last error: %s)\n", what, qrange_last_error());
  std::abort();
}

void require(bool ok, const char* what) {
  if (!ok) fail(what);
}

using Owned = std::unique_ptr<qrange_observer, void (*)(qrange_observer*)>;

Owned own(qrange_observer* o) { return Owned(o, &qrange_observer_destroy); }

std::vector<std::uint8_t> state_of(const qrange_observer* o) {
  std::size_t size = 0;
  require(qrange_observer_serialize(o, nullptr, 0, &size) == QRANGE_OK, "serialize refused a size query");
  std::vector<std::uint8_t> bytes(size);
  std::size_t written = 0;
  require(qrange_observer_serialize(o, bytes.data(), bytes.size(), &written) == QRANGE_OK && written == size,
          "serialize refused a buffer of the size it asked for");
  return bytes;
}

qrange_observer_stats stats_of(const qrange_observer* o) {
  qrange_observer_stats s = QRANGE_OBSERVER_STATS_INIT;
  require(qrange_observer_get_stats(o, &s) == QRANGE_OK, "get_stats refused");
  return s;
}

// The stats, counts and histogram agree with each other; the percentile
// ranges lie inside the range.
void check_queries(const qrange_observer* o) {
  const qrange_observer_stats s = stats_of(o);
  require(s.bins >= QRANGE_OBSERVER_MIN_BINS && s.bins <= QRANGE_OBSERVER_MAX_BINS, "bins outside [16, 2^20]");
  require(s.used_bins <= s.bins, "more bins used than there are");
  const bool has_range = s.range.min <= s.range.max;
  require(has_range == (s.used_bins > 0), "a range without bins or bins without a range");
  require(has_range || (s.range.min == INFINITY && s.range.max == -INFINITY),
          "a state without a range is not {+inf, -inf}");

  std::vector<std::uint64_t> counts(s.bins + QRANGE_OBSERVER_COUNT_SLOTS);
  require(qrange_observer_get_counts(o, counts.data(), counts.size()) == QRANGE_OK, "get_counts refused");
  require(counts[0] == s.nan && counts[1] == s.pos_inf && counts[2] == s.neg_inf, "counts disagree with the stats");

  std::vector<double> edges(s.used_bins + 1);
  std::vector<std::uint64_t> hist(s.used_bins);
  require(qrange_observer_histogram(o, edges.data(), hist.data(), s.used_bins) == QRANGE_OK, "histogram refused");
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < s.bins; ++i) {
    const std::uint64_t c = counts[QRANGE_OBSERVER_COUNT_SLOTS + i];
    if (i < s.used_bins) {
      require(hist[i] == c, "histogram counts disagree with get_counts");
      require(edges[i] < edges[i + 1], "histogram edges do not increase");
      sum += c;
    } else {
      require(c == 0, "a count past used_bins");
    }
  }
  require(sum == s.finite, "the bins do not add up to the finite count");
  if (has_range) {
    require(edges[0] <= s.range.min && s.range.min < edges[1], "min is not in bin 0");
    require(edges[s.used_bins - 1] <= s.range.max && s.range.max < edges[s.used_bins], "max is not in the last bin");
  }

  for (const double p : {50.0, 75.0, 99.0, 99.99, 100.0}) {
    qrange_range r{1.0f, -1.0f};
    const qrange_status st = qrange_observer_percentile_range(o, p, &r);
    if (s.finite == 0) {
      require(st == QRANGE_ERROR_EMPTY_INPUT, "percentile_range of no finite value is not EMPTY_INPUT");
      require(r.min == 1.0f && r.max == -1.0f, "percentile_range wrote its output on error");
      continue;
    }
    require(st == QRANGE_OK, "percentile_range refused");
    // Not [P(0), P(100)] == the range: a state widened past its values
    // (widen, or such bytes) answers with the widened ends for the ranks
    // it takes as the min and max, [min, min] for one value.
    require(s.range.min <= r.min && r.min <= r.max && r.max <= s.range.max, "a percentile range outside the range");
  }
}

// The serialized form's fields (docs/observers.md, "Serialized form").
constexpr std::size_t kHeader = 80;
std::uint64_t get(const std::uint8_t* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= std::uint64_t{p[i]} << (8 * i);
  return v;
}
void put(std::uint8_t* p, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
void reseal(std::uint8_t* p) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (std::size_t i = 0; i < 72; ++i) h = (h ^ p[i]) * 0x100000001b3ull;
  put(p + 72, h, 8);
}

// Makes the grid, the length and the finite count those of the header's
// range and bins (when they are valid), within max_size bytes.
std::size_t repair(std::uint8_t* p, std::size_t size, std::size_t max_size) {
  const auto bins = static_cast<std::uint32_t>(get(p + 12, 4));
  const auto min_bits = static_cast<std::uint32_t>(get(p + 48, 4));
  const auto max_bits = static_cast<std::uint32_t>(get(p + 52, 4));
  float min, max;
  std::memcpy(&min, &min_bits, sizeof min);
  std::memcpy(&max, &max_bits, sizeof max);
  if (bins < QRANGE_OBSERVER_MIN_BINS || bins > QRANGE_OBSERVER_MAX_BINS) return size;
  const bool empty = min == INFINITY && max == -INFINITY;
  if (!empty && !(std::isfinite(min) && std::isfinite(max) && min <= max)) return size;
  const qrange::detail::Grid g = qrange::detail::grid_for(min, max, bins);
  const std::size_t want = kHeader + 8 * std::size_t{g.used};
  if (want > max_size) return size;
  if (want > size) std::memset(p + size, 0, want - size);
  put(p + 56, static_cast<std::uint32_t>(g.exponent), 4);
  put(p + 60, g.used, 4);
  put(p + 64, static_cast<std::uint64_t>(g.first), 8);
  std::uint64_t finite = 0;
  for (std::uint32_t i = 0; i < g.used; ++i) finite += get(p + kHeader + 8 * std::size_t{i}, 8);  // may wrap: refused
  put(p + 16, finite, 8);
  return want;
}

}  // namespace

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
  size = LLVMFuzzerMutate(data, size, max_size);
  if (size < kHeader) return size;
  switch (seed % 8) {
    case 0: return size;  // as mutated: the checksum's own check
    case 1:
    case 2: break;        // the checksum recomputed
    default: size = repair(data, size, max_size);
  }
  reseal(data);
  return size;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  qrange_observer* const canary = reinterpret_cast<qrange_observer*>(std::uintptr_t{0xA5A5A5A5});
  qrange_observer* raw = canary;
  const qrange_status s = qrange_observer_deserialize(data, size, &raw);
  if (s != QRANGE_OK) {
    require(s == QRANGE_ERROR_INVALID_ARGUMENT, "deserialize answered neither OK nor INVALID_ARGUMENT");
    require(raw == canary, "deserialize wrote *out on error");
    require(std::strstr(qrange_last_error(), "qrange_observer_deserialize: not a valid observer state: ") ==
                qrange_last_error(),
            "deserialize's message does not name the function and the problem");
    return 0;
  }
  const Owned o = own(raw);
  const std::vector<std::uint8_t> input(data, data + size);
  require(state_of(o.get()) == input, "the accepted bytes do not serialize back to themselves");
  check_queries(o.get());

  // Widening to its own range changes nothing.
  const qrange_observer_stats st = stats_of(o.get());
  require(qrange_observer_widen(o.get(), st.range) == QRANGE_OK, "widen to its own range refused");
  require(state_of(o.get()) == input, "widen to its own range changed the state");

  // Merged with itself: every count twice, the range and grid kept; or,
  // when a count would pass 2^64 - 1, refused with the state unchanged.
  qrange_observer* copy_raw = nullptr;
  require(qrange_observer_deserialize(data, size, &copy_raw) == QRANGE_OK, "a second deserialize refused");
  const Owned copy = own(copy_raw);
  constexpr std::uint64_t kTop = std::numeric_limits<std::uint64_t>::max();
  const bool wraps = st.finite > kTop - st.finite || st.nan > kTop - st.nan || st.pos_inf > kTop - st.pos_inf ||
                     st.neg_inf > kTop - st.neg_inf;
  const qrange_status merged = qrange_observer_merge(o.get(), o.get());
  if (wraps) {
    require(merged == QRANGE_ERROR_INVALID_ARGUMENT, "a merge past 2^64 - 1 was not refused");
    require(state_of(o.get()) == input, "a refused merge changed the state");
    return 0;
  }
  require(merged == QRANGE_OK, "merge with itself refused");
  const qrange_observer_stats twice = stats_of(o.get());
  require(twice.finite == 2 * st.finite && twice.nan == 2 * st.nan && twice.pos_inf == 2 * st.pos_inf &&
              twice.neg_inf == 2 * st.neg_inf,
          "merge with itself did not double the counts");
  require(std::memcmp(&twice.range, &st.range, sizeof st.range) == 0 && twice.used_bins == st.used_bins &&
              twice.bin_exponent == st.bin_exponent && twice.first_bin == st.first_bin,
          "merge with itself changed the range or the grid");
  check_queries(o.get());
  // The same as merging in another copy, and a state deserialize takes back.
  qrange_observer* other_raw = nullptr;
  require(qrange_observer_deserialize(data, size, &other_raw) == QRANGE_OK, "a third deserialize refused");
  const Owned other = own(other_raw);
  require(qrange_observer_merge(copy.get(), other.get()) == QRANGE_OK, "merge of two copies refused");
  const std::vector<std::uint8_t> doubled = state_of(o.get());
  require(state_of(copy.get()) == doubled, "merging a state with itself and with a copy of it differ");
  qrange_observer* back_raw = nullptr;
  require(qrange_observer_deserialize(doubled.data(), doubled.size(), &back_raw) == QRANGE_OK,
          "deserialize refused what serialize wrote after a merge");
  const Owned back = own(back_raw);
  require(state_of(back.get()) == doubled, "the merged state does not round-trip");
  return 0;
}
