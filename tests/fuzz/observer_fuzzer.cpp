// libFuzzer target: qrange_observer_deserialize on any bytes (the input is
// the whole serialized state). It must answer QRANGE_OK or
// QRANGE_ERROR_INVALID_ARGUMENT with a message, never crash or trip a
// sanitizer, and leave *out alone when it refuses. A state it accepts must
// serialize back to exactly the input bytes, answer every query consistently
// with those bytes (stats, counts, histogram, the bins of its min and max
// counted, percentile ranges inside its range and [min, max] at 100), give
// back exactly those bytes through get_counts and set_counts on its own
// range, give on wider ranges (up to 2^16 bins) its counts regridded, which
// set_counts accepts exactly when the bins of that range's ends count
// values, and merge with itself into the state of every value twice (the
// state set_counts makes of its counts doubled), or refuse that merge,
// unchanged, when a count would pass 2^64 - 1.
//
// The header carries a checksum, which random mutation almost never keeps.
// So that mutations reach the checks behind it, a custom mutator repairs
// most mutated inputs: it recomputes the checksum, and often also the grid
// of the (mutated) range and bins, the length and the finite count, and
// gives a zero bin of the min or the max a count, so that many inputs are
// valid states of unusual ranges, grids and counts.
#include <qrange/qrange.h>

