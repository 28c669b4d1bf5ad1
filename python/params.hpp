// qrange.Params and the arguments that describe a grid and a method.
#ifndef QRANGE_PYTHON_PARAMS_HPP
#define QRANGE_PYTHON_PARAMS_HPP

#include <pybind11/pybind11.h>

#include <qrange/qrange.hpp>

#include <string>
#include <vector>

namespace qrange_py {

void register_params(pybind11::module_& m);

// "asymmetric" or "symmetric" (InvalidArgument otherwise).
qrange::scheme scheme_of(const std::string& name);

// The calibration of a method by name ("minmax", "percentile", "mse",
// "entropy") with the keyword arguments every calibrate function takes.
qrange::calibration calibration_of(const std::string& method, std::int32_t qmin, std::int32_t qmax,
                                   const std::string& scheme, bool include_zero, double percentile, std::size_t bins,
                                   bool exact);

// A sequence of qrange.Params, one per group, as the C API's array.
std::vector<qrange::params> params_list(pybind11::handle seq);

}  // namespace qrange_py

#endif
