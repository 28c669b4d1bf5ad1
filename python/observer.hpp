#ifndef QRANGE_PYTHON_OBSERVER_HPP
#define QRANGE_PYTHON_OBSERVER_HPP

#include <pybind11/pybind11.h>

namespace qrange_py {
void register_observer(pybind11::module_& m);
}  // namespace qrange_py

#endif
