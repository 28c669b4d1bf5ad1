#ifndef QRANGE_PYTHON_PER_AXIS_HPP
#define QRANGE_PYTHON_PER_AXIS_HPP

#include <pybind11/pybind11.h>

namespace qrange_py {
// minmax_axis, calibrate_axis, quantize_axis, dequantize_axis, mse_axis.
void register_per_axis(pybind11::module_& m);
}  // namespace qrange_py

#endif
