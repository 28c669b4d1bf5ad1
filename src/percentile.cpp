// Percentile ranges from a histogram over [min, max]; docs/percentiles.md
// explains the estimate and proves its bound.
#include <qrange/qrange.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <new>

#include "error.hpp"
#include "histogram.hpp"
#include "minmax.hpp"
#include "numpy_rank.hpp"
#include "percentile.hpp"
#include "tails.hpp"

using qrange::detail::fail;
using qrange::detail::lerp;
using qrange::detail::Rank;
using qrange::detail::rank_for;
using qrange::detail::round_down;
using qrange::detail::round_up;
using qrange::detail::to_result;
using qrange::detail::values_of_bins;
namespace k = qrange::kernels;

namespace {

// An order statistic and the bin that holds it.
struct Stat {
  std::uint64_t rank;
  std::uint32_t bin;
  std::uint64_t before;  // values in the bins below
};

// One end of the range: its rank, the two order statistics and the result.
struct End {
  Rank rank;
  Stat a, b;  // b == a when rank.top
  float value;
};

// Finds the bins of the ends' order statistics (n_ends <= 2) in one scan of
// the counts.
void locate(const std::uint64_t* counts, std::uint32_t bins, End* ends, int n_ends) {
  Stat* stats[4];
  const int n_stats = 2 * n_ends;
  for (int e = 0; e < n_ends; ++e) {
    stats[2 * e] = &ends[e].a;
    stats[2 * e + 1] = &ends[e].b;
  }
  std::sort(stats, stats + n_stats, [](const Stat* l, const Stat* r) { return l->rank < r->rank; });
  std::uint64_t before = 0;
  int s = 0;
  for (std::uint32_t b = 0; b < bins && s < n_stats; ++b) {
    const std::uint64_t after = before + counts[b];
    for (; s < n_stats && stats[s]->rank < after; ++s) {
      stats[s]->bin = b;
      stats[s]->before = before;
    }
    before = after;
  }
}

struct Context {
  k::HistogramSpec spec;
  const std::uint64_t* counts;
  std::uint64_t m;
  double bound;     // (max - min) / bins, a hair smaller for the rounding of the check itself
  double estimate_slack;  // how far from every possible value an estimate may be
};

// The values the order statistic can have: its bin's, or min/max exactly.
k::Interval possible(const Context& c, const Stat& s) {
  if (s.rank == 0) return {c.spec.lo, c.spec.lo};
  if (s.rank == c.m - 1) return {c.spec.hi, c.spec.hi};
  return values_of_bins(c.spec, s.bin, s.bin);
}

// Linear inside the bin's possible values, as if its values were spread
// evenly, then kept within estimate_slack of both ends of that interval.
double estimate(const Context& c, const Stat& s, k::Interval iv) {
  const double lo = iv.lo, hi = iv.hi;
  const double pos = (static_cast<double>(s.rank - s.before) + 0.5) / static_cast<double>(c.counts[s.bin]);
  const double e = lo + (hi - lo) * pos;
  const double from = std::max(lo, hi - c.estimate_slack), to = std::min(hi, lo + c.estimate_slack);
  if (from > to) return 0.5 * (lo + hi);  // too wide: the check below will ask for the exact value
  return std::min(std::max(e, from), to);
}

// The approximate value of one end, or false when the bound cannot be
// guaranteed for it (the exact value is then computed).
bool approximate(const Context& c, End& e) {
  const k::Interval ia = possible(c, e.a), ib = e.rank.top ? ia : possible(c, e.b);
  const double g = e.rank.top ? 0.0 : e.rank.gamma;
  if (ia.lo == ia.hi && ib.lo == ib.hi) {  // both known exactly
    e.value = to_result(lerp(ia.lo, ib.lo, g));
    return true;
  }
  const float value = to_result(lerp(estimate(c, e.a, ia), estimate(c, e.b, ib), g));
  // The exact result rounds numpy's lerp of some a in ia and b in ib: the
  // real lerp is monotone in a and b, numpy's differs from it by a few
  // float64 roundings (margin), and rounding to float32 is monotone.
  const double margin = 0x1p-48 * (std::fabs(ia.lo) + std::fabs(ia.hi) + std::fabs(ib.lo) + std::fabs(ib.hi));
  const float lowest = round_down((1.0 - g) * ia.lo + g * ib.lo - margin);
  const float highest = round_up((1.0 - g) * ia.hi + g * ib.hi + margin);
  if (!(static_cast<double>(value) - lowest <= c.bound && static_cast<double>(highest) - value <= c.bound))
    return false;
  e.value = value;
  return true;
}

// The exact value of end e from values that hold both its order statistics:
// [first, last) holds the ranks from first_rank on, in any order.
void select(float* first, float* last, std::uint64_t first_rank, End& e) {
  float* pa = first + (e.a.rank - first_rank);
  std::nth_element(first, pa, last);
  const double a = *pa;
  const double b = e.rank.top ? a : *std::min_element(pa + 1, last);
  e.value = to_result(e.rank.top ? a : lerp(a, b, e.rank.gamma));
}

// The exact values of the given ends: gathers the values of the bins between
// each end's two order statistics (one interval per end, or one for both
// when they overlap) and selects the ranks among them.
template <class In>
qrange_status exact(const char* caller, const qrange::detail::Exec& e, const k::elem_t<In>* x,
                    const qrange::detail::PartHistograms& h, const Context& c, End* const* ends, int n_ends) {
  struct Segment {
    std::uint32_t first_bin, last_bin;
    std::uint64_t before;  // values below first_bin
    k::Interval values;
    std::size_t count;
    // Values of these bins in a histogram's counts.
    std::size_t in(const std::uint64_t* counts) const {
      std::size_t sum = 0;
      for (std::uint32_t b = first_bin; b <= last_bin; ++b) sum += counts[b];
      return sum;
    }
  };
  Segment seg[2]{};
  int n_seg = 0;
  int seg_of[2];
  for (int i = 0; i < n_ends; ++i) {
    const End& e = *ends[i];
    if (n_seg == 1 && e.a.bin <= seg[0].last_bin) {  // overlaps the first end's (ends are in order)
      seg[0].last_bin = std::max(seg[0].last_bin, e.b.bin);
    } else {
      seg[n_seg++] = {e.a.bin, e.b.bin, e.a.before, {}, 0};
    }
    seg_of[i] = n_seg - 1;
  }
  for (int s = 0; s < n_seg; ++s) {
    seg[s].values = values_of_bins(c.spec, seg[s].first_bin, seg[s].last_bin);
    seg[s].count = seg[s].in(c.counts);
  }
  const k::Interval none{1.0f, 0.0f};
  const k::Interval second = n_seg == 2 ? seg[1].values : none;

  // Each piece of the histogram pass writes its values at an offset known
  // from its own counts, so the buffer is the same for every thread count.
  const qrange::detail::Parts& parts = h.parts();
  const auto slots = 2 * static_cast<std::size_t>(parts.count);
  std::unique_ptr<std::size_t[]> offset(new (std::nothrow) std::size_t[slots]);
  std::unique_ptr<std::size_t[]> room(new (std::nothrow) std::size_t[slots]);
  const std::size_t total = seg[0].count + (n_seg == 2 ? seg[1].count : 0);
  std::unique_ptr<float[]> buf(new (std::nothrow) float[total]);
  if (!offset || !room || !buf)
    return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate %zu values for the exact pass", caller, total);
  std::size_t at[2] = {0, seg[0].count};
  for (int p = 0; p < parts.count; ++p) {
    for (int s = 0; s < 2; ++s) {
      offset[2 * p + s] = at[s];
      room[2 * p + s] = s < n_seg ? seg[s].in(h.part(p)) : 0;
      at[s] += room[2 * p + s];
    }
  }
  const k::gather_fn<In> run = e.kernels->in<In>().gather;
  qrange::detail::parallel_parts(e, parts, [&](int p, std::size_t begin, std::size_t len) {
    run(x + begin, len, {seg[0].values, buf.get() + offset[2 * p], room[2 * p]},
              {second, buf.get() + offset[2 * p + 1], room[2 * p + 1]});
  });

  for (int i = 0; i < n_ends; ++i) {
    const Segment& s = seg[seg_of[i]];
    float* first = buf.get() + (seg_of[i] == 0 ? 0 : seg[0].count);
    select(first, first + s.count, s.before, *ends[i]);
  }
  return QRANGE_OK;
}

double ulp_of_largest(float lo, float hi) {
  const float big = std::max(std::fabs(lo), std::fabs(hi));
  const int exp = big >= std::numeric_limits<float>::min() ? std::ilogb(big) : -126;
  return std::ldexp(1.0, exp - 23);
}

// Both ends from the tails (src/tails.hpp). The tails' values give the counts
// of their bins; the values between them are counted in one bin between the
// tails, which locates every rank the ends need (all inside the tails) in the
// bin the full histogram would, with the same count and the same number of
// values before it. So the approximate results are the histogram path's, bit
// for bit, and the exact ones are selected from the tails without a pass.
qrange_status from_tails(const char* caller, const qrange::detail::Tails& t, Context c, End* ends, bool exact_mode) {
  const std::uint32_t bins = c.spec.bins;
  std::unique_ptr<std::uint64_t[]> counts(new (std::nothrow) std::uint64_t[bins]());
  if (!counts) return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate %u counters", caller, bins);
  for (std::size_t i = 0; i < t.low_count(); ++i) ++counts[k::scalar::bin_index(t.low()[i], c.spec)];
  for (std::size_t i = 0; i < t.high_count(); ++i) ++counts[k::scalar::bin_index(t.high()[i], c.spec)];
  const std::uint64_t between = c.m - t.low_count() - t.high_count();
  if (between > 0) counts[t.low_last_bin() + 1] += between;  // there are bins between when there are values
  locate(counts.get(), bins, ends, 2);
  c.counts = counts.get();
  if (exact_mode || !approximate(c, ends[0])) select(t.low(), t.low() + t.low_count(), 0, ends[0]);
  if (exact_mode || !approximate(c, ends[1]))
    select(t.high(), t.high() + t.high_count(), c.m - t.high_count(), ends[1]);
  return QRANGE_OK;
}

}  // namespace

