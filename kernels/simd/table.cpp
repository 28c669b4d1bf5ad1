// One SIMD target's kernel table. CMake compiles this file once per target
// with that target's flags, QRANGE_ISA (our name) and QRANGE_XSIMD_ARCH.
#include <xsimd/xsimd.hpp>

#include "kernels/kernel_table.hpp"
#include "kernels/simd/axis.hpp"
#include "kernels/simd/dequantize.hpp"
#include "kernels/simd/gather.hpp"
#include "kernels/simd/histogram.hpp"
#include "kernels/simd/minmax.hpp"
#include "kernels/simd/mse.hpp"
#include "kernels/simd/observe.hpp"
#include "kernels/simd/quantize.hpp"

#define QRANGE_CAT2(a, b) a##b
#define QRANGE_CAT(a, b) QRANGE_CAT2(a, b)
#define QRANGE_STR2(a) #a
#define QRANGE_STR(a) QRANGE_STR2(a)

namespace qrange::kernels {

namespace {
using Arch = xsimd::QRANGE_XSIMD_ARCH;

template <Tuning kT>
constexpr KernelTable make_table() {
  return {QRANGE_STR(QRANGE_ISA),
          &simd::minmax<Arch, kT>,
          &simd::histogram<Arch>,
          &simd::gather<Arch, kT>,
          &simd::observe<Arch>,
          &simd::quantize<Arch, std::uint8_t, kT>,
          &simd::quantize<Arch, std::int8_t, kT>,
          &simd::quantize<Arch, std::uint16_t, kT>,
          &simd::quantize<Arch, std::int16_t, kT>,
          &simd::dequantize<Arch, std::uint8_t, kT>,
          &simd::dequantize<Arch, std::int8_t, kT>,
          &simd::dequantize<Arch, std::uint16_t, kT>,
          &simd::dequantize<Arch, std::int16_t, kT>,
          &simd::mse<Arch, kT>,
          &simd::minmax_rows<Arch, kT>,
          &simd::minmax_columns<Arch>,
          &simd::quantize_axis<Arch, std::uint8_t, kT>,
          &simd::quantize_axis<Arch, std::int8_t, kT>,
          &simd::quantize_axis<Arch, std::uint16_t, kT>,
          &simd::quantize_axis<Arch, std::int16_t, kT>,
          &simd::dequantize_axis<Arch, std::uint8_t, kT>,
          &simd::dequantize_axis<Arch, std::int8_t, kT>,
          &simd::dequantize_axis<Arch, std::uint16_t, kT>,
          &simd::dequantize_axis<Arch, std::int16_t, kT>,
          &simd::mse_axis<Arch, kT>,
          &simd::pack_nibbles<Arch>,
          // Dequantizing from int4 has no target; the reference's loops.
          &scalar::unpack_nibbles,
          &scalar::unpack_nibbles};
}
constexpr KernelTable kStandard = make_table<Tuning::standard>();
constexpr KernelTable kFamily19h = make_table<Tuning::family19h>();
}  // namespace

const KernelTable& QRANGE_CAT(table_, QRANGE_ISA)(Tuning t) { return t == Tuning::family19h ? kFamily19h : kStandard; }

}  // namespace qrange::kernels