#include <algorithm>
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
  require(qrange_observer_get_counts(o, s.range, counts.data(), counts.size()) == QRANGE_OK,
          "get_counts on the state's own range refused");
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
    require(hist[0] != 0 && hist[s.used_bins - 1] != 0, "the bin of the min or the max counts no value");
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
    require(s.range.min <= r.min && r.min <= r.max && r.max <= s.range.max, "a percentile range outside the range");
    // The lowest and highest ranks are the min and the max, which a state
    // keeps (one value: both, and then min == max, as the bins of the two
    // ends are counted and two floats never share a bin).
    if (p == 100.0)
      require(r.min == s.range.min && r.max == s.range.max, "the percentile range at 100 is not [min, max]");
  }

  // Every method finds parameters for any state with values (3 levels at
  // least and 0 in the range: no scale overflows, no zero point is too far),
  // and the MSE method's range lies within the data's.
  struct Grid {
    qrange_method method;
    std::int32_t qmin, qmax;
    qrange_scheme scheme;
  };
  for (const Grid g : {Grid{QRANGE_METHOD_MSE, 0, 255, QRANGE_ASYMMETRIC}, Grid{QRANGE_METHOD_MSE, 0, 3, QRANGE_ASYMMETRIC},
                       Grid{QRANGE_METHOD_MSE, -8, 7, QRANGE_SYMMETRIC}, Grid{QRANGE_METHOD_MSE, 0, 65535, QRANGE_SYMMETRIC},
                       Grid{QRANGE_METHOD_ENTROPY, -128, 127, QRANGE_SYMMETRIC},
                       Grid{QRANGE_METHOD_PERCENTILE, 0, 255, QRANGE_ASYMMETRIC}}) {
    qrange_calibration c = QRANGE_CALIBRATION_INIT;
    c.method = g.method;
    c.qmin = g.qmin;
    c.qmax = g.qmax;
    c.scheme = g.scheme;
    qrange_params p{1.0f, 7, 7, 7};
    const qrange_status st = qrange_observer_calibrate(o, &c, &p);
    if (s.finite == 0) {
      require(st == QRANGE_ERROR_EMPTY_INPUT && p.zero_point == 7, "calibrate of no finite value is not EMPTY_INPUT");
      continue;
    }
    require(st == QRANGE_OK, "calibrate refused a state with values");
    require(p.qmin == g.qmin && p.qmax == g.qmax && std::isfinite(p.scale) && p.scale > 0.0f,
            "calibrate gave parameters off its grid");
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
// range and bins (when they are valid), within max_size bytes; with
// count_ends, a zero count in the bin of the min or the max becomes 1 (the
// bins a new length adds are zero, and a state must count values there).
std::size_t repair(std::uint8_t* p, std::size_t size, std::size_t max_size, bool count_ends) {
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
  if (count_ends && g.used > 0) {
    for (const std::uint32_t end : {std::uint32_t{0}, g.used - 1})
      if (get(p + kHeader + 8 * std::size_t{end}, 8) == 0) put(p + kHeader + 8 * std::size_t{end}, 1, 8);
  }
  std::uint64_t finite = 0;
  for (std::uint32_t i = 0; i < g.used; ++i) finite += get(p + kHeader + 8 * std::size_t{i}, 8);  // may wrap: refused
  put(p + 16, finite, 8);
  return want;
}

// The counts of o (stats st, counts its counts on its own range) on the
// grid of r, a range containing st.range, as an all-reduce with a process
// of values in r asks for them: the same values, each in the bin of r's
// grid that holds its own bin, and o unchanged. set_counts of them with r
// (into fresh, a state of the same bins) must make a state that
// deserialize accepts when the bins of r's ends count values, and be
// refused, fresh unchanged, when one of them is zero (no value of o is in
// it). Returns whether it was accepted.
bool check_on(const qrange_observer* o, const qrange_observer_stats& st, const std::vector<std::uint64_t>& counts,
              const std::vector<std::uint8_t>& input, qrange_observer* fresh, qrange_range r) {
  std::vector<std::uint64_t> c(counts.size(), 1);
  require(qrange_observer_get_counts(o, r, c.data(), c.size()) == QRANGE_OK,
          "get_counts on a range containing the state's refused");
  require(state_of(o) == input, "get_counts on a wider range changed the state");
  const qrange::detail::Grid g = qrange::detail::grid_for(r.min, r.max, static_cast<std::uint32_t>(st.bins));
  require(g.used >= 1 && g.used <= st.bins, "a wider range's grid does not fit the bins");
  std::vector<std::uint64_t> want(counts.size(), 0);
  std::copy(counts.begin(), counts.begin() + QRANGE_OBSERVER_COUNT_SLOTS, want.begin());
  for (std::size_t i = 0; i < st.used_bins; ++i) {
    // Bin i starts at (first_bin + i) * 2^e, in the wider bin of that start.
    const double start = std::ldexp(static_cast<double>(st.first_bin + static_cast<std::int64_t>(i)), st.bin_exponent);
    const double j = std::floor(std::ldexp(start, -g.exponent)) - static_cast<double>(g.first);
    require(j >= 0 && j < g.used, "a bin of the state lies outside a wider range's grid");
    want[QRANGE_OBSERVER_COUNT_SLOTS + static_cast<std::size_t>(j)] += counts[QRANGE_OBSERVER_COUNT_SLOTS + i];
  }
  require(c == want, "the counts on a wider range are not those of the state's bins");

  const bool ends = c[QRANGE_OBSERVER_COUNT_SLOTS] != 0 && c[QRANGE_OBSERVER_COUNT_SLOTS + g.used - 1] != 0;
  const std::vector<std::uint8_t> before = state_of(fresh);
  const qrange_status s = qrange_observer_set_counts(fresh, r, c.data(), c.size());
  if (!ends) {
    require(s == QRANGE_ERROR_INVALID_ARGUMENT, "set_counts took a range whose end's bin counts no value");
    require(std::strstr(qrange_last_error(), "the bin of the range's min or max counts no value") != nullptr,
            "set_counts refused a range whose end's bin counts no value for another reason");
    require(state_of(fresh) == before, "a refused set_counts changed the state");
    return false;
  }
  require(s == QRANGE_OK, "set_counts refused counts whose ends' bins count values");
  const qrange_observer_stats got = stats_of(fresh);
  require(std::memcmp(&got.range, &r, sizeof r) == 0 && got.used_bins == g.used && got.bin_exponent == g.exponent &&
              got.first_bin == g.first && got.finite == st.finite && got.nan == st.nan &&
              got.pos_inf == st.pos_inf && got.neg_inf == st.neg_inf,
          "set_counts on a wider range gave another range, grid or count");
  if (std::memcmp(&r, &st.range, sizeof r) == 0) require(state_of(fresh) == input, "set_counts on its range differs");
  const std::vector<std::uint8_t> bytes = state_of(fresh);
  qrange_observer* back_raw = nullptr;
  require(qrange_observer_deserialize(bytes.data(), bytes.size(), &back_raw) == QRANGE_OK,
          "deserialize refused a state set_counts made");
  const Owned back = own(back_raw);
  require(state_of(back.get()) == bytes, "a state set_counts made does not round-trip");
  check_queries(fresh);
  return true;
}

// get_counts and set_counts on ranges other than the state's own: see
// check_on. Each call passes over every bin a few times, so that states of
// more than 2^16 bins skip them (their own range's counts, set_counts and
// merge still run): at 2^20 bins under the sanitizers they would take most
// of the fuzzer's time.
constexpr std::size_t kOtherRangesMaxBins = std::size_t{1} << 16;

void check_other_ranges(const qrange_observer* o, const qrange_observer_stats& st,
                        const std::vector<std::uint64_t>& counts, const std::vector<std::uint8_t>& input,
                        qrange_observer* fresh) {
  std::vector<std::uint64_t> c(counts.size(), 1);
  if (st.used_bins == 0) {
    // A state without a range takes any range, and has no bin count on it.
    require(qrange_observer_get_counts(o, qrange_range{-1.0f, 1.0f}, c.data(), c.size()) == QRANGE_OK,
            "get_counts of a state without a range refused a range");
    require(c == counts, "a state without a range has bin counts on a range's grid");
    return;
  }
  require(qrange_observer_get_counts(o, qrange_range{INFINITY, -INFINITY}, c.data(), c.size()) ==
              QRANGE_ERROR_INVALID_ARGUMENT,
          "get_counts on the empty range accepted a state with a range");
  require(std::all_of(c.begin(), c.end(), [](std::uint64_t v) { return v == 1; }), "a refused get_counts wrote");

  // The range out to the floats of its end bins, [the least float >= the
  // first edge, the greatest float < the last edge]: r.min shares the bin
  // of the min on every grid that holds r (a bin of a coarser grid is a run
  // of whole bins), and r.max that of the max, so set_counts must take it.
  const double first_edge = std::ldexp(static_cast<double>(st.first_bin), st.bin_exponent);
  const double last_edge =
      std::ldexp(static_cast<double>(st.first_bin + static_cast<std::int64_t>(st.used_bins)), st.bin_exponent);
  float lo = static_cast<float>(first_edge);  // to nearest; +-Inf past FLT_MAX
  if (static_cast<double>(lo) < first_edge) lo = std::nextafter(lo, INFINITY);
  float hi = static_cast<float>(last_edge);
  if (static_cast<double>(hi) >= last_edge) hi = std::nextafter(hi, -INFINITY);
  require(lo <= st.range.min && st.range.max <= hi, "the floats of the end bins do not hold the range");
  require(check_on(o, st, counts, input, fresh, qrange_range{lo + 0.0f, hi + 0.0f}),
          "set_counts refused the range out to the edges of its end bins");

  // The range widened by a bin on each side (when finite): taken only when
  // the grid of that range is coarse enough for its ends to share the bins
  // of the min and the max.
  const float w = std::ldexp(1.0f, st.bin_exponent);  // 0 below the float range: then r is the range
  const qrange_range r{st.range.min - w + 0.0f, st.range.max + w + 0.0f};
  if (std::isfinite(r.min) && std::isfinite(r.max)) check_on(o, st, counts, input, fresh, r);
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
    case 3: size = repair(data, size, max_size, false); break;  // the ends' bins as they are
    default: size = repair(data, size, max_size, true);
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

  // Its counts on its own range, set with that range on a new state of its
  // bins (set_counts replaces all but the bins), give back exactly the
  // input bytes.
  const qrange_observer_stats st = stats_of(o.get());
  const std::size_t len = st.bins + QRANGE_OBSERVER_COUNT_SLOTS;
  std::vector<std::uint64_t> counts(len);
  require(qrange_observer_get_counts(o.get(), st.range, counts.data(), len) == QRANGE_OK,
          "get_counts on its own range refused");
  require(state_of(o.get()) == input, "get_counts changed the state");
  qrange_observer* fresh_raw = nullptr;
  require(qrange_observer_create(st.bins, &fresh_raw) == QRANGE_OK, "create refused the state's bins");
  const Owned fresh = own(fresh_raw);
  require(qrange_observer_set_counts(fresh.get(), st.range, counts.data(), len) == QRANGE_OK,
          "set_counts of a state's counts and range on a new state refused");
  require(state_of(fresh.get()) == input, "set_counts of a state's counts and range did not give that state");
  if (st.bins <= kOtherRangesMaxBins) check_other_ranges(o.get(), st, counts, input, fresh.get());

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
  // An all-reduce of two copies: the SUM of their counts on the range
  // (MIN/MAX of two equal ranges), set with it, is the merged state
  // (whatever state fresh was left in).
  for (std::uint64_t& c : counts) c *= 2;
  require(qrange_observer_set_counts(fresh.get(), st.range, counts.data(), len) == QRANGE_OK,
          "set_counts of the doubled counts refused");
  require(state_of(fresh.get()) == doubled, "set_counts of the doubled counts and merge with itself differ");
  return 0;
}