namespace qrange::detail {

template <class In>
qrange_status percentile_range(const char* caller, const qrange_context* ctx, const k::elem_t<In>* x, std::size_t n,
                               double percentile, std::size_t bins, bool exact_mode, bool allow_tails,
                               qrange_range* out, PercentilePath* taken) {
  Exec e{};
  if (qrange_status s = resolve_context(caller, ctx, &e)) return s;
  if (bins == 0) bins = kDefaultBins;

  k::MinMax mm{};
  if (qrange_status s = minmax_pass<In>(caller, e, x, n, &mm)) return s;
  if (!(mm.min <= mm.max))
    return fail(QRANGE_ERROR_EMPTY_INPUT, "%s: no finite value among the %zu inputs", caller, n);
  if (mm.min == mm.max) {  // one distinct value (m == 1 included)
    *out = {mm.min, mm.max};
    if (taken) *taken = PercentilePath::min_max;
    return QRANGE_OK;
  }

  const k::HistogramSpec spec = histogram_spec({mm.min, mm.max}, bins);
  const std::uint64_t m = n - mm.nonfinite;
  End ends[2];
  const double qs[2] = {100.0 - percentile, percentile};
  for (int i = 0; i < 2; ++i) {
    const Rank r = rank_for(qs[i], m);
    ends[i].rank = r;
    ends[i].a.rank = r.k;
    ends[i].b.rank = r.top ? r.k : r.k + 1;
  }
  const double width = (static_cast<double>(mm.max) - static_cast<double>(mm.min)) / static_cast<double>(bins);
  Context c{spec, nullptr, m, width * (1.0 - 0x1p-40), width * (1.0 - 0x1p-40) - 2.0 * ulp_of_largest(mm.min, mm.max)};

  if (allow_tails) {
    Tails t;
    if (qrange_status s = t.gather<In>(caller, e, x, n, spec, m, ends[0].b.rank, ends[1].a.rank)) return s;
    if (t.found()) {
      if (qrange_status s = from_tails(caller, t, c, ends, exact_mode)) return s;
      *out = {ends[0].value, ends[1].value};
      if (taken) *taken = PercentilePath::tails;
      return QRANGE_OK;
    }
  }

  PartHistograms h;
  if (qrange_status s = h.compute<In>(caller, e, x, n, spec)) return s;
  locate(h.total(), spec.bins, ends, 2);
  c.counts = h.total();
  End* pending[2];
  int n_pending = 0;
  for (End& e : ends)
    if (exact_mode || !approximate(c, e)) pending[n_pending++] = &e;
  if (n_pending > 0)
    if (qrange_status s = exact<In>(caller, e, x, h, c, pending, n_pending)) return s;
  *out = {ends[0].value, ends[1].value};
  if (taken) *taken = PercentilePath::histogram;
  return QRANGE_OK;
}
template qrange_status percentile_range<k::F32>(const char*, const qrange_context*, const float*, std::size_t, double,
                                                std::size_t, bool, bool, qrange_range*, PercentilePath*);
template qrange_status percentile_range<k::F16>(const char*, const qrange_context*, const std::uint16_t*, std::size_t,
                                                double, std::size_t, bool, bool, qrange_range*, PercentilePath*);
template qrange_status percentile_range<k::BF16>(const char*, const qrange_context*, const std::uint16_t*,
                                                 std::size_t, double, std::size_t, bool, bool, qrange_range*,
                                                 PercentilePath*);

}  // namespace qrange::detail

