// min/max of the finite values, written once for every SIMD target.
//
// Fast path: plain vector min/max over blocks that fit in L1, while tracking
// the largest exponent field seen. A block that holds a NaN or an infinity
// (exponent all ones) is recomputed by the scalar reference from L1, so the
// common all-finite case pays four operations per vector and the result is
// the reference's by construction.
#pragma once

#include <xsimd/xsimd.hpp>

#include <cstdint>
#include <limits>
#include <type_traits>

#include "kernels/element.hpp"
#include "kernels/kernel_table.hpp"
#include "kernels/simd/prefetch.hpp"

namespace qrange::kernels::simd {
// Anonymous: this header is compiled once per ISA, and nothing of it may be
// shared across those translation units at link time.
namespace {

// The least and the greatest lane of a batch.
template <class B>
typename B::value_type hmin(const B& v) {
  alignas(64) typename B::value_type lanes[B::size];
  v.store_aligned(lanes);
  typename B::value_type m = lanes[0];
  for (auto l : lanes) m = l < m ? l : m;
  return m;
}

template <class B>
typename B::value_type hmax(const B& v) {
  alignas(64) typename B::value_type lanes[B::size];
  v.store_aligned(lanes);
  typename B::value_type m = lanes[0];
  for (auto l : lanes) m = l > m ? l : m;
  return m;
}

// GCC folds a vector load into every instruction that uses it, so a value
// used by three instructions is read three times; on AVX-512 that makes the
// loop load-port bound. An empty asm that claims to modify the register makes
// the load happen once.
template <class Batch>
void pin(Batch& v) {
#if defined(__x86_64__) || defined(__i386__)
  __asm__("" : "+v"(v.data));
#elif defined(__aarch64__)
  __asm__("" : "+w"(v.data));
#endif
}

// A 16-bit float's pattern as the largest magnitude an ordinary (finite)
// value has: above it, +-Inf and NaN.
template <class In>
constexpr std::uint16_t kLargestFinite = std::is_same_v<In, F16> ? 0x7bff : 0x7f7f;

// float16 and bfloat16 need no widening: their sign-magnitude patterns order
// as the values do among the positives (as int16) and reversed among the
// negatives (as uint16, all above the positives). So the signed max and
// min and the unsigned max and min of the patterns give the max (the
// largest positive, or else the negative of least magnitude: the unsigned
// min) and the min (the negative of most magnitude, the unsigned max, or
// else the least positive) of the values, 32 lanes per AVX-512 operation.
// A block whose largest magnitude of either sign is beyond the finite ones
// holds a NaN or an infinity and is recomputed by the reference, as the
// float32 path does. -0 and +0 are distinct patterns; a zero result is +0.0.
template <class Arch, class In, Tuning kT>
MinMax minmax_span_bits(const std::uint16_t* x, std::size_t n, std::size_t span) {
  using S = xsimd::batch<std::int16_t, Arch>;
  using U = xsimd::batch<std::uint16_t, Arch>;
  constexpr std::size_t W = U::size;
  constexpr std::size_t kBlock = 4096;  // 8 KiB, as the float32 path
  constexpr auto kFinite = static_cast<std::int16_t>(kLargestFinite<In>);
  constexpr std::uint16_t kNegativeFinite = 0x8000 | kLargestFinite<In>;
  constexpr float kInf = std::numeric_limits<float>::infinity();

  const StreamPrefetch<kT> prefetch;
  MinMax acc{kInf, -kInf, 0};
  // Across the clean blocks. The identities are patterns no clean value
  // has (0x7fff, 0xffff: NaNs), or ones whose test below fails (0x8000 is
  // not >= 0, 0 not >= 0x8000).
  S smax_all(INT16_MIN), smin_all(INT16_MAX);
  U umax_all(0), umin_all(0xffff);
  const std::size_t vec_end = n - n % W;
  for (std::size_t b = 0; b < vec_end; b += kBlock) {
    const std::size_t len = (vec_end - b < kBlock) ? vec_end - b : kBlock;
    const std::uint16_t* p = x + b;
    S smax(INT16_MIN), smin(INT16_MAX);
    U umax(0), umin(0xffff);
    std::size_t i = 0;
    for (; i + 2 * W <= len; i += 2 * W) {
      prefetch.ahead(x, b + i, 2 * W, span);
      U v0 = U::load_unaligned(p + i), v1 = U::load_unaligned(p + i + W);
      pin(v0), pin(v1);
      const S s0 = xsimd::bitwise_cast<S>(v0), s1 = xsimd::bitwise_cast<S>(v1);
      smax = xsimd::max(smax, xsimd::max(s0, s1));
      smin = xsimd::min(smin, xsimd::min(s0, s1));
      umax = xsimd::max(umax, xsimd::max(v0, v1));
      umin = xsimd::min(umin, xsimd::min(v0, v1));
    }
    for (; i < len; i += W) {
      const U v = U::load_unaligned(p + i);
      const S sv = xsimd::bitwise_cast<S>(v);
      smax = xsimd::max(smax, sv), smin = xsimd::min(smin, sv);
      umax = xsimd::max(umax, v), umin = xsimd::min(umin, v);
    }
    if (xsimd::any(smax > S(kFinite)) || xsimd::any(umax > U(kNegativeFinite))) {
      acc = scalar::merge(acc, scalar::minmax<In>(p, len));
    } else {
      smax_all = xsimd::max(smax_all, smax), smin_all = xsimd::min(smin_all, smin);
      umax_all = xsimd::max(umax_all, umax), umin_all = xsimd::min(umin_all, umin);
    }
  }
  const std::uint16_t umin = hmin(umin_all);
  if (umin != 0xffff) {  // some clean block
    const std::int16_t smax = hmax(smax_all), smin = hmin(smin_all);
    const std::uint16_t umax = hmax(umax_all);
    const std::uint16_t hi = smax >= 0 ? static_cast<std::uint16_t>(smax) : umin;
    const std::uint16_t lo = umax >= 0x8000 ? umax : static_cast<std::uint16_t>(smin);
    MinMax fast{to_float<In>(lo), to_float<In>(hi), 0};
    if (fast.min == 0.0f) fast.min = 0.0f;
    if (fast.max == 0.0f) fast.max = 0.0f;
    acc = scalar::merge(acc, fast);
  }
  return scalar::merge(acc, scalar::minmax<In>(x + vec_end, n - vec_end));
}

template <class Arch, Tuning kT>
MinMax minmax_span_floats(const float* x, std::size_t n, std::size_t span) {
  using F = xsimd::batch<float, Arch>;
  using I = xsimd::batch<std::int32_t, Arch>;
  constexpr std::size_t W = F::size;
  constexpr std::size_t kBlock = 2048;  // 8 KiB: a dirty block is re-read from L1
  constexpr float kInf = std::numeric_limits<float>::infinity();
  const I exp_mask(0x7f800000);

  const StreamPrefetch<kT> prefetch;
  MinMax acc{kInf, -kInf, 0};
  F lo(kInf), hi(-kInf);
  const std::size_t vec_end = n - n % W;
  for (std::size_t b = 0; b < vec_end; b += kBlock) {
    const std::size_t len = (vec_end - b < kBlock) ? vec_end - b : kBlock;
    const float* p = x + b;
    F l0(kInf), l1(kInf), l2(kInf), l3(kInf);
    F h0(-kInf), h1(-kInf), h2(-kInf), h3(-kInf);
    I e0(0), e1(0);
    std::size_t i = 0;
    for (; i + 4 * W <= len; i += 4 * W) {
      prefetch.ahead(x, b + i, 4 * W, span);
      F v0 = F::load_unaligned(p + i), v1 = F::load_unaligned(p + i + W);
      F v2 = F::load_unaligned(p + i + 2 * W), v3 = F::load_unaligned(p + i + 3 * W);
      pin(v0), pin(v1), pin(v2), pin(v3);
      l0 = xsimd::min(l0, v0); h0 = xsimd::max(h0, v0);
      l1 = xsimd::min(l1, v1); h1 = xsimd::max(h1, v1);
      l2 = xsimd::min(l2, v2); h2 = xsimd::max(h2, v2);
      l3 = xsimd::min(l3, v3); h3 = xsimd::max(h3, v3);
      e0 = xsimd::max(e0, xsimd::max(xsimd::bitwise_cast<I>(v0) & exp_mask, xsimd::bitwise_cast<I>(v1) & exp_mask));
      e1 = xsimd::max(e1, xsimd::max(xsimd::bitwise_cast<I>(v2) & exp_mask, xsimd::bitwise_cast<I>(v3) & exp_mask));
    }
    for (; i < len; i += W) {
      const F v = F::load_unaligned(p + i);
      l0 = xsimd::min(l0, v); h0 = xsimd::max(h0, v);
      e0 = xsimd::max(e0, xsimd::bitwise_cast<I>(v) & exp_mask);
    }
    if (xsimd::any(xsimd::max(e0, e1) == exp_mask)) {
      acc = scalar::merge(acc, scalar::minmax<F32>(p, len));
    } else {
      lo = xsimd::min(lo, xsimd::min(xsimd::min(l0, l1), xsimd::min(l2, l3)));
      hi = xsimd::max(hi, xsimd::max(xsimd::max(h0, h1), xsimd::max(h2, h3)));
    }
  }
  // The vector path may hold -0.0; merging with a reference result
  // normalizes it, as the reference does.
  MinMax fast{hmin(lo), hmax(hi), 0};
  if (fast.min == 0.0f) fast.min = 0.0f;
  if (fast.max == 0.0f) fast.max = 0.0f;
  acc = scalar::merge(acc, fast);
  return scalar::merge(acc, scalar::minmax<F32>(x + vec_end, n - vec_end));
}

// x[0, n) of a stream that goes on to x[span): the prefetch runs past n, so
// that rows read one after the other stream like one array.
template <class Arch, class In, Tuning kT>
MinMax minmax_span(const elem_t<In>* x, std::size_t n, std::size_t span) {
  if constexpr (std::is_same_v<In, F32>) return minmax_span_floats<Arch, kT>(x, n, span);
  else return minmax_span_bits<Arch, In, kT>(x, n, span);
}

template <class Arch, class In, Tuning kT>
MinMax minmax(const elem_t<In>* x, std::size_t n) {
  return minmax_span<Arch, In, kT>(x, n, n);
}

template <class Arch, class In, Tuning kT>
void minmax_rows(const elem_t<In>* x, std::size_t rows, std::size_t len, std::size_t stride, MinMax* out) {
  for (std::size_t r = 0; r < rows; ++r)
    out[r] = minmax_span<Arch, In, kT>(x + r * stride, len, (rows - 1 - r) * stride + len);
}

}  // namespace
}  // namespace qrange::kernels::simd
