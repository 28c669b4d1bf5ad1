#include "observer_grid.hpp"

#include <algorithm>
#include <cmath>

namespace qrange::detail {

namespace {

// floor(v / 2^e), exact: in double, v * 2^-e neither overflows nor
// underflows for the exponents grid_for picks (|result| < 2^44).
std::int64_t cell(float v, std::int32_t e) {
  return static_cast<std::int64_t>(std::floor(std::ldexp(static_cast<double>(v), -e)));
}

// floor(v / 2^d) for d >= 0.
std::int64_t floor_shift(std::int64_t v, std::int32_t d) {
  if (d >= 63) return v < 0 ? -1 : 0;
  return v >= 0 ? v >> d : -((-v - 1) >> d) - 1;
}

}  // namespace

Grid grid_for(float min, float max, std::uint32_t bins) {
  if (!(min <= max)) return {0, 0, 0};
  // The lower limit on the exponent keeps every x / 2^e of the range below
  // 2^44 in magnitude (so it and its floor are exact in float32 arithmetic
  // and fit int64), and it keeps the width bound: when max > min, max - min
  // >= 2^(E - 24), so 2^(E - 43) <= 2 (max - min) / (bins - 2) for bins <=
  // 2^20 (docs/observers.md).
  const float m = std::fmax(std::fabs(min), std::fabs(max));
  std::int32_t e = (m == 0.0f ? -149 : std::ilogb(m)) - 43;
  // Bins of width 2^e number more than (max - min) / 2^e, so no e with 2^e
  // <= (max - min) / bins fits; q below is that quotient within a few ulps,
  // so every e < ilogb(q) - 1 (2^e <= q / 4) is too small. Starting there
  // finds the same, smallest, e in a step or two instead of up to ~40.
  const double q = (static_cast<double>(max) - static_cast<double>(min)) / bins;
  if (q > 0.0) e = std::max(e, std::ilogb(q) - 1);
  while (cell(max, e) - cell(min, e) + 1 > static_cast<std::int64_t>(bins)) ++e;
  const std::int64_t first = cell(min, e);
  return {e, first, static_cast<std::uint32_t>(cell(max, e) - first + 1)};
}

kernels::ObserveGrid kernel_grid(float lo, float hi, const Grid& g, std::uint32_t bins) {
  kernels::ObserveGrid k{};
  k.lo = lo;
  k.hi = hi;
  k.exponent = g.exponent;
  k.first = g.first;
  k.bins = bins;
  // 2^-e in one float32 factor for e >= -127, else two (e >= -192): x *
  // 2^127 cannot overflow then, as |x| < 2^-83. first is the floor of x /
  // 2^e for a float x, a float itself.
  const std::int32_t up = -g.exponent;
  k.scale1 = std::ldexp(1.0f, up <= 127 ? up : 127);
  k.scale2 = std::ldexp(1.0f, up <= 127 ? 0 : up - 127);
  k.first_f = static_cast<float>(g.first);
  return k;
}

namespace {

// put(j, sum) for each bin j of `to` that bins of `from` fall in, in order,
// sum being their counts'. Old bins that share a new bin are consecutive:
// each run is summed in a register, with no branch on the (often zero,
// unpredictably) counts; the same grid is a shifted copy, which the
// compiler vectorizes. This runs on every bin of every observer of an
// all-reduce (get_counts).
template <class Put>
void for_each_new_bin(const std::uint64_t* counts, const Grid& from, const Grid& to, Put put) {
  const std::int32_t d = to.exponent - from.exponent;
  if (d == 0) {
    const std::int64_t shift = from.first - to.first;
    for (std::uint32_t i = 0; i < from.used; ++i) put(shift + i, counts[i]);
    return;
  }
  std::int64_t bin = floor_shift(from.first, d);
  std::uint64_t run = 0;
  for (std::uint32_t i = 0; i < from.used; ++i) {
    const std::int64_t b = floor_shift(from.first + i, d);
    if (b != bin) {
      put(bin - to.first, run);
      bin = b;
      run = 0;
    }
    run += counts[i];
  }
  put(bin - to.first, run);
}

}  // namespace

void regrid(const std::uint64_t* counts, const Grid& from, const Grid& to, std::uint64_t* into) {
  if (from.used == 0) return;
  for_each_new_bin(counts, from, to, [into](std::int64_t j, std::uint64_t sum) { into[j] += sum; });
}

void regrid_copy(const std::uint64_t* counts, const Grid& from, const Grid& to, std::uint32_t bins,
                 std::uint64_t* into) {
  if (from.used == 0) {
    std::fill(into, into + bins, std::uint64_t{0});
    return;
  }
  // Written once each: zeros around the new bins that the old ones cover.
  const std::int32_t d = to.exponent - from.exponent;
  const std::int64_t lo = floor_shift(from.first, d) - to.first;
  const std::int64_t hi = floor_shift(from.first + from.used - 1, d) - to.first;
  std::fill(into, into + lo, std::uint64_t{0});
  for_each_new_bin(counts, from, to, [into](std::int64_t j, std::uint64_t sum) { into[j] = sum; });
  std::fill(into + hi + 1, into + bins, std::uint64_t{0});
}

const char* check_bins(const Grid& g, const std::uint64_t* counts, std::uint32_t bins, std::uint64_t* finite) {
  // Without a branch per bin (every set_counts of an all-reduce runs this
  // over all its bins): the sum of the used bins with its carries, then the
  // OR of the others. A wrap is reported first, as a scan in bin order would.
  std::uint64_t sum = 0, carry = 0, past = 0;
  for (std::uint32_t b = 0; b < g.used; ++b) {
    sum += counts[b];
    carry |= static_cast<std::uint64_t>(sum < counts[b]);
  }
  if (carry) return "the bins count more than 2^64 - 1 values";
  for (std::uint32_t b = g.used; b < bins; ++b) past |= counts[b];
  if (past) return g.used == 0 ? "a bin counts values, but there is no range" : "a bin past the range's counts values";
  if (g.used > 0 && (counts[0] == 0 || counts[g.used - 1] == 0))
    return "the bin of the range's min or max counts no value";
  *finite = sum;
  return nullptr;
}

}  // namespace qrange::detail
