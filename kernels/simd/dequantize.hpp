// dequantize, written once for every SIMD target; it gives the bits of
// kernels/scalar/dequantize.cpp: (float)(q - zero_point) * scale, the
// subtraction exact in int32.
#pragma once

#include <xsimd/xsimd.hpp>

#include <cstdint>

#include "kernels/kernel_table.hpp"
#include "kernels/simd/blocks.hpp"
#include "kernels/simd/convert.hpp"
#include "kernels/simd/quantize_io.hpp"

namespace qrange::kernels::simd {
namespace {

template <class Arch, class T, class Out, Tuning kT>
void dequantize(const T* q, std::size_t n, const qrange_params& p, elem_t<Out>* x) {
  using F = xsimd::batch<float, Arch>;
  using I = xsimd::batch<std::int32_t, Arch>;
  constexpr std::size_t W = F::size;
  const F scale(p.scale);
  const I zero_point(p.zero_point);
  const auto one = [&](const T* in) { return xsimd::batch_cast<float>(widen_load(in, Arch{}) - zero_point) * scale; };
  map_blocks<4 * W, kT>(q, n, x, [&](const T* in, elem_t<Out>* out) {
    store_floats<Out, Arch>(out, one(in), one(in + W), one(in + 2 * W), one(in + 3 * W));
  });
}

}  // namespace
}  // namespace qrange::kernels::simd
