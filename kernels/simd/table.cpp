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

template <class In, Tuning kT>
constexpr InputKernels<In> make_inputs() {
  return {&simd::minmax<Arch, In, kT>,
          &simd::histogram<Arch, In>,
          &simd::gather<Arch, In, kT>,
          &simd::observe<Arch, In>,
          &simd::quantize<Arch, In, std::uint8_t, kT>,
          &simd::quantize<Arch, In, std::int8_t, kT>,
          &simd::quantize<Arch, In, std::uint16_t, kT>,
          &simd::quantize<Arch, In, std::int16_t, kT>,
          &simd::mse<Arch, In, kT>,
          &simd::minmax_rows<Arch, In, kT>,
          &simd::minmax_columns<Arch, In>,
          &simd::quantize_axis<Arch, In, std::uint8_t, kT>,
          &simd::quantize_axis<Arch, In, std::int8_t, kT>,
          &simd::quantize_axis<Arch, In, std::uint16_t, kT>,
          &simd::quantize_axis<Arch, In, std::int16_t, kT>,
          &simd::mse_axis<Arch, In, kT>};
}

template <class Out, Tuning kT>
constexpr OutputKernels<Out> make_outputs() {
  return {&simd::dequantize<Arch, std::uint8_t, Out, kT>,      &simd::dequantize<Arch, std::int8_t, Out, kT>,
          &simd::dequantize<Arch, std::uint16_t, Out, kT>,     &simd::dequantize<Arch, std::int16_t, Out, kT>,
          &simd::dequantize_axis<Arch, std::uint8_t, Out, kT>, &simd::dequantize_axis<Arch, std::int8_t, Out, kT>,
          &simd::dequantize_axis<Arch, std::uint16_t, Out, kT>, &simd::dequantize_axis<Arch, std::int16_t, Out, kT>};
}

template <Tuning kT>
constexpr KernelTable make_table() {
  return {QRANGE_STR(QRANGE_ISA),
          make_inputs<F32, kT>(),
          make_inputs<F16, kT>(),
          make_inputs<BF16, kT>(),
          make_outputs<F32, kT>(),
          make_outputs<F16, kT>(),
          make_outputs<BF16, kT>(),
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
