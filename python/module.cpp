// The Python module `qrange` (docs/python.md): the public C++ API of
// libqrange over numpy arrays. Each part registers itself from its file;
// this one holds the process-wide settings.
#include "errors.hpp"
#include "observer.hpp"
#include "params.hpp"
#include "per_axis.hpp"
#include "tensor_ops.hpp"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <qrange/qrange.hpp>

namespace py = pybind11;
using namespace pybind11::literals;

PYBIND11_MODULE(qrange, m) {
  m.doc() = "qrange: quantization ranges of float32, float16 and bfloat16 numpy arrays (docs/python.md).";
  m.attr("__version__") = qrange::version();
  qrange_py::register_errors(m);
  qrange_py::register_params(m);
  qrange_py::register_tensor_ops(m);
  qrange_py::register_per_axis(m);
  qrange_py::register_observer(m);

  m.def("isa", &qrange::active_isa, "The ISA whose kernels run: 'scalar', 'avx2', 'avx512' or 'neon'.");
  m.def(
      "isas",
      [] {
        py::list out;
        for (const qrange::isa_info& i : qrange::isas()) {
          out.append(py::dict("name"_a = i.name, "compiled"_a = i.compiled != 0, "supported"_a = i.supported != 0));
        }
        return out;
      },
      "Every ISA qrange knows: [{'name', 'compiled', 'supported'}], scalar first.");
  m.def("set_isa", &qrange::set_isa, "name"_a,
        "Chooses the kernels for the process: 'auto' or an ISA name (UnsupportedIsa if it cannot run).");
  m.def("set_num_threads", &qrange::set_num_threads, "n"_a,
        "The OpenMP threads of one call on a large input, process-wide; 0: the OpenMP default.");
}
