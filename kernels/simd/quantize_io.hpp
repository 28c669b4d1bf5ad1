// The few conversions xsimd 8.1 lacks for the quantization kernels, one
// overload per target: narrowing int32 lanes to 8 or 16 bits, and 16-bit
// lanes to bytes, widening 8 or
// 16 bits to int32 lanes, splitting floats into two halves of doubles,
// rounding to nearest even in float (and to int32 in one step where the
// target has it), NaN to zero, an IEEE division on NEON (xsimd 8.1
// divides floats there by a refined reciprocal estimate, which differs), and
// the square-and-add of the mse as one FMA (xsimd 8.1 emits a multiply and
// an add on these targets).
//
// add_square(acc, d) = fma(d, d, acc) equals the reference's acc + d * d only
// because d is a float widened to double: its square has at most 48
// significant bits and no underflow, so the product is exact and the FMA's
// one rounding is the sum's. Callers pass nothing else.
// Narrowing saturates to the output type on every target (x86 packs, NEON
// saturating narrows): the reciprocal quantize path relies on it at the ends
// of the grid that are the type's own.
#pragma once

#include <xsimd/xsimd.hpp>

#include <cstdint>
#include <cstring>

namespace qrange::kernels::simd {
namespace {

#if defined(__AVX512BW__)
using ZI = xsimd::batch<std::int32_t, xsimd::avx512bw>;
using ZF = xsimd::batch<float, xsimd::avx512bw>;
using ZD = xsimd::batch<double, xsimd::avx512bw>;

// packs interleave the four 128-bit lanes of their sources; the permutes
// restore element order.
template <class T>
void narrow_store8(T* dst, __m512i bytes) {
  const __m512i order = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  _mm512_storeu_si512(dst, _mm512_permutexvar_epi32(order, bytes));
}
template <class T>
void narrow_store16(T* dst, __m512i words) {
  _mm512_storeu_si512(dst, _mm512_permutexvar_epi64(_mm512_setr_epi64(0, 2, 4, 6, 1, 3, 5, 7), words));
}
void narrow_store(std::uint8_t* d, const ZI& a, const ZI& b, const ZI& c, const ZI& e) {
  narrow_store8(d, _mm512_packus_epi16(_mm512_packs_epi32(a, b), _mm512_packs_epi32(c, e)));
}
void narrow_store(std::int8_t* d, const ZI& a, const ZI& b, const ZI& c, const ZI& e) {
  narrow_store8(d, _mm512_packs_epi16(_mm512_packs_epi32(a, b), _mm512_packs_epi32(c, e)));
}
void narrow_store(std::uint16_t* d, const ZI& a, const ZI& b, const ZI& c, const ZI& e) {
  narrow_store16(d, _mm512_packus_epi32(a, b));
  narrow_store16(d + 32, _mm512_packus_epi32(c, e));
}
void narrow_store(std::int16_t* d, const ZI& a, const ZI& b, const ZI& c, const ZI& e) {
  narrow_store16(d, _mm512_packs_epi32(a, b));
  narrow_store16(d + 32, _mm512_packs_epi32(c, e));
}
ZI widen_load(const std::uint8_t* p, xsimd::avx512bw) {
  return _mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
ZI widen_load(const std::int8_t* p, xsimd::avx512bw) {
  return _mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
ZI widen_load(const std::uint16_t* p, xsimd::avx512bw) {
  return _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}
ZI widen_load(const std::int16_t* p, xsimd::avx512bw) {
  return _mm512_cvtepi16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}
ZD low_to_double(const ZF& v) { return _mm512_cvtps_pd(_mm512_castps512_ps256(v)); }
ZD high_to_double(const ZF& v) {
  return _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)));
}
ZF round_even(const ZF& v) { return _mm512_roundscale_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
ZF divide(const ZF& a, const ZF& b) { return a / b; }
ZD add_square(const ZD& acc, const ZD& d) { return _mm512_fmadd_pd(d, d, acc); }
// The low byte of each 16-bit lane, in order (values below 256).
void store_low_bytes(std::uint8_t* d, const xsimd::batch<std::uint16_t, xsimd::avx512bw>& v) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(d), _mm512_cvtepi16_epi8(v));
}
// imm 0b1011: the operand of larger magnitude, sign cleared.
ZF max_abs(const ZF& acc, const ZF& v) { return _mm512_range_ps(acc, v, 0b1011); }
// NaN to +0, every other value kept: vfixupimmps maps the QNaN and SNaN
// classes to +0 (response 8) and the six others to the source (response 1).
ZF zero_nan(const ZF& v) { return _mm512_fixupimm_ps(v, v, _mm512_set1_epi32(0x11111188), 0); }
// Rounded to nearest even and converted in one instruction, whatever MXCSR says.
ZI round_to_int(const ZF& v) { return _mm512_cvt_roundps_epi32(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }

#elif defined(__AVX2__)
using YI = xsimd::batch<std::int32_t, xsimd::avx2>;
using YF = xsimd::batch<float, xsimd::avx2>;
using YD = xsimd::batch<double, xsimd::avx2>;

template <class T>
void narrow_store8(T* dst, __m256i bytes) {
  const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), _mm256_permutevar8x32_epi32(bytes, order));
}
template <class T>
void narrow_store16(T* dst, __m256i words) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), _mm256_permute4x64_epi64(words, _MM_SHUFFLE(3, 1, 2, 0)));
}
void narrow_store(std::uint8_t* d, const YI& a, const YI& b, const YI& c, const YI& e) {
  narrow_store8(d, _mm256_packus_epi16(_mm256_packs_epi32(a, b), _mm256_packs_epi32(c, e)));
}
void narrow_store(std::int8_t* d, const YI& a, const YI& b, const YI& c, const YI& e) {
  narrow_store8(d, _mm256_packs_epi16(_mm256_packs_epi32(a, b), _mm256_packs_epi32(c, e)));
}
void narrow_store(std::uint16_t* d, const YI& a, const YI& b, const YI& c, const YI& e) {
  narrow_store16(d, _mm256_packus_epi32(a, b));
  narrow_store16(d + 16, _mm256_packus_epi32(c, e));
}
void narrow_store(std::int16_t* d, const YI& a, const YI& b, const YI& c, const YI& e) {
  narrow_store16(d, _mm256_packs_epi32(a, b));
  narrow_store16(d + 16, _mm256_packs_epi32(c, e));
}
YI widen_load(const std::uint8_t* p, xsimd::avx2) {
  return _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
}
YI widen_load(const std::int8_t* p, xsimd::avx2) {
  return _mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
}
YI widen_load(const std::uint16_t* p, xsimd::avx2) {
  return _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
YI widen_load(const std::int16_t* p, xsimd::avx2) {
  return _mm256_cvtepi16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
YD low_to_double(const YF& v) { return _mm256_cvtps_pd(_mm256_castps256_ps128(v)); }
YD high_to_double(const YF& v) { return _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)); }
YF round_even(const YF& v) { return _mm256_round_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
YF zero_nan(const YF& v) { return _mm256_and_ps(v, _mm256_cmp_ps(v, v, _CMP_ORD_Q)); }
YI round_to_int(const YF& v) { return _mm256_cvtps_epi32(round_even(v)); }
YF divide(const YF& a, const YF& b) { return a / b; }
YD add_square(const YD& acc, const YD& d) { return _mm256_fmadd_pd(d, d, acc); }
void store_low_bytes(std::uint8_t* d, const xsimd::batch<std::uint16_t, xsimd::avx2>& v) {
  const __m256i w = v;
  _mm_storeu_si128(reinterpret_cast<__m128i*>(d),
                   _mm_packus_epi16(_mm256_castsi256_si128(w), _mm256_extracti128_si256(w, 1)));
}

#elif defined(__ARM_NEON) && defined(__aarch64__)
using NI = xsimd::batch<std::int32_t, xsimd::neon64>;
using NF = xsimd::batch<float, xsimd::neon64>;
using ND = xsimd::batch<double, xsimd::neon64>;

int16x8_t narrow_pair(const NI& a, const NI& b) { return vcombine_s16(vqmovn_s32(a), vqmovn_s32(b)); }
uint16x8_t narrow_pair_unsigned(const NI& a, const NI& b) { return vcombine_u16(vqmovun_s32(a), vqmovun_s32(b)); }
void narrow_store(std::int8_t* d, const NI& a, const NI& b, const NI& c, const NI& e) {
  vst1q_s8(d, vcombine_s8(vqmovn_s16(narrow_pair(a, b)), vqmovn_s16(narrow_pair(c, e))));
}
void narrow_store(std::uint8_t* d, const NI& a, const NI& b, const NI& c, const NI& e) {
  vst1q_u8(d, vcombine_u8(vqmovn_u16(narrow_pair_unsigned(a, b)), vqmovn_u16(narrow_pair_unsigned(c, e))));
}
void narrow_store(std::int16_t* d, const NI& a, const NI& b, const NI& c, const NI& e) {
  vst1q_s16(d, narrow_pair(a, b));
  vst1q_s16(d + 8, narrow_pair(c, e));
}
void narrow_store(std::uint16_t* d, const NI& a, const NI& b, const NI& c, const NI& e) {
  vst1q_u16(d, narrow_pair_unsigned(a, b));
  vst1q_u16(d + 8, narrow_pair_unsigned(c, e));
}
uint32x2_t load4_bytes(const void* p) {
  std::uint32_t w;
  std::memcpy(&w, p, sizeof w);
  return vdup_n_u32(w);
}
NI widen_load(const std::uint8_t* p, xsimd::neon64) {
  return vreinterpretq_s32_u32(vmovl_u16(vget_low_u16(vmovl_u8(vreinterpret_u8_u32(load4_bytes(p))))));
}
NI widen_load(const std::int8_t* p, xsimd::neon64) {
  return vmovl_s16(vget_low_s16(vmovl_s8(vreinterpret_s8_u32(load4_bytes(p)))));
}
NI widen_load(const std::uint16_t* p, xsimd::neon64) { return vreinterpretq_s32_u32(vmovl_u16(vld1_u16(p))); }
NI widen_load(const std::int16_t* p, xsimd::neon64) { return vmovl_s16(vld1_s16(p)); }
ND low_to_double(const NF& v) { return vcvt_f64_f32(vget_low_f32(v)); }
ND high_to_double(const NF& v) { return vcvt_high_f64_f32(v); }
NF round_even(const NF& v) { return vrndnq_f32(v); }
NF zero_nan(const NF& v) { return vreinterpretq_f32_u32(vandq_u32(vreinterpretq_u32_f32(v), vceqq_f32(v, v))); }
NI round_to_int(const NF& v) { return vcvtnq_s32_f32(v); }
NF divide(const NF& a, const NF& b) { return vdivq_f32(a, b); }
ND add_square(const ND& acc, const ND& d) { return vfmaq_f64(acc, d, d); }
void store_low_bytes(std::uint8_t* d, const xsimd::batch<std::uint16_t, xsimd::neon64>& v) { vst1_u8(d, vmovn_u16(v)); }

#else
#error "quantize_io.hpp: no conversions for this target"
#endif

// max(acc, |v|) for acc >= 0 when v is not NaN; a NaN v may be dropped, as
// x86 max and vrangeps do. AVX-512 has its own overload.
template <class Arch>
xsimd::batch<float, Arch> max_abs(const xsimd::batch<float, Arch>& acc, const xsimd::batch<float, Arch>& v) {
  return xsimd::max(acc, xsimd::abs(v));
}

// max(acc, |v|) for acc >= 0, and NaN from the first NaN v on. Non-negative
// floats, positive NaN included, order as their bits do as int32.
template <class Arch>
xsimd::batch<float, Arch> max_abs_keeping_nan(const xsimd::batch<float, Arch>& acc, const xsimd::batch<float, Arch>& v) {
  using F = xsimd::batch<float, Arch>;
  using I = xsimd::batch<std::int32_t, Arch>;
  return xsimd::bitwise_cast<F>(xsimd::max(xsimd::bitwise_cast<I>(acc), xsimd::bitwise_cast<I>(xsimd::abs(v))));
}

}  // namespace
}  // namespace qrange::kernels::simd
