// quantize, dequantize and the quantization error, written once for every
// SIMD target; each gives the bits of kernels/scalar/quantize.cpp.
//
// quantize: x / scale is a true division, and its throughput is the limit.
// Where the grid is small and 1 / scale a normal float, round(x * (1 / scale))
// is tried first: it is provably the same integer except within a narrow
// margin around the half-integers (docs/quantization.md), and a block with any
// lane in that margin, or NaN, is redone with the division. Everything after
// the rounding is exact: the quotient is clamped in float (to qmin - zp,
// qmax - zp when those are exact floats, else to +-2^30 with an int32 clamp
// after the zero point is added), so the conversion cannot overflow, except
// at an end of the grid that is the output type's own, which the reciprocal
// path may leave to the saturating narrow (Clamp below). NaN is replaced by 0
// first, which quantizes to the zero point clamped, as the reference does.
//
// mse: the dequantized value is round(clamp(x / scale, A, B)) * scale with
// A = (float)(qmin - zp), B = (float)(qmax - zp): rounding a float to the
// nearest is monotonic and exact on integers, so this equals the reference's
// (float)(clamp(round(x / scale) + zp, qmin, qmax) - zp) * scale for any int32
// qmin, qmax. When no lane of a block is clamped, x - dequantized is exact in
// float (docs/quantization.md), so it is formed there and widened once. The
// 16 double lanes of the reference live in registers.
//
// Tails go through the same vector code on a padded copy in the stack.
#pragma once

#include <xsimd/xsimd.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "kernels/kernel_table.hpp"
#include "kernels/simd/prefetch.hpp"
#include "kernels/simd/quantize_io.hpp"

namespace qrange::kernels::simd {
namespace {

// Any zero point: clamp to +-2^30, convert, add the zero point, clamp in int32.
template <class Arch>
struct QuantizeStep {
  using F = xsimd::batch<float, Arch>;
  using I = xsimd::batch<std::int32_t, Arch>;
  F scale, lo, hi;
  I zero_point, qmin, qmax;

  explicit QuantizeStep(const qrange_params& p)
      : scale(p.scale), lo(-0x1p30f), hi(0x1p30f), zero_point(p.zero_point), qmin(p.qmin), qmax(p.qmax) {}

  I operator()(const F& x) const {
    const F t = divide(xsimd::select(x == x, x, F(0.0f)), scale);
    const I r = xsimd::nearbyint_as_int(xsimd::min(xsimd::max(t, lo), hi)) + zero_point;
    return xsimd::min(xsimd::max(r, qmin), qmax);
  }
};

// The common case, qmin - zp and qmax - zp exact in float (|.| <= 2^24):
// clamping the quotient to them before rounding is the same as clamping the
// rounded quotient (the bounds are integers), and adding the zero point then
// lands in [qmin, qmax] without an int32 clamp. NaN, replaced by 0, ends at
// the zero point clamped.
template <class Arch>
struct QuantizeStepExactBounds {
  using F = xsimd::batch<float, Arch>;
  using I = xsimd::batch<std::int32_t, Arch>;
  float lo_bound, hi_bound;
  F scale, lo, hi;
  I zero_point;

  explicit QuantizeStepExactBounds(const qrange_params& p)
      : lo_bound(static_cast<float>(std::int64_t{p.qmin} - p.zero_point)),
        hi_bound(static_cast<float>(std::int64_t{p.qmax} - p.zero_point)),
        scale(p.scale),
        lo(lo_bound),
        hi(hi_bound),
        zero_point(p.zero_point) {}

  static bool applies(const qrange_params& p) {
    const std::int64_t limit = std::int64_t{1} << 24;
    const std::int64_t lo = std::int64_t{p.qmin} - p.zero_point, hi = std::int64_t{p.qmax} - p.zero_point;
    return lo >= -limit && lo <= limit && hi >= -limit && hi <= limit;
  }

  I operator()(const F& x) const {
    const F t = divide(xsimd::select(x == x, x, F(0.0f)), scale);
    return xsimd::nearbyint_as_int(xsimd::min(xsimd::max(t, lo), hi)) + zero_point;
  }
};

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
  static bool applies(float scale, float lo, float hi) {
    const float end = grid_end(lo, hi);
    return scale >= 0x1p-126f && scale <= 0x1p126f && end <= 0x1p20f && end <= kernel_tuning().reciprocal_grid_max;
  }

  ReciprocalRound(float scale, float lo, float hi)
      : recip(1.0f / scale), tie_margin(0.5f - grid_end(lo, hi) * 0x1p-22f) {}

