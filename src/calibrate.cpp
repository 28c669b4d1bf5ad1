// qrange_calibrate_f32 and qrange_observer_calibrate: the parameters of a
// method, on a tensor or on a state (docs/calibration.md).
#include <qrange/qrange.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <new>

#include "calibration.hpp"
#include "choose_params.hpp"
#include "context.hpp"
#include "error.hpp"
#include "histogram.hpp"
#include "minmax.hpp"
#include "observer.hpp"
#include "percentile.hpp"
#include "quantize.hpp"

using qrange::detail::Calibration;
using qrange::detail::fail;
namespace d = qrange::detail;
namespace k = qrange::kernels;

namespace {

constexpr const char* kMethodNames[] = {"minmax", "percentile", "mse", "entropy"};

}  // namespace

qrange_status d::check_calibration(const char* kFn, const qrange_calibration* c, bool on_state, Calibration* out) {
  if (c == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: c is NULL", kFn);
  if (c->struct_size != sizeof(qrange_calibration))
    return fail(QRANGE_ERROR_INVALID_ARGUMENT,
                "%s: c->struct_size = %zu, expected sizeof(qrange_calibration) = %zu "
                "(initialize with QRANGE_CALIBRATION_INIT)",
                kFn, c->struct_size, sizeof(qrange_calibration));
  // Enums read as bytes: a C caller may pass any int (see choose_params).
  int method = 0, scheme = 0;
  std::memcpy(&method, &c->method, sizeof method);
  std::memcpy(&scheme, &c->scheme, sizeof scheme);
  if (method < QRANGE_METHOD_MINMAX || method > QRANGE_METHOD_ENTROPY)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: unknown method %d", kFn, method);
  const char* name = kMethodNames[method];
  if (scheme != QRANGE_ASYMMETRIC && scheme != QRANGE_SYMMETRIC)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: unknown scheme %d", kFn, scheme);
  const std::int64_t levels = std::int64_t{c->qmax} - c->qmin;
  if (levels <= 0 || levels > 65535)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: need qmin < qmax and qmax - qmin <= 65535 (qmin = %d, qmax = %d)",
                kFn, c->qmin, c->qmax);
  if (c->include_zero != 0 && c->include_zero != 1)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: include_zero = %d is neither 0 nor 1", kFn, c->include_zero);
  Calibration r{c->method, c->qmin, c->qmax, c->scheme, c->include_zero == 1, c->percentile,
                QRANGE_OBSERVER_DEFAULT_BINS, c->bins, false};
  if (c->method == QRANGE_METHOD_PERCENTILE) {
    if (!(c->percentile >= 50.0 && c->percentile <= 100.0))
      return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: percentile = %g is outside [50, 100]", kFn, c->percentile);
    if (c->exact != 0 && c->exact != 1)
      return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: exact = %d is neither 0 nor 1", kFn, c->exact);
    if (on_state && c->exact == 1)
      return fail(QRANGE_ERROR_INVALID_ARGUMENT,
                  "%s: exact = 1, but a state keeps no values (exact percentiles: qrange_calibrate_f32)", kFn);
    if (!on_state && c->bins > d::kMaxHistogramBins)
      return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: bins = %zu exceeds 2^24 (method percentile)", kFn, c->bins);
    r.exact = c->exact == 1;
  }
  if (!on_state && (c->method == QRANGE_METHOD_MSE || c->method == QRANGE_METHOD_ENTROPY)) {
    if (c->bins != 0 && (c->bins < QRANGE_OBSERVER_MIN_BINS || c->bins > QRANGE_OBSERVER_MAX_BINS))
      return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: bins = %zu is outside [16, 2^20] (method %s)", kFn, c->bins,
                  name);
    if (c->bins != 0) r.bins = static_cast<std::uint32_t>(c->bins);
  }
  *out = r;
  return QRANGE_OK;
}

