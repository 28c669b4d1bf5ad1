#include "float16.hpp"

#include <cstring>

namespace qrange::cli {

namespace {
float from_bits(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
}  // namespace

float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  std::uint32_t exp = (h >> 10) & 0x1Fu;
  std::uint32_t mant = h & 0x3FFu;
  if (exp == 0x1F) return from_bits(sign | 0x7F800000u | (mant << 13));  // Inf, NaN (payload kept)
  if (exp == 0) {
    if (mant == 0) return from_bits(sign);
    // Subnormal half: normalise; every one is a normal float32.
    exp = 127 - 15 + 1;
    while (!(mant & 0x400u)) {
      mant <<= 1;
      --exp;
    }
    mant &= 0x3FFu;
    return from_bits(sign | (exp << 23) | (mant << 13));
  }
  return from_bits(sign | ((exp + 127 - 15) << 23) | (mant << 13));
}

float bfloat16_to_float(std::uint16_t b) { return from_bits(static_cast<std::uint32_t>(b) << 16); }

}  // namespace qrange::cli
