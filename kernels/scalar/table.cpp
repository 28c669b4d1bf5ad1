#include "kernels/kernel_table.hpp"

namespace qrange::kernels {

namespace {
constexpr KernelTable kScalar{"scalar", &scalar::minmax,
                              &scalar::quantize, &scalar::quantize, &scalar::quantize, &scalar::quantize,
                              &scalar::dequantize, &scalar::dequantize, &scalar::dequantize, &scalar::dequantize,
                              &scalar::mse, &scalar::histogram, &scalar::gather};
}  // namespace

const KernelTable& table_scalar() { return kScalar; }

}  // namespace qrange::kernels