namespace {

qrange_status params_of(const char* kFn, qrange_range r, const Calibration& c, qrange_params* out) {
  return d::choose_params(kFn, r, c.qmin, c.qmax, c.scheme, c.include_zero ? 1 : 0, out);
}

// The entropy threshold's range: the data's, clamped to [-t, t] (which
// keeps min <= max even for a t below data all above 0).
qrange_range clipped(qrange_range r, double t) {
  const auto tf = static_cast<float>(t);
  return {std::clamp(r.min, -tf, tf), std::clamp(r.max, -tf, tf)};
}

// The MSE method on a tensor: the search on a state of all its values, then
// the model's best parameters and min-max's evaluated exactly; the lower
// wins. (A histogram of a sample would halve the time at 1M
// values, but its tails are too thin to place the clipping well:
// docs/calibration.md, "The histogram".)
template <class In>
qrange_status tensor_mse(const char* kFn, const d::Exec& e, const k::elem_t<In>* x, std::size_t n,
                         const Calibration& c, qrange_params* out, double* mse) {
  std::unique_ptr<qrange_observer> o(d::new_observer(c.bins));
  if (!o) return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate a histogram of %u bins", kFn, c.bins);
  if (qrange_status s = d::observe<In>(kFn, e, *o, x, n)) return s;
  if (o->finite == 0) return fail(QRANGE_ERROR_EMPTY_INPUT, "%s: no finite value among the %zu inputs", kFn, n);
  qrange_params minmax{};
  if (qrange_status s = params_of(kFn, {o->min, o->max}, c, &minmax)) return s;
  qrange_params first = minmax;  // the model's best
  if (o->min < o->max)
    if (qrange_status s = d::mse_search(kFn, d::search_histogram(*o, d::kSearchBins), c, &first)) return s;
  double first_err = 0.0, minmax_err = 0.0;
  if (qrange_status s = d::mse_pass<In>(kFn, e, x, n, first, &first_err)) return s;
  if (first.scale == minmax.scale && first.zero_point == minmax.zero_point) {
    *out = first;
    *mse = first_err;
    return QRANGE_OK;
  }
  if (qrange_status s = d::mse_pass<In>(kFn, e, x, n, minmax, &minmax_err)) return s;
  const bool keep = first_err <= minmax_err;  // a tie keeps the model's choice
  *out = keep ? first : minmax;
  *mse = keep ? first_err : minmax_err;
  return QRANGE_OK;
}

// TensorRT's histogram of |x|: `bins` bins over [0, amax], as a histogram of
// x over [-amax, amax] with twice the bins, folded at 0.
template <class In>
qrange_status tensor_entropy(const char* kFn, const d::Exec& e, const k::elem_t<In>* x, std::size_t n, k::MinMax mm,
                             const Calibration& c, qrange_range* out) {
  const float amax = std::max(std::fabs(mm.min), std::fabs(mm.max));
  const k::HistogramSpec spec = d::histogram_spec({-amax, amax}, 2 * std::size_t{c.bins});
  d::PartHistograms h;
  if (qrange_status s = h.compute<In>(kFn, e, x, n, spec)) return s;
  std::vector<double> abs_counts(c.bins);
  for (std::uint32_t i = 0; i < c.bins; ++i)
    abs_counts[i] = static_cast<double>(h.total()[c.bins + i] + h.total()[c.bins - 1 - i]);
  const std::size_t i = d::entropy_bins(abs_counts, d::entropy_levels(c.qmin, c.qmax));
  *out = clipped({mm.min, mm.max}, static_cast<double>(amax) * static_cast<double>(i) / c.bins);
  return QRANGE_OK;
}

template <class In>
qrange_status calibrate(const char* kFn, const qrange_context* ctx, const k::elem_t<In>* x, std::size_t n,
                        const qrange_calibration* cal, qrange_params* out, double* mse) {
  if (out == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: out is NULL", kFn);
  if (x == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: x is NULL but n = %zu", kFn, n);
  Calibration c{};
  if (qrange_status s = d::check_calibration(kFn, cal, false, &c)) return s;
  d::Exec e{};
  if (qrange_status s = d::resolve_context(kFn, ctx, &e)) return s;
  return d::calibrate_values<In>(kFn, e, x, n, c, out, mse);
}

qrange_status observer_calibrate(const char* kFn, const qrange_observer* obs, const qrange_calibration* cal,
                                 qrange_params* out) {
  if (obs == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: obs is NULL", kFn);
  if (out == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: out is NULL", kFn);
  Calibration c{};
  if (qrange_status s = d::check_calibration(kFn, cal, true, &c)) return s;
  if (obs->finite == 0) return fail(QRANGE_ERROR_EMPTY_INPUT, "%s: the state has seen no finite value", kFn);
  const qrange_range minmax{obs->min, obs->max};
  qrange_range r = minmax;
  if (c.method == QRANGE_METHOD_PERCENTILE) {
    if (qrange_status s = qrange_observer_percentile_range(obs, c.percentile, &r)) return s;
  } else if (c.method == QRANGE_METHOD_MSE && obs->min < obs->max) {
    return d::mse_search(kFn, d::search_histogram(*obs, d::kSearchBins), c, out);
  } else if (c.method == QRANGE_METHOD_ENTROPY && obs->min < obs->max) {
    r = clipped(minmax, d::entropy_threshold(d::search_histogram(*obs, d::kSearchBins),
                                             d::entropy_levels(c.qmin, c.qmax)));
  }
  return params_of(kFn, r, c, out);
}

}  // namespace

template <class In>
qrange_status d::calibrate_values(const char* kFn, const Exec& e, const k::elem_t<In>* x, std::size_t n,
                                  const Calibration& c, qrange_params* out, double* mse) {
  qrange_params p{};
  double err = std::numeric_limits<double>::quiet_NaN();  // NaN: not computed yet
  if (c.method == QRANGE_METHOD_PERCENTILE) {
    const qrange_context ctx{sizeof(qrange_context), e.threads, e.kernels->isa, e.parallel_for, e.pool};
    qrange_range r{};
    if (qrange_status s =
            d::percentile_range<In>(kFn, &ctx, x, n, c.percentile, c.percentile_bins, c.exact, true, &r, nullptr))
      return s;
    if (qrange_status s = params_of(kFn, r, c, &p)) return s;
  } else if (c.method == QRANGE_METHOD_MSE && n > d::kDirectSearchMax) {
    if (qrange_status s = tensor_mse<In>(kFn, e, x, n, c, &p, &err)) return s;
  } else {
    k::MinMax mm{};
    if (qrange_status s = d::minmax_pass<In>(kFn, e, x, n, &mm)) return s;
    if (!(mm.min <= mm.max))
      return fail(QRANGE_ERROR_EMPTY_INPUT, "%s: no finite value among the %zu inputs", kFn, n);
    if (qrange_status s = params_of(kFn, {mm.min, mm.max}, c, &p)) return s;
    if (c.method == QRANGE_METHOD_MSE && mm.min < mm.max) {
      if (qrange_status s = d::mse_direct_search<In>(kFn, x, n, c, &p)) return s;
    } else if (c.method == QRANGE_METHOD_ENTROPY && mm.min < mm.max) {
      qrange_range r{};
      if (qrange_status s = tensor_entropy<In>(kFn, e, x, n, mm, c, &r)) return s;
      if (qrange_status s = params_of(kFn, r, c, &p)) return s;
    }
  }
  if (mse != nullptr && std::isnan(err))
    if (qrange_status s = d::mse_pass<In>(kFn, e, x, n, p, &err)) return s;
  *out = p;
  if (mse != nullptr) *mse = err;
  return QRANGE_OK;
}
template qrange_status d::calibrate_values<k::F32>(const char*, const Exec&, const float*, std::size_t,
                                                   const Calibration&, qrange_params*, double*);
template qrange_status d::calibrate_values<k::F16>(const char*, const Exec&, const std::uint16_t*, std::size_t,
                                                   const Calibration&, qrange_params*, double*);
template qrange_status d::calibrate_values<k::BF16>(const char*, const Exec&, const std::uint16_t*, std::size_t,
                                                    const Calibration&, qrange_params*, double*);

namespace {

// qrange_calibrate_f32 and its 16-bit namesakes: the searches allocate with
// new, and no exception may cross the C ABI.
template <class In>
qrange_status calibrate_api(const char* kFn, const qrange_context* ctx, const k::elem_t<In>* x, std::size_t n,
                            const qrange_calibration* c, qrange_params* out, double* mse) {
  try {
    return calibrate<In>(kFn, ctx, x, n, c, out, mse);
  } catch (const std::bad_alloc&) {
    return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate the search's tables", kFn);
  }
}

}  // namespace

extern "C" {

qrange_status qrange_calibrate_f32(const qrange_context* ctx, const float* x, size_t n, const qrange_calibration* c,
                                   qrange_params* out, double* mse) {
  return calibrate_api<k::F32>("qrange_calibrate_f32", ctx, x, n, c, out, mse);
}
qrange_status qrange_calibrate_f16(const qrange_context* ctx, const uint16_t* x, size_t n,
                                   const qrange_calibration* c, qrange_params* out, double* mse) {
  return calibrate_api<k::F16>("qrange_calibrate_f16", ctx, x, n, c, out, mse);
}
qrange_status qrange_calibrate_bf16(const qrange_context* ctx, const uint16_t* x, size_t n,
                                    const qrange_calibration* c, qrange_params* out, double* mse) {
  return calibrate_api<k::BF16>("qrange_calibrate_bf16", ctx, x, n, c, out, mse);
}

qrange_status qrange_observer_calibrate(const qrange_observer* obs, const qrange_calibration* c, qrange_params* out) {
  constexpr const char* kFn = "qrange_observer_calibrate";
  try {
    return observer_calibrate(kFn, obs, c, out);
  } catch (const std::bad_alloc&) {
    return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate the search's tables", kFn);
  }
}

}  // extern "C"