  // k = round_even(y) for y = x * recip, with |y - k| folded into `far`,
  // the block's largest distance from an integer so far: NaN once a y was
  // NaN or infinite. A running maximum and one compare per block, instead of
  // rounding by adding and subtracting 1.5 * 2^23 and a compare into a mask
  // per vector: quantize u8 0.073 -> 0.065 and mse 0.119 -> 0.096 ns per
  // value at 1M on Zen 5 (A/B), where vrndscaleps is one instruction and
  // the adds share two of the four vector pipes. On Intel it is two uops on
  // port 0, as many as the adds; not measured there.
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

// Runs run(in, out) on blocks of kBlock elements; the tail goes through a
// zero-padded copy on the stack.
template <std::size_t kBlock, class In, class Out, class Run>
void map_blocks(const In* x, std::size_t n, Out* y, const Run& run) {
  const StreamPrefetch prefetch;
  std::size_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    prefetch.ahead(x, i, kBlock, n);
    run(x + i, y + i);
  }
  if (i == n) return;
  In in[kBlock] = {};
  Out out[kBlock];
  std::memcpy(in, x + i, (n - i) * sizeof(In));
  run(in, out);
  std::memcpy(y + i, out, (n - i) * sizeof(Out));
}

// Quantizes the 4 vectors at in with step, dividing.
template <class Arch, class T, class Step>
void quantize_block(const Step& step, const float* in, T* out) {
  using F = xsimd::batch<float, Arch>;
  constexpr std::size_t W = F::size;
  narrow_store(out, step(F::load_unaligned(in)), step(F::load_unaligned(in + W)),
               step(F::load_unaligned(in + 2 * W)), step(F::load_unaligned(in + 3 * W)));
}

template <class Arch, class T, class Step>
void quantize_with(const float* x, std::size_t n, const Step& step, T* q) {
  map_blocks<4 * xsimd::batch<float, Arch>::size>(
      x, n, q, [&](const float* in, T* out) { quantize_block<Arch>(step, in, out); });
}

// Which ends of the grid the product is clamped to in float before rounding.
// An end that is also the output type's may be left to narrow_store, which
// saturates, when every product beyond it converts to an int32 that, plus the
// zero point, lies beyond it too. Below the grid with zp >= 0: the product
// converts to itself rounded or, from -2^31 on, to INT_MIN, and adding zp
// cannot overflow. Above it with zp < 0: from 2^31 on x86 converts to
// INT_MIN, which adding zp wraps to at least 2^31 - 2^24, and NEON to
// INT_MAX, which it keeps above 2^31 - 2^24 - 1. One clamp fewer on the two
// add pipes of Zen 4, which also round and convert: quantize u8 0.110 ->
// 0.098 ns per value at 1M (A/B).
enum class Clamp { kBoth, kHigh, kLow };

template <class T>
Clamp clamp_sides(const qrange_params& p) {
  if (p.qmin == std::numeric_limits<T>::min() && p.zero_point >= 0) return Clamp::kHigh;
  if (p.qmax == std::numeric_limits<T>::max() && p.zero_point < 0) return Clamp::kLow;
  return Clamp::kBoth;
}

// A lane clamped to an end is an integer, so sure, and its quotient clamps to
// the same end (it is within 0.19 of the product inside 2^20, and beyond the
// grid outside). An unclamped lane more than one past an end may round the
// wrong way and still look sure, but both roundings lie past that end and
// saturate alike (up to one past it, |y| is within the grid's end and the
// margin holds); an infinite product gives inf - inf and is not sure. The
// bound is the first operand of max and min so that NaN, which x86 min and
// max let through only as their second operand, stays NaN and is not sure.
template <Clamp kSides, class Arch, class T>
void quantize_reciprocal(const float* x, std::size_t n, const QuantizeStepExactBounds<Arch>& step,
                         const ReciprocalRound<Arch>& reciprocal, T* q) {
  using F = xsimd::batch<float, Arch>;
  using I = xsimd::batch<std::int32_t, Arch>;
  constexpr std::size_t W = F::size;
  map_blocks<4 * W>(x, n, q, [&](const float* in, T* out) {
    F far(0.0f);
    I k[4];
    for (std::size_t j = 0; j < 4; ++j) {
      F y = F::load_unaligned(in + j * W) * reciprocal.recip;
      if constexpr (kSides != Clamp::kHigh) y = xsimd::max(step.lo, y);
      if constexpr (kSides != Clamp::kLow) y = xsimd::min(step.hi, y);
      k[j] = xsimd::nearbyint_as_int(reciprocal.round(y, far)) + step.zero_point;
    }
    if (xsimd::all(reciprocal.sure(far)))
      narrow_store(out, k[0], k[1], k[2], k[3]);
    else
      quantize_block<Arch>(step, in, out);
  });
}

template <class Arch, class T>
void quantize(const float* x, std::size_t n, const qrange_params& p, T* q) {
  if (!QuantizeStepExactBounds<Arch>::applies(p)) return quantize_with<Arch>(x, n, QuantizeStep<Arch>(p), q);
  const QuantizeStepExactBounds<Arch> step(p);
  if (!ReciprocalRound<Arch>::applies(p.scale, step.lo_bound, step.hi_bound)) return quantize_with<Arch>(x, n, step, q);
  const ReciprocalRound<Arch> reciprocal(p.scale, step.lo_bound, step.hi_bound);
  switch (clamp_sides<T>(p)) {
    case Clamp::kHigh: return quantize_reciprocal<Clamp::kHigh>(x, n, step, reciprocal, q);
    case Clamp::kLow: return quantize_reciprocal<Clamp::kLow>(x, n, step, reciprocal, q);
    case Clamp::kBoth: return quantize_reciprocal<Clamp::kBoth>(x, n, step, reciprocal, q);
  }
}

template <class Arch, class T>
void dequantize(const T* q, std::size_t n, const qrange_params& p, float* x) {
  using F = xsimd::batch<float, Arch>;
  using I = xsimd::batch<std::int32_t, Arch>;
  constexpr std::size_t W = F::size;
  const F scale(p.scale);
  const I zero_point(p.zero_point);
  const auto one = [&](const T* in, float* out) {
    (xsimd::batch_cast<float>(widen_load(in, Arch{}) - zero_point) * scale).store_unaligned(out);
  };
  map_blocks<4 * W>(q, n, x, [&](const T* in, float* out) {
    for (std::size_t k = 0; k < 4; ++k) one(in + k * W, out + k * W);
  });
}

template <class Arch>
MseSum mse(const float* x, std::size_t n, const qrange_params& p) {
  using F = xsimd::batch<float, Arch>;
  using D = xsimd::batch<double, Arch>;
  constexpr std::size_t W = F::size;
  constexpr std::size_t kAcc = kMseLanes / (W / 2);  // registers holding the 16 lanes
  constexpr std::size_t kStep = 64;                   // a multiple of the 16 lanes
  static_assert(kStep % kMseLanes == 0 && kMseLanes % W == 0, "lane i % 16 must stay in place");
  const float lo_bound = static_cast<float>(std::int64_t{p.qmin} - p.zero_point);
  const float hi_bound = static_cast<float>(std::int64_t{p.qmax} - p.zero_point);
  const F scale(p.scale), zero(0.0f), inf(INFINITY), lo(lo_bound), hi(hi_bound);
  const bool use_reciprocal = ReciprocalRound<Arch>::applies(p.scale, lo_bound, hi_bound);
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
  // never sure, so the cheaper max_abs may drop them from the grid check.
  // Against clamping the product to the ties beyond the grid: 0.119 -> 0.096
  // ns per value at 1M on Zen 5 (A/B, with the rounding of ReciprocalRound).
  const F mid((lo_bound + hi_bound) / 2), half((hi_bound - lo_bound) / 2);
  const auto run_reciprocal = [&](const float* in) {
    F far(0.0f), off_grid(0.0f);
    F diff[kStep / W];
    for (std::size_t v = 0; v < kStep / W; ++v) {
      const F xv = F::load_unaligned(in + v * W);
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

  const auto run = [&](const float* in) {
    if (use_reciprocal && run_reciprocal(in)) return;
    xsimd::batch_bool<float, Arch> all_finite(true);
    for (std::size_t v = 0; v < kStep / W; ++v) {
      const F xv = F::load_unaligned(in + v * W);
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
      for (std::size_t k = 0; k < kStep; ++k) count += std::isfinite(in[k]);
    }
  };

  const StreamPrefetch prefetch;
  std::size_t i = 0;
  for (; i + kStep <= n; i += kStep) {
    prefetch.ahead(x, i, kStep, n);
    run(x + i);
  }
  if (i < n) {
    float in[kStep];
    for (float& f : in) f = NAN;  // contributes +0.0 to its lane and is not counted
    std::memcpy(in, x + i, (n - i) * sizeof(float));
    run(in);
  }
  alignas(64) double lanes[kMseLanes];
  for (std::size_t a = 0; a < kAcc; ++a) acc[a].store_aligned(lanes + a * (W / 2));
  return {scalar::mse_fold(lanes), count};
}

}  // namespace
}  // namespace qrange::kernels::simd