namespace {

template <class In>
qrange_status percentile_range_api(const char* kFn, const qrange_context* ctx, const k::elem_t<In>* x, size_t n,
                                   double percentile, size_t bins, int exact_mode, qrange_range* out) {
  using namespace qrange::detail;
  if (out == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: out is NULL", kFn);
  if (x == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: x is NULL but n = %zu", kFn, n);
  if (!(percentile >= 50.0 && percentile <= 100.0))
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: percentile = %g is outside [50, 100]", kFn, percentile);
  if (bins > kMaxHistogramBins)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: bins = %zu is above %zu (0 means %zu)", kFn, bins,
                kMaxHistogramBins, kDefaultBins);
  if (exact_mode != 0 && exact_mode != 1)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: exact = %d is neither 0 nor 1", kFn, exact_mode);
  return percentile_range<In>(kFn, ctx, x, n, percentile, bins, exact_mode == 1, true, out, nullptr);
}

}  // namespace

extern "C" {

qrange_status qrange_percentile_range_f32(const float* x, size_t n, double percentile, size_t bins, int exact_mode,
                                          qrange_range* out) {
  return percentile_range_api<k::F32>("qrange_percentile_range_f32", nullptr, x, n, percentile, bins, exact_mode,
                                      out);
}
qrange_status qrange_percentile_range_f32_ex(const qrange_context* ctx, const float* x, size_t n, double percentile,
                                             size_t bins, int exact_mode, qrange_range* out) {
  return percentile_range_api<k::F32>("qrange_percentile_range_f32_ex", ctx, x, n, percentile, bins, exact_mode,
                                      out);
}
qrange_status qrange_percentile_range_f16(const qrange_context* ctx, const uint16_t* x, size_t n, double percentile,
                                          size_t bins, int exact_mode, qrange_range* out) {
  return percentile_range_api<k::F16>("qrange_percentile_range_f16", ctx, x, n, percentile, bins, exact_mode, out);
}
qrange_status qrange_percentile_range_bf16(const qrange_context* ctx, const uint16_t* x, size_t n, double percentile,
                                           size_t bins, int exact_mode, qrange_range* out) {
  return percentile_range_api<k::BF16>("qrange_percentile_range_bf16", ctx, x, n, percentile, bins, exact_mode,
                                       out);
}

}
