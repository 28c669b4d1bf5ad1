// One SIMD target's kernel table. CMake compiles this file once per target
// with that target's flags, QRANGE_ISA (our name) and QRANGE_XSIMD_ARCH.
#include <xsimd/xsimd.hpp>

#include "kernels/kernel_table.hpp"
#include "kernels/simd/dequantize.hpp"
#include "kernels/simd/gather.hpp"
#include "kernels/simd/histogram.hpp"
#include "kernels/simd/minmax.hpp"
#include "kernels/simd/mse.hpp"
#include "kernels/simd/quantize.hpp"

#define QRANGE_CAT2(a, b) a##b
#define QRANGE_CAT(a, b) QRANGE_CAT2(a, b)
#define QRANGE_STR2(a) #a
#define QRANGE_STR(a) QRANGE_STR2(a)

namespace qrange::kernels {

namespace {
using Arch = xsimd::QRANGE_XSIMD_ARCH;
constexpr KernelTable kTable{QRANGE_STR(QRANGE_ISA), &simd::minmax<Arch>, &simd::histogram<Arch>,
                             &simd::gather<Arch>,
                             &simd::quantize<Arch, std::uint8_t>, &simd::quantize<Arch, std::int8_t>,
                             &simd::quantize<Arch, std::uint16_t>, &simd::quantize<Arch, std::int16_t>,
                             &simd::dequantize<Arch, std::uint8_t>, &simd::dequantize<Arch, std::int8_t>,
                             &simd::dequantize<Arch, std::uint16_t>, &simd::dequantize<Arch, std::int16_t>,
                             &simd::mse<Arch>};
}  // namespace

const KernelTable& QRANGE_CAT(table_, QRANGE_ISA)() { return kTable; }

}  // namespace qrange::kernels
