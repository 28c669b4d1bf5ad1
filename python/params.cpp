#include "params.hpp"

#include "errors.hpp"

#include <pybind11/stl.h>

#include <cstdio>

namespace py = pybind11;

namespace qrange_py {

qrange::scheme scheme_of(const std::string& name) {
  if (name == "asymmetric") return QRANGE_ASYMMETRIC;
  if (name == "symmetric") return QRANGE_SYMMETRIC;
  invalid_argument("qrange: unknown scheme \"" + name + "\"; expected asymmetric or symmetric");
}

qrange::calibration calibration_of(const std::string& method, std::int32_t qmin, std::int32_t qmax,
                                   const std::string& scheme, bool include_zero, double percentile, std::size_t bins,
                                   bool exact) {
  qrange::calibration c = qrange::make_calibration(qrange::parse_method(method), qmin, qmax, scheme_of(scheme),
                                                   include_zero);
  c.percentile = percentile;
  c.bins = bins;
  c.exact = exact ? 1 : 0;
  return c;
}

std::vector<qrange::params> params_list(py::handle seq) {
  if (py::isinstance<qrange::params>(seq)) return {seq.cast<qrange::params>()};
  return seq.cast<std::vector<qrange::params>>();
}

namespace {

std::string repr(const qrange::params& p) {
  // %.9g: the shortest form that gives back the same float32 scale.
  char scale[32];
  std::snprintf(scale, sizeof scale, "%.9g", static_cast<double>(p.scale));
  return std::string("Params(scale=") + scale + ", zero_point=" + std::to_string(p.zero_point) +
         ", qmin=" + std::to_string(p.qmin) + ", qmax=" + std::to_string(p.qmax) + ")";
}

py::dict to_dict(const qrange::params& p) {
  py::dict d;
  d["scale"] = static_cast<double>(p.scale);
  d["zero_point"] = p.zero_point;
  d["qmin"] = p.qmin;
  d["qmax"] = p.qmax;
  return d;
}

qrange::params from_dict(const py::dict& d) {
  for (const char* key : {"scale", "zero_point", "qmin", "qmax"}) {
    if (!d.contains(key)) invalid_argument(std::string("qrange.Params.from_dict: no \"") + key + "\"");
  }
  return {d["scale"].cast<float>(), d["zero_point"].cast<std::int32_t>(), d["qmin"].cast<std::int32_t>(),
          d["qmax"].cast<std::int32_t>()};
}

}  // namespace

void register_params(py::module_& m) {
  py::class_<qrange::params>(m, "Params",
                             "Affine quantization parameters: x = (q - zero_point) * scale, q in [qmin, qmax]. "
                             "scale is a float32 (read back as the Python float of that value).")
      .def(py::init([](float scale, std::int32_t zero_point, std::int32_t qmin, std::int32_t qmax) {
             return qrange::params{scale, zero_point, qmin, qmax};
           }),
           py::arg("scale"), py::arg("zero_point"), py::arg("qmin") = 0, py::arg("qmax") = 255)
      .def_readwrite("scale", &qrange::params::scale)
      .def_readwrite("zero_point", &qrange::params::zero_point)
      .def_readwrite("qmin", &qrange::params::qmin)
      .def_readwrite("qmax", &qrange::params::qmax)
      .def("__repr__", &repr)
      .def("__eq__", [](const qrange::params& a, const qrange::params& b) {
        return a.scale == b.scale && a.zero_point == b.zero_point && a.qmin == b.qmin && a.qmax == b.qmax;
      })
      .def("to_dict", &to_dict, "{'scale': ..., 'zero_point': ..., 'qmin': ..., 'qmax': ...}")
      .def_static("from_dict", &from_dict, py::arg("d"), "The Params of a dict as to_dict gives it.")
      .def(py::pickle(&to_dict, &from_dict));
}

}  // namespace qrange_py
