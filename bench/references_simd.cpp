// Compiled once per SIMD target, like the kernels, so that the references use
// the same vector width the kernels do.
#include <xsimd/xsimd.hpp>

#include <cstring>

#include "bench/references.hpp"

#define QRANGE_CAT2(a, b) a##b
#define QRANGE_CAT(a, b) QRANGE_CAT2(a, b)
#define QRANGE_STR2(a) #a
#define QRANGE_STR(a) QRANGE_STR2(a)

namespace qrange::bench {

namespace {
using Arch = xsimd::QRANGE_XSIMD_ARCH;

float read(const float* x, std::size_t n) {
  using F = xsimd::batch<float, Arch>;
  constexpr std::size_t W = F::size;
  F s0(0.0f), s1(0.0f), s2(0.0f), s3(0.0f);
  std::size_t i = 0;
  for (; i + 4 * W <= n; i += 4 * W) {
    s0 += F::load_unaligned(x + i);
    s1 += F::load_unaligned(x + i + W);
    s2 += F::load_unaligned(x + i + 2 * W);
    s3 += F::load_unaligned(x + i + 3 * W);
  }
  float s = xsimd::hadd((s0 + s1) + (s2 + s3));
  for (; i < n; ++i) s += x[i];
  return s;
}

// Plain loops: the compiler vectorizes them with this target's flags.
void read_f32_write_u8(const float* x, std::size_t n, std::uint8_t* out) {
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(static_cast<std::int32_t>(x[i]));
}

// n even: the callers split at even offsets.
void read_f32_write_u4(const float* x, std::size_t n, std::uint8_t* out) {
  for (std::size_t k = 0; k < n / 2; ++k)
    out[k] = static_cast<std::uint8_t>((static_cast<std::int32_t>(x[2 * k]) & 15) |
                                       (static_cast<std::int32_t>(x[2 * k + 1]) << 4));
}

void read_u8_write_f32(const std::uint8_t* q, std::size_t n, float* out) {
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(q[i]);
}

void read_u16_write_u8(const std::uint16_t* x, std::size_t n, std::uint8_t* out) {
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(x[i] >> 8);
}

void read_u8_write_u16(const std::uint8_t* q, std::size_t n, std::uint16_t* out) {
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint16_t>(q[i] << 8);
}

constexpr References kRefs{QRANGE_STR(QRANGE_ISA), &read,          &read_f32_write_u8, &read_f32_write_u4,
                           &read_u8_write_f32,     &read_u16_write_u8, &read_u8_write_u16};
}  // namespace

const References& QRANGE_CAT(references_, QRANGE_ISA)() { return kRefs; }

}  // namespace qrange::bench
