// The integer types of quantized tensors: by name or dtype, by default from
// the parameters' grid, and as the C++ API's pointer types.
#ifndef QRANGE_PYTHON_INT_TYPES_HPP
#define QRANGE_PYTHON_INT_TYPES_HPP

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <qrange/qrange.hpp>

#include <cstdint>
#include <vector>

namespace qrange_py {

// u4 and i4 are packed two per byte into uint8 (per-axis functions only).
enum class int_kind { u8, i8, u16, i16, u4, i4 };

// The type `dtype` names: None for the default, a numpy dtype or a name
// ("uint8", "int8", "uint16", "int16", and with packed4 "uint4", "int4").
// InvalidArgument for anything else. The default is the narrowest of
// uint8, int8, uint16, int16 that holds [p.qmin, p.qmax].
int_kind int_kind_of(pybind11::handle dtype, const qrange::params& p, bool packed4);

// The type of a quantize call's output: `dtype` when given, else out='s
// dtype when it is one of the unpacked types (4-bit must be asked for),
// else the default above; output_array then refuses an out= of another type.
int_kind output_int_kind(pybind11::handle dtype, const pybind11::object& out, const qrange::params& p, bool packed4);

// The numpy dtype that holds the type (uint8 for u4 and i4).
pybind11::dtype dtype_of(int_kind k);

// The dtypes of the unpacked types, for integer_input_of.
const std::vector<pybind11::dtype>& unpacked_dtypes();
int_kind int_kind_of_array(const pybind11::array& q);

// f(p) with p a T* of the type's storage (std::uint8_t* for u4 and i4).
template <class F>
decltype(auto) visit_int(int_kind k, void* data, F&& f) {
  switch (k) {
    case int_kind::i8: return f(static_cast<std::int8_t*>(data));
    case int_kind::u16: return f(static_cast<std::uint16_t*>(data));
    case int_kind::i16: return f(static_cast<std::int16_t*>(data));
    case int_kind::u8:
    case int_kind::u4:
    case int_kind::i4: break;
  }
  return f(static_cast<std::uint8_t*>(data));
}

}  // namespace qrange_py

#endif
