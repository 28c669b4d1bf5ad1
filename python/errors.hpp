// Python exceptions for qrange's statuses (docs/python.md, "Errors").
#ifndef QRANGE_PYTHON_ERRORS_HPP
#define QRANGE_PYTHON_ERRORS_HPP

#include <pybind11/pybind11.h>

#include <string>

namespace qrange_py {

// Adds qrange.Error and its subclasses to m and translates every
// qrange::error thrown by a binding into the class of its status.
void register_errors(pybind11::module_& m);

// The binding's own refusal of an argument value: qrange.InvalidArgument,
// the exception the library's QRANGE_ERROR_INVALID_ARGUMENT raises, so that
// a caller catches one class whichever side checked.
[[noreturn]] void invalid_argument(const std::string& message);

}  // namespace qrange_py

#endif
