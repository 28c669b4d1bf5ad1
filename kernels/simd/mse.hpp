// The quantization error, written once for every SIMD target; it gives the
// bits of kernels/scalar/mse.cpp.
//
// The dequantized value is round(clamp(x / scale, A, B)) * scale with
// A = (float)(qmin - zp), B = (float)(qmax - zp): rounding a float to the
// nearest is monotonic and exact on integers, so this equals the reference's
// (float)(clamp(round(x / scale) + zp, qmin, qmax) - zp) * scale for any int32
// qmin, qmax. When no lane of a block is clamped, x - dequantized is exact in
// float (docs/quantization.md), so it is formed there and widened once. The
// 16 double lanes of the reference live in registers.
#pragma once

#include <xsimd/xsimd.hpp>

#include <cmath>
#include <cstdint>

#include "kernels/kernel_table.hpp"
#include "kernels/element.hpp"
#include "kernels/simd/blocks.hpp"
#include "kernels/simd/convert.hpp"
#include "kernels/simd/quantize_io.hpp"
#include "kernels/simd/reciprocal.hpp"

namespace qrange::kernels::simd {
namespace {

template <class Arch, class In, Tuning kT>
MseSum mse(const elem_t<In>* x, std::size_t n, const qrange_params& p) {
  using F = xsimd::batch<float, Arch>;
  using D = xsimd::batch<double, Arch>;
  constexpr std::size_t W = F::size;
  constexpr std::size_t kAcc = kMseLanes / (W / 2);  // registers holding the 16 lanes
  constexpr std::size_t kStep = 64;                   // a multiple of the 16 lanes
  static_assert(kStep % kMseLanes == 0 && kMseLanes % W == 0, "lane i % 16 must stay in place");
  const float lo_bound = static_cast<float>(std::int64_t{p.qmin} - p.zero_point);
  const float hi_bound = static_cast<float>(std::int64_t{p.qmax} - p.zero_point);
  const F scale(p.scale), zero(0.0f), inf(INFINITY), lo(lo_bound), hi(hi_bound);
  const bool use_reciprocal = ReciprocalRound<Arch>::template applies<kT>(p.scale, lo_bound, hi_bound);
  const ReciprocalRound<Arch> reciprocal(p.scale, lo_bound, hi_bound);
  D acc[kAcc];
  for (D& a : acc) a = D(0.0);
  std::uint64_t count = 0;
  // The accumulators of the low and high halves of vector v of a step.
  const auto acc_lo = [&](std::size_t v) -> D& { return acc[(2 * v) % kAcc]; };
  const auto acc_hi = [&](std::size_t v) -> D& { return acc[(2 * v + 1) % kAcc]; };

  // Every lane finite, unclamped and sure of its rounding: the float
  // difference is exact, so widening it gives the reference's double one.
  // The product is not clamped: a block is taken only when every k lies in
  // the grid [lo, hi] (|k - mid| <= half; exact, both are multiples of 0.5
  // below 2^21, and huge or infinite k fail it) and is sure, which also keeps
  // |y| within the grid's end as the margin needs. NaN and infinite x are
  // never sure, so the cheaper max_abs may drop them from the grid check,
  // and one grid check per block is cheaper than clamping every product to
  // the ties beyond the grid (docs/performance.md, Zen 5, mse).
  const F mid((lo_bound + hi_bound) / 2), half((hi_bound - lo_bound) / 2);
  const auto run_reciprocal = [&](const elem_t<In>* in) {
    F far(0.0f), off_grid(0.0f);
    F diff[kStep / W];
    for (std::size_t v = 0; v < kStep / W; ++v) {
      const F xv = load_float<In, Arch>(in + v * W);
      const F k = reciprocal.round(xv * reciprocal.recip, far);
      off_grid = max_abs(off_grid, k - mid);
      diff[v] = xv - k * scale;
    }
    if (!xsimd::all(reciprocal.sure(far) & (off_grid <= half))) return false;
    for (std::size_t v = 0; v < kStep / W; ++v) {
      acc_lo(v) = add_square(acc_lo(v), low_to_double(diff[v]));
      acc_hi(v) = add_square(acc_hi(v), high_to_double(diff[v]));
    }
    count += kStep;
    return true;
  };

  // One block; called as the tail too, which passes the offset it ignores.
  const auto run = [&](const elem_t<In>* in, std::size_t = 0) {
    if (use_reciprocal && run_reciprocal(in)) return;
    xsimd::batch_bool<float, Arch> all_finite(true);
    for (std::size_t v = 0; v < kStep / W; ++v) {
      const F xv = load_float<In, Arch>(in + v * W);
      const auto finite = xsimd::abs(xv) < inf;
      all_finite = all_finite & finite;
      const F x0 = xsimd::select(finite, xv, zero);
      const F deq = xsimd::select(finite, round_even(xsimd::min(xsimd::max(divide(x0, scale), lo), hi)) * scale, zero);
      // Not add_square: this difference of doubles need not be a float.
      const D d_lo = low_to_double(x0) - low_to_double(deq), d_hi = high_to_double(x0) - high_to_double(deq);
      acc_lo(v) = acc_lo(v) + d_lo * d_lo;
      acc_hi(v) = acc_hi(v) + d_hi * d_hi;
    }
    if (xsimd::all(all_finite)) {
      count += kStep;
    } else {
      for (std::size_t k = 0; k < kStep; ++k) count += std::isfinite(to_float<In>(in[k]));
    }
  };

  // A padding NaN contributes +0.0 to its lane and is not counted.
  for_each_block<kStep, kT>(n, from_float<In>(NAN), run, run, x);

  alignas(64) double lanes[kMseLanes];
  for (std::size_t a = 0; a < kAcc; ++a) acc[a].store_aligned(lanes + a * (W / 2));
  return {scalar::mse_fold(lanes), count};
}

}  // namespace
}  // namespace qrange::kernels::simd
