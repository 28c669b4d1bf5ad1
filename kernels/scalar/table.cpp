#include "kernels/kernel_table.hpp"

namespace qrange::kernels {

namespace {
template <class In>
constexpr InputKernels<In> make_inputs() {
  return {&scalar::minmax<In>,
          &scalar::histogram<In>,
          &scalar::gather<In>,
          &scalar::observe<In>,
          &scalar::quantize<In, std::uint8_t>,
          &scalar::quantize<In, std::int8_t>,
          &scalar::quantize<In, std::uint16_t>,
          &scalar::quantize<In, std::int16_t>,
          &scalar::mse<In>,
          &scalar::minmax_rows<In>,
          &scalar::minmax_columns<In>,
          &scalar::quantize_axis<In, std::uint8_t>,
          &scalar::quantize_axis<In, std::int8_t>,
          &scalar::quantize_axis<In, std::uint16_t>,
          &scalar::quantize_axis<In, std::int16_t>,
          &scalar::mse_axis<In>};
}

template <class Out>
constexpr OutputKernels<Out> make_outputs() {
  return {&scalar::dequantize<std::uint8_t, Out>,      &scalar::dequantize<std::int8_t, Out>,
          &scalar::dequantize<std::uint16_t, Out>,     &scalar::dequantize<std::int16_t, Out>,
          &scalar::dequantize_axis<std::uint8_t, Out>, &scalar::dequantize_axis<std::int8_t, Out>,
          &scalar::dequantize_axis<std::uint16_t, Out>, &scalar::dequantize_axis<std::int16_t, Out>};
}

constexpr KernelTable kScalar{"scalar",
                              make_inputs<F32>(),
                              make_inputs<F16>(),
                              make_inputs<BF16>(),
                              make_outputs<F32>(),
                              make_outputs<F16>(),
                              make_outputs<BF16>(),
                              &scalar::pack_nibbles,
                              &scalar::unpack_nibbles,
                              &scalar::unpack_nibbles};
}  // namespace

const KernelTable& table_scalar(Tuning) { return kScalar; }

}  // namespace qrange::kernels
