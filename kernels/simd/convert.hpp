// The element types of kernel_table.hpp in registers, one overload per
// target, bit for bit as kernels/element.hpp: float16 widened by the F16C
// (AVX2, AVX-512) and NEON conversions, bfloat16 by a 16-bit shift; float16
// narrowed by the same instructions in round-to-nearest-even mode, bfloat16
// rounded in integer lanes. No tensor is ever copied to float32.
#pragma once

#include <xsimd/xsimd.hpp>

#include <cstdint>
#include <type_traits>

#include "kernels/kernel_table.hpp"
#include "kernels/simd/quantize_io.hpp"

namespace qrange::kernels::simd {
namespace {

#if defined(__AVX512BW__)
ZF widen_f16(const std::uint16_t* p, xsimd::avx512bw) {
  return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}
ZF widen_bf16(const std::uint16_t* p, xsimd::avx512bw) {
  return _mm512_castsi512_ps(_mm512_slli_epi32(widen_load(p, xsimd::avx512bw{}), 16));
}
void narrow_f16_store(std::uint16_t* p, const ZF& v) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm512_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
}
#elif defined(__AVX2__)
YF widen_f16(const std::uint16_t* p, xsimd::avx2) {
  return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
YF widen_bf16(const std::uint16_t* p, xsimd::avx2) {
  return _mm256_castsi256_ps(_mm256_slli_epi32(widen_load(p, xsimd::avx2{}), 16));
}
void narrow_f16_store(std::uint16_t* p, const YF& v) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
}
#elif defined(__ARM_NEON) && defined(__aarch64__)
NF widen_f16(const std::uint16_t* p, xsimd::neon64) { return vcvt_f32_f16(vreinterpret_f16_u16(vld1_u16(p))); }
NF widen_bf16(const std::uint16_t* p, xsimd::neon64) { return vreinterpretq_f32_u32(vshll_n_u16(vld1_u16(p), 16)); }
void narrow_f16_store(std::uint16_t* p, const NF& v) { vst1_u16(p, vreinterpret_u16_f16(vcvt_f16_f32(v))); }
#else
#error "convert.hpp: no conversions for this target"
#endif

// The batch<float> of the next batch-size elements of In at p.
template <class In, class Arch>
xsimd::batch<float, Arch> load_float(const elem_t<In>* p) {
  if constexpr (std::is_same_v<In, F16>) return widen_f16(p, Arch{});
  else if constexpr (std::is_same_v<In, BF16>) return widen_bf16(p, Arch{});
  else return xsimd::batch<float, Arch>::load_unaligned(p);
}

// narrow_bf16 of kernels/element.hpp on int32 lanes: the result fits in the
// low 16 bits.
template <class Arch>
xsimd::batch<std::int32_t, Arch> round_to_bf16(const xsimd::batch<float, Arch>& v) {
  using I = xsimd::batch<std::int32_t, Arch>;
  using U = xsimd::batch<std::uint32_t, Arch>;
  const U x = xsimd::bitwise_cast<U>(v);
  const U rounded = (x + U(0x7fffu) + ((x >> 16) & U(1u))) >> 16;
  const auto nan = (x & U(0x7fffffffu)) > U(0x7f800000u);
  return xsimd::bitwise_cast<I>(xsimd::select(nan, (x >> 16) | U(0x40u), rounded));
}

// Stores the four vectors a, b, c, d as 4 * batch-size elements of Out at p.
template <class Out, class Arch>
void store_floats(elem_t<Out>* p, const xsimd::batch<float, Arch>& a, const xsimd::batch<float, Arch>& b,
                  const xsimd::batch<float, Arch>& c, const xsimd::batch<float, Arch>& d) {
  constexpr std::size_t W = xsimd::batch<float, Arch>::size;
  if constexpr (std::is_same_v<Out, F16>) {
    narrow_f16_store(p, a);
    narrow_f16_store(p + W, b);
    narrow_f16_store(p + 2 * W, c);
    narrow_f16_store(p + 3 * W, d);
  } else if constexpr (std::is_same_v<Out, BF16>) {
    // Every lane is in [0, 0xffff], which the saturating narrow keeps.
    narrow_store(p, round_to_bf16(a), round_to_bf16(b), round_to_bf16(c), round_to_bf16(d));
  } else {
    a.store_unaligned(p);
    b.store_unaligned(p + W);
    c.store_unaligned(p + 2 * W);
    d.store_unaligned(p + 3 * W);
  }
}

}  // namespace
}  // namespace qrange::kernels::simd
