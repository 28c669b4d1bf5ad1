#include <qrange/qrange.h>

#include <cfloat>
#include <cmath>
#include <cstring>
#include <cstdint>

#include "choose_params.hpp"
#include "error.hpp"

namespace {

// A zero point beyond this cannot be represented exactly in float32, which
// the kernels' exact integer arithmetic relies on.
constexpr std::int64_t kMaxZeroPoint = std::int64_t{1} << 24;

// ceil(v / 2) for any int64 v, without overflow for int32 sums.
std::int64_t ceil_half(std::int64_t v) { return v >= 0 ? (v + 1) / 2 : -((-v) / 2); }

}  // namespace

namespace qrange::detail {

qrange_status choose_params(const char* caller, qrange_range r, std::int32_t qmin, std::int32_t qmax, int scheme,
                            int include_zero, qrange_params* out) {
  // A silent refusal keeps the thread's message of the caller's last failure.
  const char* const kFn = caller != nullptr ? caller : "";
  const auto fail = [caller](qrange_status s, const char* fmt, auto... args) {
    if (caller != nullptr) qrange::detail::fail(s, fmt, args...);
    return s;
  };
  if (scheme != QRANGE_ASYMMETRIC && scheme != QRANGE_SYMMETRIC)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: unknown scheme %d", kFn, scheme);
  const std::int64_t levels = std::int64_t{qmax} - qmin;
  if (levels <= 0 || levels > 65535)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: need qmin < qmax and qmax - qmin <= 65535 (qmin = %d, qmax = %d)",
                kFn, qmin, qmax);
  if (!std::isfinite(r.min) || !std::isfinite(r.max) || !(r.min <= r.max))
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: need a finite range with min <= max (min = %g, max = %g)", kFn,
                static_cast<double>(r.min), static_cast<double>(r.max));

  double lo = r.min, hi = r.max;
  if (include_zero) {
    lo = std::fmin(lo, 0.0);
    hi = std::fmax(hi, 0.0);
  }
  double scale_d;
  if (scheme == QRANGE_ASYMMETRIC) {
    // A constant c maps to exactly c with scale |c| (c / scale = +-1).
    scale_d = lo < hi ? (hi - lo) / static_cast<double>(levels) : std::fabs(lo);
  } else {
    scale_d = std::fmax(std::fabs(lo), std::fabs(hi)) / (static_cast<double>(levels) / 2.0);
  }
  if (scale_d == 0.0) scale_d = 1.0;  // the range [0, 0]: any scale is exact
  float scale = static_cast<float>(scale_d);
  if (std::isinf(scale))
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: scale %g exceeds FLT_MAX (min = %g, max = %g)", kFn, scale_d,
                static_cast<double>(r.min), static_cast<double>(r.max));
  if (scale < FLT_MIN) scale = FLT_MIN;

  std::int64_t zero_point;
  if (scheme == QRANGE_ASYMMETRIC) {
    const double steps = std::nearbyint(lo / static_cast<double>(scale));  // ties to even
    if (std::fabs(steps) > static_cast<double>(kMaxZeroPoint) * 2)
      return fail(QRANGE_ERROR_INVALID_ARGUMENT,
                  "%s: the range [%g, %g] is too far from zero for %lld levels (use include_zero)", kFn,
                  static_cast<double>(r.min), static_cast<double>(r.max), static_cast<long long>(levels));
    zero_point = qmin - static_cast<std::int64_t>(steps);
    if (include_zero) zero_point = zero_point < qmin ? qmin : (zero_point > qmax ? qmax : zero_point);
  } else {
    zero_point = ceil_half(std::int64_t{qmin} + qmax);
  }
  if (zero_point < -kMaxZeroPoint || zero_point > kMaxZeroPoint)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: zero point %lld exceeds 2^24 in magnitude (range [%g, %g])", kFn,
                static_cast<long long>(zero_point), static_cast<double>(r.min), static_cast<double>(r.max));
  *out = {scale, static_cast<std::int32_t>(zero_point), qmin, qmax};
  return QRANGE_OK;
}

}  // namespace qrange::detail

extern "C" qrange_status qrange_choose_params(qrange_range r, int32_t qmin, int32_t qmax, qrange_scheme scheme,
                                              int include_zero, qrange_params* out) {
  static constexpr const char* kFn = "qrange_choose_params";
  if (out == nullptr) return qrange::detail::fail(QRANGE_ERROR_NULL_POINTER, "%s: out is NULL", kFn);
  // A C caller may pass any int. The C++ enum's values stop at 0 and
  // QRANGE_SCHEME_MAX_ENUM, so a negative one must be read as bytes: even
  // passing it on as a qrange_scheme would load an invalid enum value.
  int scheme_value = 0;
  static_assert(sizeof scheme == sizeof scheme_value, "qrange_scheme is 32 bits");
  std::memcpy(&scheme_value, &scheme, sizeof scheme_value);
  return qrange::detail::choose_params(kFn, r, qmin, qmax, scheme_value, include_zero, out);
}
