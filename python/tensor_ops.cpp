// Per-tensor operations: ranges, parameters, quantize, dequantize, MSE,
// calibration and dynamic quantization, on float32, float16 and bfloat16.
// Every call into the library runs without the GIL, after all conversions.
#include "tensor_ops.hpp"

#include "arrays.hpp"
#include "int_types.hpp"
#include "params.hpp"

#include <pybind11/stl.h>

namespace py = pybind11;
using namespace pybind11::literals;

namespace qrange_py {
namespace {

py::object minmax(const py::object& x, bool bf16, bool with_nonfinite) {
  const float_input in = float_input_of(x, bf16);
  const std::size_t n = in.size();
  qrange::minmax_result r{};
  {
    py::gil_scoped_release nogil;
    r = in.visit([&](auto p) { return qrange::minmax(p, n); });
  }
  if (with_nonfinite) return py::make_tuple(r.r.min, r.r.max, r.nonfinite);
  return py::make_tuple(r.r.min, r.r.max);
}

py::tuple histogram(const py::object& x, float lo, float hi, std::size_t bins, bool bf16) {
  const float_input in = float_input_of(x, bf16);
  const std::size_t n = in.size();
  qrange::histogram_result h;
  {
    py::gil_scoped_release nogil;
    h = in.visit([&](auto p) { return qrange::histogram(p, n, qrange::range{lo, hi}, bins); });
  }
  return py::make_tuple(py::array_t<std::uint64_t>(h.counts.size(), h.counts.data()), h.below, h.above);
}

py::tuple percentile_range(const py::object& x, double percentile, std::size_t bins, bool exact, bool bf16) {
  const float_input in = float_input_of(x, bf16);
  const std::size_t n = in.size();
  const auto mode = exact ? qrange::percentile_mode::exact : qrange::percentile_mode::approximate;
  qrange::range r{};
  {
    py::gil_scoped_release nogil;
    r = in.visit([&](auto p) { return qrange::percentile_range(p, n, percentile, mode, bins); });
  }
  return py::make_tuple(r.min, r.max);
}

qrange::params choose_params(std::pair<float, float> r, std::int32_t qmin, std::int32_t qmax,
                             const std::string& scheme, bool include_zero) {
  const qrange::scheme s = scheme_of(scheme);
  py::gil_scoped_release nogil;
  return qrange::choose_params(qrange::range{r.first, r.second}, qmin, qmax, s, include_zero);
}

py::array quantize(const py::object& x, const qrange::params& params, const py::object& dtype, const py::object& out,
                   bool bf16) {
  const float_input in = float_input_of(x, bf16);
  const int_kind k = output_int_kind(dtype, out, params, false);
  py::array q = output_array(out, dtype_of(k), shape_of(in.array), in.array);
  const std::size_t n = in.size();
  void* data = q.mutable_data();
  {
    py::gil_scoped_release nogil;
    in.visit([&](auto p) { visit_int(k, data, [&](auto qp) { qrange::quantize(p, n, params, qp); }); });
  }
  return q;
}

py::array dequantize(const py::object& q, const qrange::params& params, const py::object& dtype,
                     const py::object& out) {
  const py::array in = integer_input_of(q, unpacked_dtypes());
  const int_kind k = int_kind_of_array(in);
  const float_kind f = float_kind_of(dtype);
  py::array x = output_array(out, storage_dtype(f), shape_of(in), in);
  const std::size_t n = static_cast<std::size_t>(in.size());
  const void* qdata = in.data();
  void* xdata = x.mutable_data();
  {
    py::gil_scoped_release nogil;
    visit_int(k, const_cast<void*>(qdata), [&](auto qp) {
      visit_float(f, xdata, [&](auto xp) { qrange::dequantize(qp, n, params, xp); });
    });
  }
  return x;
}

double mse(const py::object& x, const qrange::params& params, bool bf16) {
  const float_input in = float_input_of(x, bf16);
  const std::size_t n = in.size();
  py::gil_scoped_release nogil;
  return in.visit([&](auto p) { return qrange::quantization_mse(p, n, params); });
}

py::tuple calibrate(const py::object& x, const std::string& method, std::int32_t qmin, std::int32_t qmax,
                    const std::string& scheme, bool include_zero, double percentile, std::size_t bins, bool exact,
                    bool bf16) {
  const float_input in = float_input_of(x, bf16);
  const qrange::calibration c = calibration_of(method, qmin, qmax, scheme, include_zero, percentile, bins, exact);
  const std::size_t n = in.size();
  qrange::calibration_result r{};
  {
    py::gil_scoped_release nogil;
    r = in.visit([&](auto p) { return qrange::calibrate(p, n, c); });
  }
  return py::make_tuple(r.p, r.mse);
}

py::tuple dynamic_quantize(const py::object& x, const py::object& out) {
  const float_input in = float32_input_of(x);
  py::array q = output_array(out, py::dtype::of<std::uint8_t>(), shape_of(in.array), in.array);
  const auto* data = static_cast<const float*>(in.array.data());
  const std::size_t n = in.size();
  auto* qdata = static_cast<std::uint8_t*>(q.mutable_data());
  qrange::params p{};
  {
    py::gil_scoped_release nogil;
    p = qrange::dynamic_quantize(data, n, qdata);
  }
  return py::make_tuple(q, p);
}

}  // namespace

void register_tensor_ops(py::module_& m) {
  m.def("minmax", &minmax, "x"_a, py::kw_only(), "bf16"_a = false, "with_nonfinite"_a = false,
        "(min, max) of the finite values of x (NaN and +-Inf skipped; a zero is +0.0); with_nonfinite=True adds\n"
        "the count of NaN and +-Inf values: (min, max, nonfinite). EmptyInput when no value is finite.");
  m.def("histogram", &histogram, "x"_a, "lo"_a, "hi"_a, "bins"_a = 2048, py::kw_only(), "bf16"_a = false,
        "(counts, below, above): the finite values of x in `bins` equal bins over [lo, hi] (a uint64 array;\n"
        "hi falls in the last bin), and the counts of finite values below lo and above hi.");
  m.def("percentile_range", &percentile_range, "x"_a, "percentile"_a = 99.99, py::kw_only(), "bins"_a = 0,
        "exact"_a = false, "bf16"_a = false,
        "(P(100 - percentile), P(percentile)) of the finite values of x, P as np.percentile (method 'linear').\n"
        "exact=False: each end within (max - min) / bins of numpy's value (bins 0: 2048); exact=True: numpy's\n"
        "value, computed in float64 from the float32 order statistics and rounded to float32.");
  m.def("choose_params", &choose_params, "range"_a, "qmin"_a = 0, "qmax"_a = 255, py::kw_only(),
        "scheme"_a = "asymmetric", "include_zero"_a = true,
        "The Params that map range = (lo, hi) onto [qmin, qmax]: scheme 'asymmetric' or 'symmetric';\n"
        "include_zero widens the range to contain 0, so that 0.0 quantizes exactly.");
  m.def("quantize", &quantize, "x"_a, "params"_a, py::kw_only(), "dtype"_a = py::none(), "out"_a = py::none(),
        "bf16"_a = false,
        "clamp(round_half_even(x / scale) + zero_point, qmin, qmax), ONNX QuantizeLinear, as a new array of\n"
        "x's shape or into out=. dtype: 'uint8', 'int8', 'uint16', 'int16' (or the numpy dtype); by default\n"
        "out's dtype, else the narrowest that holds [qmin, qmax]. NaN -> zero_point, +-Inf saturate.");
  m.def("dequantize", &dequantize, "q"_a, "params"_a, py::kw_only(), "dtype"_a = "float32", "out"_a = py::none(),
        "(q - zero_point) * scale in float32, ONNX DequantizeLinear, for q of uint8, int8, uint16 or int16.\n"
        "dtype 'float16' or 'bfloat16' rounds each result to that type (bfloat16 as uint16 bit patterns).");
  m.def("mse", &mse, "x"_a, "params"_a, py::kw_only(), "bf16"_a = false,
        "The mean over the finite values of (x - dequantize(quantize(x)))^2, summed in float64 in a fixed\n"
        "order. EmptyInput when no value is finite.");
  m.def("calibrate", &calibrate, "x"_a, "method"_a = "minmax", py::kw_only(), "qmin"_a = 0, "qmax"_a = 255,
        "scheme"_a = "asymmetric", "include_zero"_a = true, "percentile"_a = 99.99, "bins"_a = 0,
        "exact"_a = false, "bf16"_a = false,
        "(Params, mse): the parameters of a method over the finite values of x and their exact quantization\n"
        "MSE. method: 'minmax', 'percentile' (percentile, bins, exact as percentile_range), 'mse' (the least\n"
        "MSE a search finds, never above min-max's) or 'entropy' (TensorRT's KL-divergence threshold).");
  m.def("dynamic_quantize", &dynamic_quantize, "x"_a, py::kw_only(), "out"_a = py::none(),
        "(q, Params): ONNX DynamicQuantizeLinear as ONNX Runtime computes it, in one call: the uint8 grid of\n"
        "[min(0, min x), max(0, max x)] and x quantized with it. float32 only (float16 is converted).");
}

}  // namespace qrange_py
