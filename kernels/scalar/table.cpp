#include "kernels/kernel_table.hpp"

namespace qrange::kernels {

namespace {
constexpr KernelTable kScalar{"scalar", &scalar::minmax, &scalar::histogram, &scalar::gather,
                              &scalar::observe,
                              &scalar::quantize, &scalar::quantize, &scalar::quantize, &scalar::quantize,
                              &scalar::dequantize, &scalar::dequantize, &scalar::dequantize, &scalar::dequantize,
                              &scalar::mse,
                              &scalar::minmax_rows,
                              &scalar::minmax_columns,
                              &scalar::quantize_axis, &scalar::quantize_axis, &scalar::quantize_axis,
                              &scalar::quantize_axis,
                              &scalar::dequantize_axis, &scalar::dequantize_axis, &scalar::dequantize_axis,
                              &scalar::dequantize_axis,
                              &scalar::mse_axis,
                              &scalar::pack_nibbles, &scalar::unpack_nibbles, &scalar::unpack_nibbles};
}  // namespace

const KernelTable& table_scalar(Tuning) { return kScalar; }

}  // namespace qrange::kernels
