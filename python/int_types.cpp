#include "int_types.hpp"

#include "arrays.hpp"
#include "errors.hpp"

#include <string>

namespace py = pybind11;

namespace qrange_py {
namespace {

struct named_kind {
  const char* name;
  int_kind kind;
};
constexpr named_kind names[] = {{"uint8", int_kind::u8},   {"int8", int_kind::i8}, {"uint16", int_kind::u16},
                                {"int16", int_kind::i16},  {"uint4", int_kind::u4}, {"int4", int_kind::i4}};

}  // namespace

int_kind int_kind_of(py::handle dtype, const qrange::params& p, bool packed4) {
  if (dtype.is_none()) {
    if (p.qmin >= 0 && p.qmax <= 255) return int_kind::u8;
    if (p.qmin >= -128 && p.qmax <= 127) return int_kind::i8;
    if (p.qmin >= 0 && p.qmax <= 65535) return int_kind::u16;
    return int_kind::i16;  // anything wider is refused by the library, with its reason
  }
  const std::string name = type_name(dtype);
  for (const named_kind& n : names) {
    const bool is4 = n.kind == int_kind::u4 || n.kind == int_kind::i4;
    if (name == n.name && (packed4 || !is4)) return n.kind;
  }
  invalid_argument("qrange: unknown quantized type \"" + name + "\"; expected uint8, int8, uint16, int16" +
                   (packed4 ? ", uint4 or int4" : ""));
}

int_kind output_int_kind(py::handle dtype, const py::object& out, const qrange::params& p, bool packed4) {
  if (!dtype.is_none() || !py::isinstance<py::array>(out)) return int_kind_of(dtype, p, packed4);
  const py::dtype given = py::reinterpret_borrow<py::array>(out).dtype();
  for (int_kind k : {int_kind::u8, int_kind::i8, int_kind::u16, int_kind::i16}) {
    if (given.equal(dtype_of(k))) return k;
  }
  return int_kind_of(py::none(), p, false);
}

py::dtype dtype_of(int_kind k) {
  switch (k) {
    case int_kind::i8: return py::dtype::of<std::int8_t>();
    case int_kind::u16: return py::dtype::of<std::uint16_t>();
    case int_kind::i16: return py::dtype::of<std::int16_t>();
    case int_kind::u8:
    case int_kind::u4:
    case int_kind::i4: break;
  }
  return py::dtype::of<std::uint8_t>();
}

const std::vector<py::dtype>& unpacked_dtypes() {
  // Built once, under the GIL, at the first call; never destroyed (the
  // interpreter may be gone at exit).
  static const auto* all = new std::vector<py::dtype>{dtype_of(int_kind::u8), dtype_of(int_kind::i8),
                                                      dtype_of(int_kind::u16), dtype_of(int_kind::i16)};
  return *all;
}

int_kind int_kind_of_array(const py::array& q) {
  const bool is_signed = q.dtype().kind() == 'i';
  if (q.dtype().itemsize() == 1) return is_signed ? int_kind::i8 : int_kind::u8;
  return is_signed ? int_kind::i16 : int_kind::u16;
}

}  // namespace qrange_py
