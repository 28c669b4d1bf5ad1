// quantize, written once for every SIMD target; it gives the bits of
// kernels/scalar/quantize.cpp.
//
// x / scale is a true division, and its throughput is the limit.
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
// A 16-bit input holds at most 65536 values. When the product, clamped and
// rounded with no check at all, gives the division's integer for every one
// of them that could round differently, it gives it for any tensor, and a
// large one is quantized that way: see unchecked_is_exact below.
#pragma once

#include <xsimd/xsimd.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "kernels/element.hpp"
#include "kernels/kernel_table.hpp"
#include "kernels/simd/blocks.hpp"
#include "kernels/simd/convert.hpp"
#include "kernels/simd/quantize_io.hpp"
#include "kernels/simd/reciprocal.hpp"

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

// Quantizes the 4 vectors at in with step, dividing.
template <class Arch, class In, class T, class Step>
void quantize_block(const Step& step, const elem_t<In>* in, T* out) {
  constexpr std::size_t W = xsimd::batch<float, Arch>::size;
  narrow_store(out, step(load_float<In, Arch>(in)), step(load_float<In, Arch>(in + W)),
               step(load_float<In, Arch>(in + 2 * W)), step(load_float<In, Arch>(in + 3 * W)));
}

template <class Arch, class In, Tuning kT, class T, class Step>
void quantize_with(const elem_t<In>* x, std::size_t n, const Step& step, T* q) {
  map_blocks<4 * xsimd::batch<float, Arch>::size, kT>(
      x, n, q, [&](const elem_t<In>* in, T* out) { quantize_block<Arch, In>(step, in, out); });
}

// Which ends of the grid the product is clamped to in float before rounding.
// An end that is also the output type's may be left to narrow_store, which
// saturates, when every product beyond it converts to an int32 that, plus the
// zero point, lies beyond it too. Below the grid with zp >= 0: the product
// converts to itself rounded or, from -2^31 on, to INT_MIN, and adding zp
// cannot overflow. Above it with zp < 0: from 2^31 on x86 converts to
// INT_MIN, which adding zp wraps to at least 2^31 - 2^24, and NEON to
// INT_MAX, which it keeps above 2^31 - 2^24 - 1. One clamp fewer on the add
// pipes, which also round and convert (docs/performance.md, Zen 4).
enum class Clamp { kBoth, kHigh, kLow };

template <class T>
Clamp clamp_sides(const qrange_params& p) {
  if (p.qmin == std::numeric_limits<T>::min() && p.zero_point >= 0) return Clamp::kHigh;
  if (p.qmax == std::numeric_limits<T>::max() && p.zero_point < 0) return Clamp::kLow;
  return Clamp::kBoth;
}

// y clamped to the ends of the grid that kSides names. The bound is the
// first operand of max and min, so that NaN, which x86 min and max let
// through only as their second operand, stays NaN.
template <Clamp kSides, class Arch>
xsimd::batch<float, Arch> clamp_to_grid(const QuantizeStepExactBounds<Arch>& step, xsimd::batch<float, Arch> y) {
  if constexpr (kSides != Clamp::kHigh) y = xsimd::max(step.lo, y);
  if constexpr (kSides != Clamp::kLow) y = xsimd::min(step.hi, y);
  return y;
}

// The product's integer with no sure-check: NaN as 0 (the quotient the
// reference gives it), clamped as quantize_reciprocal clamps, rounded to
// nearest even.
template <Clamp kSides, class Arch, class In>
xsimd::batch<std::int32_t, Arch> unchecked_step(const elem_t<In>* in, const QuantizeStepExactBounds<Arch>& step,
                                                const ReciprocalRound<Arch>& reciprocal) {
  return round_to_int(clamp_to_grid<kSides>(step, zero_nan(load_float<In, Arch>(in)) * reciprocal.recip)) +
         step.zero_point;
}

template <Clamp kSides, class Arch, class In, class T>
void unchecked_block(const QuantizeStepExactBounds<Arch>& step, const ReciprocalRound<Arch>& reciprocal,
                     const elem_t<In>* in, T* out) {
  constexpr std::size_t W = xsimd::batch<float, Arch>::size;
  narrow_store(out, unchecked_step<kSides, Arch, In>(in, step, reciprocal),
               unchecked_step<kSides, Arch, In>(in + W, step, reciprocal),
               unchecked_step<kSides, Arch, In>(in + 2 * W, step, reciprocal),
               unchecked_step<kSides, Arch, In>(in + 3 * W, step, reciprocal));
}

