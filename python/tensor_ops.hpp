#ifndef QRANGE_PYTHON_TENSOR_OPS_HPP
#define QRANGE_PYTHON_TENSOR_OPS_HPP

#include <pybind11/pybind11.h>

namespace qrange_py {
// minmax, histogram, percentile_range, choose_params, quantize, dequantize,
// mse, calibrate, dynamic_quantize.
void register_tensor_ops(pybind11::module_& m);
}  // namespace qrange_py

#endif
