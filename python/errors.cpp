#include "errors.hpp"

#include <qrange/qrange.hpp>

#include <exception>

namespace py = pybind11;

namespace qrange_py {
namespace {

// The classes live as long as the interpreter: the module holds a reference
// to each, and these pointers keep the one PyErr_NewExceptionWithDoc gave,
// never released (a static py::object would be decref'd after the
// interpreter is gone).
PyObject* error_class = nullptr;
PyObject* invalid_argument_class = nullptr;
PyObject* empty_input_class = nullptr;
PyObject* out_of_memory_class = nullptr;
PyObject* unsupported_isa_class = nullptr;

PyObject* new_class(py::module_& m, const char* name, const char* doc, py::tuple bases) {
  const std::string qualified = std::string("qrange.") + name;
  PyObject* cls = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (cls == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(cls));  // takes a reference of its own
  return cls;
}

PyObject* class_of(qrange_status s) {
  switch (s) {
    case QRANGE_ERROR_INVALID_ARGUMENT: return invalid_argument_class;
    case QRANGE_ERROR_EMPTY_INPUT: return empty_input_class;
    case QRANGE_ERROR_OUT_OF_MEMORY: return out_of_memory_class;
    case QRANGE_ERROR_UNSUPPORTED_ISA: return unsupported_isa_class;
    default: return error_class;
  }
}

// Raises the status' class with the message, its `status` (the name, as
// qrange_status_string gives it) and `code` (the number) set.
void raise(qrange_status s, const char* message) {
  py::handle cls = class_of(s);
  py::object e = cls(message);
  e.attr("status") = qrange_status_string(s);
  e.attr("code") = static_cast<int>(s);
  PyErr_SetObject(cls.ptr(), e.ptr());
}

}  // namespace

void register_errors(py::module_& m) {
  py::handle exception(PyExc_Exception), value_error(PyExc_ValueError), memory_error(PyExc_MemoryError);
  error_class = new_class(m, "Error",
                          "A failed qrange call. `status` is the status' name (\"QRANGE_ERROR_EMPTY_INPUT\", ...), "
                          "`code` its number, str(e) qrange's message.",
                          py::make_tuple(exception));
  py::handle error(error_class);
  invalid_argument_class = new_class(m, "InvalidArgument",
                                     "QRANGE_ERROR_INVALID_ARGUMENT: a value outside its documented domain.",
                                     py::make_tuple(error, value_error));
  empty_input_class = new_class(m, "EmptyInput", "QRANGE_ERROR_EMPTY_INPUT: the input holds no finite value.",
                                py::make_tuple(error, value_error));
  out_of_memory_class = new_class(m, "OutOfMemory", "QRANGE_ERROR_OUT_OF_MEMORY: an allocation failed.",
                                  py::make_tuple(error, memory_error));
  unsupported_isa_class = new_class(m, "UnsupportedIsa",
                                    "QRANGE_ERROR_UNSUPPORTED_ISA: the ISA is unknown, not built in, or not "
                                    "supported by this CPU.",
                                    py::make_tuple(error));
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const qrange::error& e) {
      raise(e.code(), e.what());
    }
  });
}

void invalid_argument(const std::string& message) { throw qrange::error(QRANGE_ERROR_INVALID_ARGUMENT, message); }

}  // namespace qrange_py
