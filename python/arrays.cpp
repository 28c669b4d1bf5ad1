#include "arrays.hpp"

#include "errors.hpp"

#include <pybind11/stl.h>

#include <string>

namespace py = pybind11;

namespace qrange_py {
namespace {

constexpr auto c_contiguous = py::array::c_style;

py::array as_array(py::handle x) {
  if (py::isinstance<py::array>(x)) return py::reinterpret_borrow<py::array>(x);
  py::module_ np = py::module_::import("numpy");
  try {
    return np.attr("asarray")(x);
  } catch (py::error_already_set&) {
    throw py::type_error("qrange: expected a numpy array or a sequence of numbers");
  }
}

// A C-contiguous, native-endian array of the same dtype kind: the array
// itself when it is one already (zero-copy).
template <class T>
py::array contiguous(const py::array& a) {
  return py::array_t<T, c_contiguous>::ensure(a);
}

// a itself when it is C-contiguous with dtype d (native byte order), else a
// converted copy: for the dtypes pybind11 has no C++ type for (float16).
py::array contiguous_as(const py::array& a, const py::dtype& d) {
  if ((a.flags() & c_contiguous) && a.dtype().equal(d)) return a;
  return py::module_::import("numpy").attr("ascontiguousarray")(a, py::arg("dtype") = d);
}

std::string text(py::handle h) { return py::str(h).cast<std::string>(); }
std::string dtype_name(const py::array& a) { return text(a.dtype()); }

// numpy's floating-point warnings off while in scope: a value that
// overflows float32 in lossless_float32's cast is reported by its TypeError,
// not by a RuntimeWarning first.
class numpy_quiet {
 public:
  explicit numpy_quiet(const py::module_& np) : state_(np.attr("errstate")(py::arg("all") = "ignore")) {
    state_.attr("__enter__")();
  }
  numpy_quiet(const numpy_quiet&) = delete;
  numpy_quiet& operator=(const numpy_quiet&) = delete;
  ~numpy_quiet() {
    try {
      state_.attr("__exit__")(py::none(), py::none(), py::none());
    } catch (py::error_already_set& e) {
      e.discard_as_unraisable(__func__);  // a destructor must not throw
    }
  }

 private:
  py::object state_;
};

// a as float32 when that loses nothing (NaN stays NaN), else TypeError.
py::array lossless_float32(const py::array& a) {
  const char kind = a.dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u') {
    throw py::type_error("qrange: an array of " + dtype_name(a) + " holds no real numbers");
  }
  py::module_ np = py::module_::import("numpy");
  bool same = false;
  py::array f32;
  {
    const numpy_quiet quiet(np);
    f32 = np.attr("ascontiguousarray")(a, py::arg("dtype") = "float32");
    same = np.attr("array_equal")(f32.attr("astype")(a.dtype()), a, py::arg("equal_nan") = kind == 'f').cast<bool>();
  }
  if (!same) {
    throw py::type_error("qrange: this " + dtype_name(a) +
                         " array has values that float32 cannot hold exactly; convert it explicitly "
                         "(x.astype(np.float32)) if rounding them is intended");
  }
  return f32;
}

void refuse_0d(const py::array& a) {
  if (a.ndim() == 0) invalid_argument("qrange: a 0-d array; pass an array of at least one dimension (x.reshape(1))");
}

}  // namespace

std::string type_name(py::handle dtype) {
  if (py::isinstance<py::str>(dtype)) return dtype.cast<std::string>();
  return text(py::dtype::from_args(py::reinterpret_borrow<py::object>(dtype)));
}

float_kind float_kind_of(py::handle dtype) {
  if (dtype.is_none()) return float_kind::f32;
  const std::string name = type_name(dtype);
  if (name == "float32") return float_kind::f32;
  if (name == "float16") return float_kind::f16;
  if (name == "bfloat16") return float_kind::bf16;
  invalid_argument("qrange: unknown float type \"" + name + "\"; expected float32, float16 or bfloat16");
}

py::dtype storage_dtype(float_kind k) {
  switch (k) {
    case float_kind::f16: return py::dtype("float16");
    case float_kind::bf16: return py::dtype::of<std::uint16_t>();
    case float_kind::f32: break;
  }
  return py::dtype::of<float>();
}

float_input float_input_of(py::handle x, bool bf16) {
  py::array a = as_array(x);
  refuse_0d(a);
  const char kind = a.dtype().kind();
  const auto itemsize = a.dtype().itemsize();
  if (bf16) {
    if (kind != 'u' || itemsize != 2) {
      throw py::type_error("qrange: bf16=True takes bfloat16 bit patterns as a uint16 array, not " + dtype_name(a));
    }
    return {contiguous<std::uint16_t>(a), float_kind::bf16};
  }
  if (kind == 'f' && itemsize == 4) return {contiguous<float>(a), float_kind::f32};
  if (kind == 'f' && itemsize == 2) {
    return {contiguous_as(a, py::dtype("float16")), float_kind::f16};
  }
  return {lossless_float32(a), float_kind::f32};
}

float_input float32_input_of(py::handle x) {
  py::array a = as_array(x);
  refuse_0d(a);
  if (a.dtype().kind() == 'f' && a.dtype().itemsize() == 4) return {contiguous<float>(a), float_kind::f32};
  return {lossless_float32(a), float_kind::f32};
}

py::array integer_input_of(py::handle q, const std::vector<py::dtype>& allowed) {
  py::array a = as_array(q);
  refuse_0d(a);
  for (const py::dtype& d : allowed) {
    if (a.dtype().kind() == d.kind() && a.dtype().itemsize() == d.itemsize()) return contiguous_as(a, d);
  }
  std::string names;
  for (const py::dtype& d : allowed) names += (names.empty() ? "" : ", ") + text(d);
  throw py::type_error("qrange: expected an array of " + names + ", not " + dtype_name(a));
}

// Whether two C-contiguous arrays share a byte: each is one interval, so
// this is exact, and costs no call of numpy's may_share_memory (a
// microsecond, more than a small call's whole work).
bool overlap(const py::array& a, const py::array& b) {
  const auto* a0 = static_cast<const char*>(a.data());
  const auto* b0 = static_cast<const char*>(b.data());
  return a0 < b0 + b.nbytes() && b0 < a0 + a.nbytes();
}

py::array output_array(const py::object& out, const py::dtype& dtype, const std::vector<py::ssize_t>& shape,
                       const py::array& input) {
  if (out.is_none()) return py::array(dtype, shape);
  if (!py::isinstance<py::array>(out)) throw py::type_error("qrange: out= must be a numpy array");
  auto a = py::reinterpret_borrow<py::array>(out);
  if (!a.dtype().equal(dtype)) {
    throw py::type_error("qrange: out= has dtype " + dtype_name(a) + ", expected " +
                         text(dtype));
  }
  if (std::vector<py::ssize_t>(a.shape(), a.shape() + a.ndim()) != shape) {
    invalid_argument("qrange: out= has shape " + text(out.attr("shape")) +
                     ", expected " + text(py::tuple(py::cast(shape))));
  }
  if (!(a.flags() & py::array::c_style)) invalid_argument("qrange: out= is not C-contiguous");
  if (!a.writeable()) invalid_argument("qrange: out= is read-only");
  if (a.nbytes() > 0 && input.nbytes() > 0 && overlap(a, input)) {
    invalid_argument("qrange: out= shares memory with the input");
  }
  return a;
}

std::vector<py::ssize_t> shape_of(const py::array& a) { return {a.shape(), a.shape() + a.ndim()}; }

}  // namespace qrange_py