// Whether unchecked_step gives the division's integer for every 16-bit
// value, when n values are to be quantized; false also when checking would
// cost more than it saves. The 65536 patterns are taken in runs of 256, of
// one sign and increasing magnitude, whose finite products are monotonic.
// Runs holding an infinity or NaN are checked; a finite run is skipped when
// all its products are below 0.25 in magnitude (both give 0, then the same
// clamp) or beyond the grid's end by more than 2 (the quotient, within
// 2^-22 |y| of the product y, is beyond it by more than 1: both clamp, or
// saturate, to that end as quantize_reciprocal's comment says). The rest are
// quantized both ways and compared. On a u8 grid that is 82 to 90 runs of
// float16 (2.7 us on Zen 5) and 12 to 14 of bfloat16 (0.55 us), against 0.02
// to 0.03 ns saved a value: n must be at least 8 values a pattern checked.
template <Clamp kSides, class Arch, class In, class T>
bool unchecked_is_exact(std::size_t n, const QuantizeStepExactBounds<Arch>& step,
                        const ReciprocalRound<Arch>& reciprocal) {
  using F = xsimd::batch<float, Arch>;
  constexpr std::size_t W = F::size;
  constexpr std::size_t kRun = 256, kRuns = 128;  // patterns a run, runs a sign
  constexpr std::size_t kValuesPerPattern = 8;    // values quantized for each pattern checked, at least
  static_assert(kRun % (4 * W) == 0, "a run is whole blocks");
  if (n < kValuesPerPattern * kRun * 2) return false;
  alignas(64) float recip[W];
  reciprocal.recip.store_aligned(recip);
  const float far_end = std::fmax(std::fabs(step.lo_bound), std::fabs(step.hi_bound)) + 2.0f;
  const std::size_t non_finite = from_float<In>(INFINITY) / kRun;  // the first run holding +Inf or NaN
  const auto product = [&](std::size_t pattern) { return to_float<In>(static_cast<elem_t<In>>(pattern)) * recip[0]; };
  // The first run r in [lo, hi) where holds(r), which is false and then true.
  const auto first_run = [](std::size_t lo, std::size_t hi, const auto& holds) {
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (holds(mid)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const std::size_t first =
      first_run(0, non_finite, [&](std::size_t r) { return product(r * kRun + kRun - 1) >= 0.25f; });
  const std::size_t past = first_run(first, non_finite, [&](std::size_t r) { return product(r * kRun) > far_end; });
  const std::size_t checked = 2 * (past - first + kRuns - non_finite);
  if (n < kValuesPerPattern * kRun * checked) return false;

  elem_t<In> in[kRun];
  T fast[kRun], exact[kRun];
  const auto same = [&](std::size_t r) {
    for (std::size_t i = 0; i < kRun; ++i) in[i] = static_cast<elem_t<In>>(r * kRun + i);
    for (std::size_t i = 0; i < kRun; i += 4 * W) {
      unchecked_block<kSides, Arch, In>(step, reciprocal, in + i, fast + i);
      quantize_block<Arch, In>(step, in + i, exact + i);
    }
    return std::memcmp(fast, exact, sizeof fast) == 0;
  };
  for (std::size_t r = first; r < past; ++r)
    if (!same(r) || !same(kRuns + r)) return false;
  for (std::size_t r = non_finite; r < kRuns; ++r)
    if (!same(r) || !same(kRuns + r)) return false;
  return true;
}

// A lane clamped to an end is an integer, so sure, and its quotient clamps to
// the same end (it is within 0.19 of the product inside 2^20, and beyond the
// grid outside). An unclamped lane more than one past an end may round the
// wrong way and still look sure, but both roundings lie past that end and
// saturate alike (up to one past it, |y| is within the grid's end and the
// margin holds); an infinite product gives inf - inf and is not sure, and
// NaN, which clamp_to_grid keeps, is not sure either.
template <Clamp kSides, class Arch, class In, Tuning kT, class T>
void quantize_reciprocal(const elem_t<In>* x, std::size_t n, const QuantizeStepExactBounds<Arch>& step,
                         const ReciprocalRound<Arch>& reciprocal, T* q) {
  using F = xsimd::batch<float, Arch>;
  using I = xsimd::batch<std::int32_t, Arch>;
  constexpr std::size_t W = F::size;
  if constexpr (!std::is_same_v<In, F32>) {
    if (unchecked_is_exact<kSides, Arch, In, T>(n, step, reciprocal)) {
      map_blocks<4 * W, kT>(x, n, q, [&](const elem_t<In>* in, T* out) {
        unchecked_block<kSides, Arch, In>(step, reciprocal, in, out);
      });
      return;
    }
  }
  map_blocks<4 * W, kT>(x, n, q, [&](const elem_t<In>* in, T* out) {
    F far(0.0f);
    I k[4];
    for (std::size_t j = 0; j < 4; ++j) {
      const F y = clamp_to_grid<kSides>(step, load_float<In, Arch>(in + j * W) * reciprocal.recip);
      k[j] = xsimd::nearbyint_as_int(reciprocal.round(y, far)) + step.zero_point;
    }
    if (xsimd::all(reciprocal.sure(far)))
      narrow_store(out, k[0], k[1], k[2], k[3]);
    else
      quantize_block<Arch, In>(step, in, out);
  });
}

template <class Arch, class In, class T, Tuning kT>
void quantize(const elem_t<In>* x, std::size_t n, const qrange_params& p, T* q) {
  if (!QuantizeStepExactBounds<Arch>::applies(p))
    return quantize_with<Arch, In, kT>(x, n, QuantizeStep<Arch>(p), q);
  const QuantizeStepExactBounds<Arch> step(p);
  if (!ReciprocalRound<Arch>::template applies<kT>(p.scale, step.lo_bound, step.hi_bound))
    return quantize_with<Arch, In, kT>(x, n, step, q);
  const ReciprocalRound<Arch> reciprocal(p.scale, step.lo_bound, step.hi_bound);
  switch (clamp_sides<T>(p)) {
    case Clamp::kHigh: return quantize_reciprocal<Clamp::kHigh, Arch, In, kT>(x, n, step, reciprocal, q);
    case Clamp::kLow: return quantize_reciprocal<Clamp::kLow, Arch, In, kT>(x, n, step, reciprocal, q);
    case Clamp::kBoth: return quantize_reciprocal<Clamp::kBoth, Arch, In, kT>(x, n, step, reciprocal, q);
  }
}

}  // namespace
}  // namespace qrange::kernels::simd
