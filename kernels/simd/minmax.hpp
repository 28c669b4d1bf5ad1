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

#include "kernels/kernel_table.hpp"
#include "kernels/simd/convert.hpp"
#include "kernels/simd/prefetch.hpp"

namespace qrange::kernels::simd {
// Anonymous: this header is compiled once per ISA, and nothing of it may be
// shared across those translation units at link time.
namespace {

template <class Arch>
float hmin(const xsimd::batch<float, Arch>& v) {
  alignas(64) float lanes[xsimd::batch<float, Arch>::size];
  v.store_aligned(lanes);
  float m = lanes[0];
  for (float l : lanes) m = l < m ? l : m;
  return m;
}

template <class Arch>
float hmax(const xsimd::batch<float, Arch>& v) {
  alignas(64) float lanes[xsimd::batch<float, Arch>::size];
  v.store_aligned(lanes);
  float m = lanes[0];
  for (float l : lanes) m = l > m ? l : m;
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

// x[0, n) of a stream that goes on to x[span): the prefetch runs past n, so
// that rows read one after the other stream like one array.
template <class Arch, class In, Tuning kT>
MinMax minmax_span(const elem_t<In>* x, std::size_t n, std::size_t span) {
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
    const elem_t<In>* p = x + b;
    F l0(kInf), l1(kInf), l2(kInf), l3(kInf);
    F h0(-kInf), h1(-kInf), h2(-kInf), h3(-kInf);
    I e0(0), e1(0);
    std::size_t i = 0;
    for (; i + 4 * W <= len; i += 4 * W) {
      prefetch.ahead(x, b + i, 4 * W, span);
      F v0 = load_float<In, Arch>(p + i), v1 = load_float<In, Arch>(p + i + W);
      F v2 = load_float<In, Arch>(p + i + 2 * W), v3 = load_float<In, Arch>(p + i + 3 * W);
      pin(v0), pin(v1), pin(v2), pin(v3);
      l0 = xsimd::min(l0, v0); h0 = xsimd::max(h0, v0);
      l1 = xsimd::min(l1, v1); h1 = xsimd::max(h1, v1);
      l2 = xsimd::min(l2, v2); h2 = xsimd::max(h2, v2);
      l3 = xsimd::min(l3, v3); h3 = xsimd::max(h3, v3);
      e0 = xsimd::max(e0, xsimd::max(xsimd::bitwise_cast<I>(v0) & exp_mask, xsimd::bitwise_cast<I>(v1) & exp_mask));
      e1 = xsimd::max(e1, xsimd::max(xsimd::bitwise_cast<I>(v2) & exp_mask, xsimd::bitwise_cast<I>(v3) & exp_mask));
    }
    for (; i < len; i += W) {
      const F v = load_float<In, Arch>(p + i);
      l0 = xsimd::min(l0, v); h0 = xsimd::max(h0, v);
      e0 = xsimd::max(e0, xsimd::bitwise_cast<I>(v) & exp_mask);
    }
    if (xsimd::any(xsimd::max(e0, e1) == exp_mask)) {
      acc = scalar::merge(acc, scalar::minmax<In>(p, len));
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
  return scalar::merge(acc, scalar::minmax<In>(x + vec_end, n - vec_end));
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
