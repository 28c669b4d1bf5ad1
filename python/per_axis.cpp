// Per-axis and blocked quantization (ONNX opset 21 `axis`, `block_size`) on
// N-d arrays: one set of parameters per group, 4-bit types packed.
#include "per_axis.hpp"

#include "arrays.hpp"
#include "errors.hpp"
#include "int_types.hpp"
#include "params.hpp"

#include <pybind11/stl.h>

namespace py = pybind11;
using namespace pybind11::literals;

namespace qrange_py {
namespace {

// Packed 4-bit data of a tensor of `elements` values: (elements + 1) / 2
// bytes, a 1-D uint8 array.
std::vector<py::ssize_t> packed_shape(std::size_t elements) {
  return {static_cast<py::ssize_t>((elements + 1) / 2)};
}

std::size_t elements_of(const std::vector<std::size_t>& shape) {
  std::size_t n = 1;
  for (std::size_t d : shape) n *= d;
  return n;
}

py::array minmax_axis(const py::object& x, std::int64_t axis, std::size_t block_size, bool bf16) {
  const float_input in = float_input_of(x, bf16);
  const qrange::axis_view v(in.shape(), axis, block_size);
  std::vector<qrange::range> r;
  {
    py::gil_scoped_release nogil;
    r = in.visit([&](auto p) { return qrange::minmax(p, v); });
  }
  py::array_t<float> out({static_cast<py::ssize_t>(r.size()), py::ssize_t{2}});
  auto o = out.mutable_unchecked<2>();
  for (std::size_t g = 0; g < r.size(); ++g) {
    o(g, 0) = r[g].min;
    o(g, 1) = r[g].max;
  }
  return out;
}

py::tuple calibrate_axis(const py::object& x, const std::string& method, std::int64_t axis, std::size_t block_size,
                         std::int32_t qmin, std::int32_t qmax, const std::string& scheme, bool include_zero,
                         double percentile, std::size_t bins, bool exact, bool bf16) {
  const float_input in = float_input_of(x, bf16);
  const qrange::calibration c = calibration_of(method, qmin, qmax, scheme, include_zero, percentile, bins, exact);
  const qrange::axis_view v(in.shape(), axis, block_size);
  qrange::axis_calibration_result r;
  {
    py::gil_scoped_release nogil;
    r = in.visit([&](auto p) { return qrange::calibrate(p, v, c); });
  }
  return py::make_tuple(py::cast(r.p), r.mse);
}

py::array quantize_axis(const py::object& x, const py::object& params, std::int64_t axis, std::size_t block_size,
                        const py::object& dtype, const py::object& out, bool bf16) {
  const float_input in = float_input_of(x, bf16);
  const std::vector<qrange::params> p = params_list(params);
  if (p.empty()) invalid_argument("qrange.quantize_axis: no params");
  const int_kind k = output_int_kind(dtype, out, p[0], true);
  const qrange::axis_view v(in.shape(), axis, block_size);
  const bool packed = k == int_kind::u4 || k == int_kind::i4;
  py::array q = output_array(out, dtype_of(k), packed ? packed_shape(in.size()) : shape_of(in.array), in.array);
  void* data = q.mutable_data();
  {
    py::gil_scoped_release nogil;
    const auto ctx = qrange::make_context();
    in.visit([&](auto xp) {
      auto* bytes = static_cast<std::uint8_t*>(data);
      if (k == int_kind::u4) return qrange::quantize_u4(ctx, xp, v, p, bytes);
      if (k == int_kind::i4) return qrange::quantize_i4(ctx, xp, v, p, bytes);
      visit_int(k, data, [&](auto qp) { qrange::quantize(ctx, xp, v, p, qp); });
    });
  }
  return q;
}

py::array dequantize_axis(const py::object& q, const py::object& params, std::int64_t axis, std::size_t block_size,
                          const py::object& qtype, const std::optional<std::vector<std::size_t>>& shape,
                          const py::object& dtype, const py::object& out) {
  const py::array in = integer_input_of(q, unpacked_dtypes());
  const std::vector<qrange::params> p = params_list(params);
  if (p.empty()) invalid_argument("qrange.dequantize_axis: no params");
  const int_kind k = qtype.is_none() ? int_kind_of_array(in) : int_kind_of(qtype, p[0], true);
  const bool packed = k == int_kind::u4 || k == int_kind::i4;
  if (!in.dtype().equal(dtype_of(k))) {
    throw py::type_error("qrange.dequantize_axis: q's dtype is not the storage of qtype");
  }
  if (packed && !shape) invalid_argument("qrange.dequantize_axis: packed 4-bit q needs shape=, the tensor's shape");
  const std::vector<std::size_t> tensor_shape =
      shape ? *shape : std::vector<std::size_t>(in.shape(), in.shape() + in.ndim());
  const std::size_t expected = packed ? (elements_of(tensor_shape) + 1) / 2 : elements_of(tensor_shape);
  if (static_cast<std::size_t>(in.size()) != expected) {
    invalid_argument("qrange.dequantize_axis: q has " + std::to_string(in.size()) + " values, shape= needs " +
                     std::to_string(expected));
  }
  const float_kind f = float_kind_of(dtype);
  py::array x = output_array(out, storage_dtype(f), {tensor_shape.begin(), tensor_shape.end()}, in);
  const qrange::axis_view v(tensor_shape, axis, block_size);
  void* qdata = const_cast<void*>(in.data());
  void* xdata = x.mutable_data();
  {
    py::gil_scoped_release nogil;
    const auto ctx = qrange::make_context();
    visit_float(f, xdata, [&](auto xp) {
      auto* bytes = static_cast<const std::uint8_t*>(qdata);
      if (k == int_kind::u4) return qrange::dequantize_u4(ctx, bytes, v, p, xp);
      if (k == int_kind::i4) return qrange::dequantize_i4(ctx, bytes, v, p, xp);
      visit_int(k, qdata, [&](auto qp) { qrange::dequantize(ctx, qp, v, p, xp); });
    });
  }
  return x;
}

double mse_axis(const py::object& x, const py::object& params, std::int64_t axis, std::size_t block_size, bool bf16) {
  const float_input in = float_input_of(x, bf16);
  const std::vector<qrange::params> p = params_list(params);
  const qrange::axis_view v(in.shape(), axis, block_size);
  py::gil_scoped_release nogil;
  return in.visit([&](auto xp) { return qrange::quantization_mse(xp, v, p); });
}

}  // namespace

void register_per_axis(py::module_& m) {
  m.def(
      "layout_counts",
      [](std::vector<std::size_t> shape, std::int64_t axis, std::size_t block_size) {
        const qrange::axis_view v(std::move(shape), axis, block_size);
        return py::make_tuple(v.elements(), v.groups());
      },
      "shape"_a, "axis"_a = 0, "block_size"_a = 0,
      "(elements, groups) of a tensor of `shape` with this axis and block size; InvalidArgument for a layout\n"
      "the library refuses.");
  m.def("minmax_axis", &minmax_axis, "x"_a, "axis"_a = 0, "block_size"_a = 0, py::kw_only(), "bf16"_a = false,
        "A float32 array of shape (groups, 2): (min, max) of each group's finite values. block_size 0: one\n"
        "group per index along axis; B > 0: blocks of B along axis (ONNX opset 21), groups laid out as\n"
        "ONNX's scale tensor. EmptyInput names the first group without a finite value.");
  m.def("calibrate_axis", &calibrate_axis, "x"_a, "method"_a = "minmax", "axis"_a = 0, "block_size"_a = 0,
        py::kw_only(), "qmin"_a = 0, "qmax"_a = 255, "scheme"_a = "asymmetric", "include_zero"_a = true,
        "percentile"_a = 99.99, "bins"_a = 0, "exact"_a = false, "bf16"_a = false,
        "([Params per group], mse of the whole tensor): calibrate() on each group's values.");
  m.def("quantize_axis", &quantize_axis, "x"_a, "params"_a, "axis"_a = 0, "block_size"_a = 0, py::kw_only(),
        "dtype"_a = py::none(), "out"_a = py::none(), "bf16"_a = false,
        "Each element quantized with its group's Params. dtype as quantize's, or 'uint4' / 'int4': packed two\n"
        "per byte as ONNX packs them (element 2k in the low nibble of byte k), a 1-D uint8 array of\n"
        "(x.size + 1) // 2 bytes; other types keep x's shape.");
  m.def("dequantize_axis", &dequantize_axis, "q"_a, "params"_a, "axis"_a = 0, "block_size"_a = 0, py::kw_only(),
        "qtype"_a = py::none(), "shape"_a = py::none(), "dtype"_a = "float32", "out"_a = py::none(),
        "Each element dequantized with its group's Params, into an array of `shape` (default q's). qtype\n"
        "'uint4' / 'int4' reads packed uint8 q and requires shape=; dtype 'float32', 'float16' or 'bfloat16'.");
  m.def("mse_axis", &mse_axis, "x"_a, "params"_a, "axis"_a = 0, "block_size"_a = 0, py::kw_only(),
        "bf16"_a = false, "The quantization MSE over the finite elements, each with its group's Params.");
}

}  // namespace qrange_py
