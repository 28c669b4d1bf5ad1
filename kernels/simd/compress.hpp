// Appending the selected lanes of a vector to an output, in lane order: the
// gather pass's inner step. AVX-512 compresses in registers; elsewhere
// (xsimd 8.1 has no compress) the few vectors that hold a wanted value go
// through the scalar reference.
#pragma once

#include <xsimd/xsimd.hpp>

#include <cstddef>
#include <type_traits>

#include "kernels/kernel_table.hpp"

namespace qrange::kernels::simd {
namespace {

#if defined(__AVX512F__)
// Masked stores of the compressed lanes: nothing past the appended values is
// written, so an output never holds more than the reference would put there.
GatherCounts compress_lanes(const xsimd::batch<float, xsimd::avx512bw>& v,
                            const xsimd::batch_bool<float, xsimd::avx512bw>& in_a,
                            const xsimd::batch_bool<float, xsimd::avx512bw>& in_b, float* out_a, float* out_b) {
  const __mmask16 ma = in_a, mb = static_cast<__mmask16>(in_b & ~in_a);
  const unsigned na = static_cast<unsigned>(__builtin_popcount(ma));
  const unsigned nb = static_cast<unsigned>(__builtin_popcount(mb));
  _mm512_mask_storeu_ps(out_a, static_cast<__mmask16>((1u << na) - 1), _mm512_maskz_compress_ps(ma, v));
  _mm512_mask_storeu_ps(out_b, static_cast<__mmask16>((1u << nb) - 1), _mm512_maskz_compress_ps(mb, v));
  return {na, nb, true};
}
#endif

// Appends the lanes of x[0..W) (widened: v) inside a to out_a, and those
// inside b but not a to out_b; in_a and in_b are those tests on v. Each
// output has room for a whole vector.
template <class In, class Arch>
GatherCounts append_lanes(const elem_t<In>* x, [[maybe_unused]] const xsimd::batch<float, Arch>& v,
                          [[maybe_unused]] const xsimd::batch_bool<float, Arch>& in_a,
                          [[maybe_unused]] const xsimd::batch_bool<float, Arch>& in_b,
                          Interval a, float* out_a, Interval b, float* out_b) {
#if defined(__AVX512F__)
  if constexpr (std::is_same_v<Arch, xsimd::avx512bw>) return compress_lanes(v, in_a, in_b, out_a, out_b);
#endif
  constexpr std::size_t W = xsimd::batch<float, Arch>::size;
  return scalar::gather<In>(x, W, {a, out_a, W}, {b, out_b, W});
}

}  // namespace
}  // namespace qrange::kernels::simd
