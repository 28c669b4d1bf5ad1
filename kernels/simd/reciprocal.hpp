// The reciprocal rounding that quantize and mse try before the division.
#pragma once

#include <xsimd/xsimd.hpp>

#include <cmath>

#include "kernels/kernel_table.hpp"
#include "kernels/simd/quantize_io.hpp"

namespace qrange::kernels::simd {
namespace {

// round_even(x * (1 / scale)) where it is provably round_even(x / scale).
// With y = x * recip, |y - x / scale| <= 3.001 * 2^-24 * |y| + 2^-149 when
// 1 / scale is a normal float. A lane is sure when y is farther than that from
// every half-integer, checked against one margin for the largest |y| of the
// grid (its far end, <= 2^20). The proof is in docs/quantization.md.
template <class Arch>
struct ReciprocalRound {
  using F = xsimd::batch<float, Arch>;
  F recip, tie_margin;

  // lo, hi: the grid as quotients, qmin - zp and qmax - zp.
  template <Tuning kT>
  static bool applies(float scale, float lo, float hi) {
    const float end = grid_end(lo, hi);
    return scale >= 0x1p-126f && scale <= 0x1p126f && end <= 0x1p20f &&
           end <= tuning_values(kT).reciprocal_grid_max;
  }

  ReciprocalRound(float scale, float lo, float hi)
      : recip(1.0f / scale), tie_margin(0.5f - grid_end(lo, hi) * 0x1p-22f) {}

  // k = round_even(y) for y = x * recip, with |y - k| folded into `far`,
  // the block's largest distance from an integer so far: NaN once a y was
  // NaN or infinite. A running maximum and one compare per block, instead of
  // rounding by adding and subtracting 1.5 * 2^23 and a compare into a mask
  // per vector: one rounding instruction takes fewer slots on the add pipes
  // than the two adds (docs/performance.md, Zen 5, mse).
  F round(const F& y, F& far) const {
    const F k = round_even(y);
    far = max_abs_keeping_nan(far, y - k);
    return k;
  }
  // Lanes whose k is round_even(x / scale): y was within the grid's end and
  // no nearer a half-integer than the margin.
  xsimd::batch_bool<float, Arch> sure(const F& far) const { return far < tie_margin; }

 private:
  static float grid_end(float lo, float hi) { return std::fmax(std::fabs(lo), std::fabs(hi)) + 1.0f; }
};

}  // namespace
}  // namespace qrange::kernels::simd
