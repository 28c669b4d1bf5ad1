// dequantize, written once for every SIMD target; it gives the bits of
// kernels/scalar/dequantize.cpp: (float)(q - zero_point) * scale, the
// subtraction exact in int32.
#pragma once

#include <xsimd/xsimd.hpp>

#include <cstdint>

#include "kernels/kernel_table.hpp"
#include "kernels/simd/blocks.hpp"
#include "kernels/simd/quantize_io.hpp"

namespace qrange::kernels::simd {
namespace {

template <class Arch, class T, Tuning kT>
void dequantize(const T* q, std::size_t n, const qrange_params& p, float* x) {
  using F = xsimd::batch<float, Arch>;
  using I = xsimd::batch<std::int32_t, Arch>;
  constexpr std::size_t W = F::size;
  const F scale(p.scale);
  const I zero_point(p.zero_point);
  const auto one = [&](const T* in, float* out) {
    (xsimd::batch_cast<float>(widen_load(in, Arch{}) - zero_point) * scale).store_unaligned(out);
  };
  map_blocks<4 * W, kT>(q, n, x, [&](const T* in, float* out) {
    for (std::size_t k = 0; k < 4; ++k) one(in + k * W, out + k * W);
  });
}

}  // namespace
}  // namespace qrange::kernels::simd
