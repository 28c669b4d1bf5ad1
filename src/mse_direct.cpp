// The MSE method on a few values (docs/per_axis.md, "The MSE method on small
// groups"): a 4-bit block of 32 values would leave a histogram of 2048 bins
// nearly empty, and evaluating a candidate exactly costs no more than one
// model lookup per value. So the candidates are scaled-down grids of the min-max parameters,
// as ggml's make_qkx2_quants scans scales, each with the zero points that
// pin the lower end, the upper end, or split the clipping between them, and
// every one is rated by its exact error.
#include <cfloat>
#include <cmath>
#include <cstdint>

#include "calibration.hpp"
#include "choose_params.hpp"
#include "kernels/element.hpp"
#include "kernels/kernel_table.hpp"

namespace qrange::detail {
namespace {

// Candidate scales: the min-max scale times 1 - k / kSteps for k in [1,
// kScales], down to half of it, for the clipping; times 1 - k / (4 * levels)
// for k in [1, kFine], within two steps of the min-max grid, where wide grids
// find their best alignment with few values; then half steps around the best.
constexpr int kScales = 16;
constexpr double kSteps = 32.0;
constexpr int kFine = 8;

// The squared error of p over v[0..m) (finite values), in four partial
// sums. Each value's error is the reference's: round(clamp(v / scale, qmin -
// zp, qmax - zp)) * scale is its dequantized value (kernels/simd/mse.hpp),
// and below 2^22 adding and subtracting 1.5 * 2^23 rounds a float to the
// nearest even integer, which the baseline target cannot do in vectors
// otherwise. Wider grids take the reference's own path.
double error(const float* v, std::size_t m, const qrange_params& p) {
  const auto lo = static_cast<float>(std::int64_t{p.qmin} - p.zero_point);
  const auto hi = static_cast<float>(std::int64_t{p.qmax} - p.zero_point);
  double sum[4] = {0.0, 0.0, 0.0, 0.0};
  if (std::fabs(lo) <= 0x1p22f && std::fabs(hi) <= 0x1p22f) {
    constexpr float kMagic = 0x1.8p23f;
    for (std::size_t i = 0; i < m; ++i) {
      float t = v[i] / p.scale;
      t = t < lo ? lo : (t > hi ? hi : t);
      const float r = (t + kMagic) - kMagic;
      const double d = static_cast<double>(v[i]) - static_cast<double>(r * p.scale);
      sum[i % 4] += d * d;
    }
  } else {
    for (std::size_t i = 0; i < m; ++i) {
      const std::int64_t q = kernels::scalar::quantize_value(v[i], p);
      const double d = static_cast<double>(v[i]) - static_cast<double>(static_cast<float>(q - p.zero_point) * p.scale);
      sum[i % 4] += d * d;
    }
  }
  return (sum[0] + sum[1]) + (sum[2] + sum[3]);
}

}  // namespace

template <class In>
qrange_status mse_direct_search(const char*, const kernels::elem_t<In>* x, std::size_t n, const Calibration& c,
                                qrange_params* inout) {
  float v[kDirectSearchMax];
  std::size_t m = 0;
  float lo = INFINITY, hi = -INFINITY;
  for (std::size_t i = 0; i < n && m < kDirectSearchMax; ++i) {
    const float xi = kernels::to_float<In>(x[i]);
    if (std::isfinite(xi)) {
      v[m++] = xi;
      lo = std::fmin(lo, xi);
      hi = std::fmax(hi, xi);
    }
  }
  const qrange_params minmax = *inout;
  qrange_params best = minmax;
  double best_err = error(v, m, minmax);
  double best_f = 1.0;
  const auto offer = [&](const qrange_params& p, double f) {
    const double e = error(v, m, p);
    if (e < best_err) best = p, best_err = e, best_f = f;
  };
  const std::int64_t zmin = c.include_zero ? c.qmin : -(std::int64_t{1} << 24);
  const std::int64_t zmax = c.include_zero ? c.qmax : (std::int64_t{1} << 24);
  const auto clamp_zp = [&](double z) {
    const double lo_z = static_cast<double>(zmin), hi_z = static_cast<double>(zmax);
    return static_cast<std::int32_t>(z < lo_z ? lo_z : (z > hi_z ? hi_z : z));
  };
  const auto try_scale = [&](double f) {
    if (c.scheme == QRANGE_SYMMETRIC) {
      const double amax = std::fmax(std::fabs(static_cast<double>(lo)), std::fabs(static_cast<double>(hi))) * f;
      qrange_params p{};
      if (choose_params(nullptr, {-static_cast<float>(amax), static_cast<float>(amax)}, c.qmin, c.qmax, c.scheme,
                        c.include_zero, &p) == QRANGE_OK)
        offer(p, f);
      return;
    }
    const auto scale = static_cast<float>(static_cast<double>(minmax.scale) * f);
    if (!(scale >= FLT_MIN)) return;
    const double z_lo = c.qmin - std::nearbyint(static_cast<double>(lo) / scale);
    const double z_hi = c.qmax - std::nearbyint(static_cast<double>(hi) / scale);
    const double zs[] = {z_lo, z_hi, std::nearbyint((z_lo + z_hi) / 2)};
    for (double z : zs) offer({scale, clamp_zp(z), c.qmin, c.qmax}, f);
  };
  const double fine = 1.0 / (4.0 * (static_cast<double>(c.qmax) - c.qmin));
  for (int k = 1; k <= kScales; ++k) try_scale(1.0 - k / kSteps);
  for (int k = 1; k <= kFine; ++k) try_scale(1.0 - k * fine);
  if (best_f < 1.0) {
    const double f = best_f, step = best_f > 1.0 - kFine * fine ? fine : 1.0 / kSteps;
    try_scale(f + 0.5 * step);
    try_scale(f - 0.5 * step);
  }
  *inout = best;
  return QRANGE_OK;
}
template qrange_status mse_direct_search<kernels::F32>(const char*, const float*, std::size_t, const Calibration&,
                                                       qrange_params*);
template qrange_status mse_direct_search<kernels::F16>(const char*, const std::uint16_t*, std::size_t,
                                                       const Calibration&, qrange_params*);
template qrange_status mse_direct_search<kernels::BF16>(const char*, const std::uint16_t*, std::size_t,
                                                        const Calibration&, qrange_params*);

}  // namespace qrange::detail
