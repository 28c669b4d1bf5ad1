// What an observer state answers: its counts and range, its bins, and
// percentile ranges (docs/observers.md).
#include <cmath>
#include <limits>

#include "error.hpp"
#include "numpy_rank.hpp"
#include "observer.hpp"

using qrange::detail::fail;
namespace k = qrange::kernels;

namespace {

double edge(const qrange_observer& o, std::uint32_t i) {
  return std::ldexp(static_cast<double>(o.grid.first + i), o.grid.exponent);  // exact: < 2^45 times a power of 2
}

// The value estimated for the order statistic of rank r (0-based among the
// finite values): min and max are known; inside, the middle of the floats
// that r's bin can hold.
double order_statistic(const qrange_observer& o, std::uint64_t r) {
  if (r == 0) return o.min;
  if (r == o.finite - 1) return o.max;
  std::uint32_t b = 0;
  for (std::uint64_t before = 0; before + o.counts[b] <= r; ++b) before += o.counts[b];
  const float lowest = std::fmax(qrange::detail::round_up(edge(o, b)), o.min);
  const double end = edge(o, b + 1);
  float highest = qrange::detail::round_down(end);
  if (static_cast<double>(highest) == end) highest = std::nextafter(highest, -std::numeric_limits<float>::infinity());
  highest = std::fmin(highest, o.max);
  return 0.5 * (static_cast<double>(lowest) + static_cast<double>(highest));
}

float percentile(const qrange_observer& o, double q) {
  const qrange::detail::Rank r = qrange::detail::rank_for(q, o.finite);
  const double a = order_statistic(o, r.k);
  if (r.top) return qrange::detail::to_result(a);
  return qrange::detail::to_result(qrange::detail::lerp(a, order_statistic(o, r.k + 1), r.gamma));
}

}  // namespace

extern "C" {

qrange_status qrange_observer_get_stats(const qrange_observer* obs, qrange_observer_stats* out) {
  constexpr const char* kFn = "qrange_observer_get_stats";
  if (obs == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: obs is NULL", kFn);
  if (out == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: out is NULL", kFn);
  if (out->struct_size != sizeof(qrange_observer_stats))
    return fail(QRANGE_ERROR_INVALID_ARGUMENT,
                "%s: out->struct_size = %zu, expected sizeof(qrange_observer_stats) = %zu "
                "(initialize with QRANGE_OBSERVER_STATS_INIT)",
                kFn, out->struct_size, sizeof(qrange_observer_stats));
  out->finite = obs->finite;
  out->nan = obs->counts[obs->bins + k::kSlotNaN];
  out->pos_inf = obs->counts[obs->bins + k::kSlotPosInf];
  out->neg_inf = obs->counts[obs->bins + k::kSlotNegInf];
  out->range = {obs->min, obs->max};
  out->bins = obs->bins;
  out->used_bins = obs->grid.used;
  out->bin_exponent = obs->grid.exponent;
  out->first_bin = obs->grid.first;
  return QRANGE_OK;
}

qrange_status qrange_observer_histogram(const qrange_observer* obs, double* edges, uint64_t* counts, size_t len) {
  constexpr const char* kFn = "qrange_observer_histogram";
  if (obs == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: obs is NULL", kFn);
  if (len != obs->grid.used)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: len = %zu, but the state uses %u bins", kFn, len,
                obs->grid.used);
  if (len == 0) return QRANGE_OK;
  if (edges == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: edges is NULL", kFn);
  if (counts == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: counts is NULL", kFn);
  for (std::uint32_t i = 0; i <= obs->grid.used; ++i) edges[i] = edge(*obs, i);
  for (std::uint32_t i = 0; i < obs->grid.used; ++i) counts[i] = obs->counts[i];
  return QRANGE_OK;
}

qrange_status qrange_observer_percentile_range(const qrange_observer* obs, double percentile_, qrange_range* out) {
  constexpr const char* kFn = "qrange_observer_percentile_range";
  if (obs == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: obs is NULL", kFn);
  if (out == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: out is NULL", kFn);
  if (!(percentile_ >= 50.0 && percentile_ <= 100.0))
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: percentile = %g is outside [50, 100]", kFn, percentile_);
  if (obs->finite == 0) return fail(QRANGE_ERROR_EMPTY_INPUT, "%s: the state has seen no finite value", kFn);
  *out = {percentile(*obs, 100.0 - percentile_), percentile(*obs, percentile_)};
  return QRANGE_OK;
}

}  // extern "C"
