#include "kernels/kernel_table.hpp"

namespace qrange::kernels {

namespace {
constexpr KernelTable kScalar{"scalar", &scalar::minmax, &scalar::histogram, &scalar::gather,
                              &scalar::observe,
                              &scalar::quantize, &scalar::quantize, &scalar::quantize, &scalar::quantize,
                              &scalar::dequantize, &scalar::dequantize, &scalar::dequantize, &scalar::dequantize,
                              &scalar::mse};
}  // namespace

const KernelTable& table_scalar(Tuning) { return kScalar; }

}  // namespace qrange::kernels
