// numpy arrays in and out of the binding (docs/python.md, "Arrays"): the
// float type an input holds, its lossless conversions, and output arrays,
// new or the caller's `out=`.
#ifndef QRANGE_PYTHON_ARRAYS_HPP
#define QRANGE_PYTHON_ARRAYS_HPP

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <qrange/qrange.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace qrange_py {

// The float types the library reads; bfloat16 arrays are numpy uint16 bit
// patterns, named so by the caller (numpy has no bfloat16).
enum class float_kind { f32, f16, bf16 };

// A float tensor as the library reads it: C-contiguous, native byte order,
// the caller's own array when it already was one of the three types.
struct float_input {
  pybind11::array array;
  float_kind kind;

  std::size_t size() const { return static_cast<std::size_t>(array.size()); }
  std::vector<std::size_t> shape() const { return {array.shape(), array.shape() + array.ndim()}; }

  // f(p) with p a const float*, const qrange::float16* or const
  // qrange::bfloat16*: the overload of the C++ API for this type.
  template <class F>
  decltype(auto) visit(F&& f) const {
    const void* p = array.data();
    switch (kind) {
      case float_kind::f16: return f(static_cast<const qrange::float16*>(p));
      case float_kind::bf16: return f(static_cast<const qrange::bfloat16*>(p));
      case float_kind::f32: break;
    }
    return f(static_cast<const float*>(p));
  }
};

// The name numpy gives a type argument: a string as it is, anything else
// (np.uint8, np.dtype("int8"), ...) as np.dtype(arg) prints.
std::string type_name(pybind11::handle dtype);

// The float type of an output by name: None or "float32", "float16",
// "bfloat16" (or the numpy dtypes float32, float16); InvalidArgument else.
float_kind float_kind_of(pybind11::handle dtype);
// The numpy dtype of its values: float32, float16, uint16 for bfloat16.
pybind11::dtype storage_dtype(float_kind k);

// f(p) with p a float*, qrange::float16* or qrange::bfloat16* into data.
template <class F>
decltype(auto) visit_float(float_kind k, void* data, F&& f) {
  switch (k) {
    case float_kind::f16: return f(static_cast<qrange::float16*>(data));
    case float_kind::bf16: return f(static_cast<qrange::bfloat16*>(data));
    case float_kind::f32: break;
  }
  return f(static_cast<float*>(data));
}

// x as a float tensor: float32 and float16 arrays as they are (a copy only
// to make them C-contiguous or native-endian), with bf16 a uint16 array of
// bfloat16 patterns; any other real dtype converted to float32 when every
// value survives the conversion, else TypeError. 0-d arrays are refused
// (InvalidArgument): a per-element layout needs at least one dimension.
float_input float_input_of(pybind11::handle x, bool bf16);

// The same, float32 only (float16 and lossless dtypes converted): for the
// functions the library has in float32 only.
float_input float32_input_of(pybind11::handle x);

// An integer array as it is (C-contiguous, native-endian), with a dtype of
// `allowed` (TypeError otherwise).
pybind11::array integer_input_of(pybind11::handle q, const std::vector<pybind11::dtype>& allowed);

// A new C-contiguous array of dtype and shape, or `out` checked to be one:
// TypeError for another dtype, InvalidArgument for another shape, a
// non-contiguous or read-only array, or one sharing memory with `input`
// (C-contiguous, as every input is once converted).
pybind11::array output_array(const pybind11::object& out, const pybind11::dtype& dtype,
                             const std::vector<pybind11::ssize_t>& shape, const pybind11::array& input);

// The shape of an array as the argument of output_array.
std::vector<pybind11::ssize_t> shape_of(const pybind11::array& a);

}  // namespace qrange_py

#endif
