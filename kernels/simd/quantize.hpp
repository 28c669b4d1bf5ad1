// quantize, dequantize and the quantization error, written once for every
// SIMD target; each gives the bits of kernels/scalar/quantize.cpp.
//
// quantize: x / scale is a true division (its throughput is the limit on some
// cores, so four independent vectors are in flight). Everything after it is
// exact: the quotient is clamped in float (to qmin - zp, qmax - zp when those
// are exact floats, else to +-2^30 with an int32 clamp after the zero point
// is added), so the round-to-nearest-even conversion cannot overflow. NaN is
// replaced by 0 first, which quantizes to the zero point clamped, as the
// reference does.
//
// mse: the dequantized value is round(clamp(x / scale, A, B)) * scale with
// A = (float)(qmin - zp), B = (float)(qmax - zp): rounding a float to the
// nearest is monotonic and exact on integers, so this equals the reference's
// (float)(clamp(round(x / scale) + zp, qmin, qmax) - zp) * scale for any int32
// qmin, qmax. The 16 double lanes of the reference live in registers.
//
// Tails go through the same vector code on a padded copy in the stack.
#pragma once

#include <xsimd/xsimd.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>

#include "kernels/kernel_table.hpp"
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
  F scale, lo, hi;
  I zero_point;

  explicit QuantizeStepExactBounds(const qrange_params& p)
      : scale(p.scale),
        lo(static_cast<float>(std::int64_t{p.qmin} - p.zero_point)),
        hi(static_cast<float>(std::int64_t{p.qmax} - p.zero_point)),
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

template <class Arch, class T, class Step>
void quantize_with(const float* x, std::size_t n, const Step& step, T* q) {
  using F = xsimd::batch<float, Arch>;
  constexpr std::size_t W = F::size;
  constexpr std::size_t kStep = 4 * W;
  const auto run = [&](const float* in, T* out) {
    narrow_store(out, step(F::load_unaligned(in)), step(F::load_unaligned(in + W)),
                 step(F::load_unaligned(in + 2 * W)), step(F::load_unaligned(in + 3 * W)));
  };
  std::size_t i = 0;
  for (; i + kStep <= n; i += kStep) run(x + i, q + i);
  if (i == n) return;
  float in[kStep] = {};
  T out[kStep];
  std::memcpy(in, x + i, (n - i) * sizeof(float));
  run(in, out);
  std::memcpy(q + i, out, (n - i) * sizeof(T));
}

template <class Arch, class T>
void quantize(const float* x, std::size_t n, const qrange_params& p, T* q) {
  if (QuantizeStepExactBounds<Arch>::applies(p))
    quantize_with<Arch>(x, n, QuantizeStepExactBounds<Arch>(p), q);
  else
    quantize_with<Arch>(x, n, QuantizeStep<Arch>(p), q);
}

template <class Arch, class T>
void dequantize(const T* q, std::size_t n, const qrange_params& p, float* x) {
  using F = xsimd::batch<float, Arch>;
  using I = xsimd::batch<std::int32_t, Arch>;
  constexpr std::size_t W = F::size;
  constexpr std::size_t kStep = 4 * W;
  const F scale(p.scale);
  const I zero_point(p.zero_point);
  const auto one = [&](const T* in, float* out) {
    (xsimd::batch_cast<float>(widen_load(in, Arch{}) - zero_point) * scale).store_unaligned(out);
  };
  const auto run = [&](const T* in, float* out) {
    for (std::size_t k = 0; k < 4; ++k) one(in + k * W, out + k * W);
  };
  std::size_t i = 0;
  for (; i + kStep <= n; i += kStep) run(q + i, x + i);
  if (i == n) return;
  T in[kStep] = {};
  float out[kStep];
  std::memcpy(in, q + i, (n - i) * sizeof(T));
  run(in, out);
  std::memcpy(x + i, out, (n - i) * sizeof(float));
}

template <class Arch>
MseSum mse(const float* x, std::size_t n, const qrange_params& p) {
  using F = xsimd::batch<float, Arch>;
  using D = xsimd::batch<double, Arch>;
  constexpr std::size_t W = F::size;
  constexpr std::size_t kAcc = kMseLanes / (W / 2);  // registers holding the 16 lanes
  constexpr std::size_t kStep = 64;                   // a multiple of the 16 lanes
  static_assert(kStep % kMseLanes == 0 && kMseLanes % W == 0, "lane i % 16 must stay in place");
  const F scale(p.scale), zero(0.0f), inf(INFINITY);
  const F lo(static_cast<float>(std::int64_t{p.qmin} - p.zero_point));
  const F hi(static_cast<float>(std::int64_t{p.qmax} - p.zero_point));
  D acc[kAcc];
  for (D& a : acc) a = D(0.0);
  std::uint64_t count = 0;

  const auto run = [&](const float* in) {
    xsimd::batch_bool<float, Arch> all_finite(true);
    for (std::size_t v = 0; v < kStep / W; ++v) {
      const F xv = F::load_unaligned(in + v * W);
      const auto finite = xsimd::abs(xv) < inf;
      all_finite = all_finite & finite;
      const F x0 = xsimd::select(finite, xv, zero);
      const F deq = xsimd::select(finite, round_even(xsimd::min(xsimd::max(divide(x0, scale), lo), hi)) * scale, zero);
      const D d_lo = low_to_double(x0) - low_to_double(deq);
      const D d_hi = high_to_double(x0) - high_to_double(deq);
      D& a_lo = acc[(2 * v) % kAcc];
      D& a_hi = acc[(2 * v + 1) % kAcc];
      a_lo = a_lo + d_lo * d_lo;
      a_hi = a_hi + d_hi * d_hi;
    }
    if (xsimd::all(all_finite)) {
      count += kStep;
    } else {
      for (std::size_t k = 0; k < kStep; ++k) count += std::isfinite(in[k]);
    }
  };

  std::size_t i = 0;
  for (; i + kStep <= n; i += kStep) run(x + i);
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
