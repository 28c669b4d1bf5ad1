// The element types of kernel_table.hpp as float32 values: the reference
// conversions, which the SIMD ones (kernels/simd/convert.hpp) must match bit
// for bit. Anonymous: SIMD translation units include this too, and a copy
// compiled with AVX-512 flags must not be linked into the scalar reference.
#pragma once

#include <cstdint>
#include <cstring>

#include "kernels/kernel_table.hpp"

namespace qrange::kernels {
namespace {

inline float float_of_bits(std::uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}
inline std::uint32_t bits_of_float(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

// Exact: every float16 is a float32. NaN keeps its payload (x86's F16C and
// NEON quiet a signalling NaN; no result depends on a NaN's bits).
inline float widen_f16(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  const std::uint32_t exponent = (h >> 10) & 0x1fu;
  std::uint32_t fraction = h & 0x3ffu;
  if (exponent == 0x1f) return float_of_bits(sign | 0x7f800000u | (fraction << 13));
  if (exponent != 0) return float_of_bits(sign | ((exponent + 112) << 23) | (fraction << 13));
  if (fraction == 0) return float_of_bits(sign);
  // A subnormal float16, fraction * 2^-24, is a normal float32.
  std::uint32_t e = 113;
  while ((fraction & 0x400u) == 0) {
    fraction <<= 1;
    --e;
  }
  return float_of_bits(sign | (e << 23) | ((fraction & 0x3ffu) << 13));
}

// Exact: a bfloat16 is the upper half of a float32.
inline float widen_bf16(std::uint16_t b) { return float_of_bits(static_cast<std::uint32_t>(b) << 16); }

// Round to nearest, ties to even, as IEEE 754 conversion (and F16C with
// _MM_FROUND_TO_NEAREST_INT, and NEON in the default FPCR mode) does: from
// 65520 on (65504 is the largest float16) to +-Inf, below 2^-25 to +-0. NaN
// stays NaN, quiet, with the upper fraction bits.
inline std::uint16_t narrow_f16(float f) {
  const std::uint32_t x = bits_of_float(f);
  const std::uint16_t sign = static_cast<std::uint16_t>((x >> 16) & 0x8000u);
  const std::uint32_t a = x & 0x7fffffffu;
  if (a > 0x7f800000u) return static_cast<std::uint16_t>(sign | 0x7e00u | ((a & 0x7fffffu) >> 13));
  if (a >= 0x477ff000u) return static_cast<std::uint16_t>(sign | 0x7c00u);  // >= 65520: rounds past 65504
  if (a >= 0x38800000u) {  // a normal float16, >= 2^-14: rebias, round away 13 fraction bits
    const std::uint32_t r = a - (112u << 23);
    return static_cast<std::uint16_t>(sign | ((r + 0xfffu + ((r >> 13) & 1u)) >> 13));
  }
  const std::uint32_t e = a >> 23;
  if (e < 102) return sign;  // below 2^-25: nearer to 0 than to 2^-24 (2^-25 itself ties to 0)
  // The subnormal m * 2^(e - 150) in units of 2^-24: m >> (126 - e), rounded.
  const std::uint32_t m = (a & 0x7fffffu) | 0x800000u;
  const std::uint32_t shift = 126 - e;
  std::uint32_t q = m >> shift;
  const std::uint32_t rest = m & ((1u << shift) - 1), half = 1u << (shift - 1);
  if (rest > half || (rest == half && (q & 1u))) ++q;  // may carry into 0x400, the smallest normal
  return static_cast<std::uint16_t>(sign | q);
}

// Round to nearest, ties to even; a carry out of the largest finite value
// gives +-Inf. NaN stays NaN, quiet.
inline std::uint16_t narrow_bf16(float f) {
  const std::uint32_t x = bits_of_float(f);
  if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<std::uint16_t>((x >> 16) | 0x40u);
  return static_cast<std::uint16_t>((x + 0x7fffu + ((x >> 16) & 1u)) >> 16);
}

template <class E>
float to_float(elem_t<E> v) {
  if constexpr (std::is_same_v<E, F16>) return widen_f16(v);
  else if constexpr (std::is_same_v<E, BF16>) return widen_bf16(v);
  else return v;
}

template <class E>
elem_t<E> from_float(float f) {
  if constexpr (std::is_same_v<E, F16>) return narrow_f16(f);
  else if constexpr (std::is_same_v<E, BF16>) return narrow_bf16(f);
  else return f;
}

}  // namespace
}  // namespace qrange::kernels
