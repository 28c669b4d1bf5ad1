#include "error.hpp"

#include <cstdarg>
#include <cstdio>
#include <cstring>

namespace qrange::detail {

namespace {
thread_local char t_last_error[512] = "";
}  // namespace

qrange_status fail(qrange_status s, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(t_last_error, sizeof t_last_error, fmt, args);
  va_end(args);
  return s;
}

}  // namespace qrange::detail

extern "C" {

const char* qrange_status_string(qrange_status s) {
  // A C caller may pass any int, negative ones included, which are outside
  // the C++ enum's values: read the bytes.
  int value = 0;
  static_assert(sizeof s == sizeof value, "qrange_status is 32 bits");
  std::memcpy(&value, &s, sizeof value);
  switch (value) {
    case QRANGE_OK: return "QRANGE_OK";
    case QRANGE_ERROR_NULL_POINTER: return "QRANGE_ERROR_NULL_POINTER";
    case QRANGE_ERROR_INVALID_ARGUMENT: return "QRANGE_ERROR_INVALID_ARGUMENT";
    case QRANGE_ERROR_EMPTY_INPUT: return "QRANGE_ERROR_EMPTY_INPUT";
    case QRANGE_ERROR_UNSUPPORTED_ISA: return "QRANGE_ERROR_UNSUPPORTED_ISA";
    case QRANGE_ERROR_OUT_OF_MEMORY: return "QRANGE_ERROR_OUT_OF_MEMORY";
    case QRANGE_ERROR_COMMUNICATION: return "QRANGE_ERROR_COMMUNICATION";
    case QRANGE_STATUS_MAX_ENUM: break;
  }
  return "unknown qrange_status";
}

const char* qrange_last_error(void) { return qrange::detail::t_last_error; }

qrange_status qrange_set_last_error(qrange_status s, const char* message) {
  return qrange::detail::fail(s, "%s", message ? message : "");
}

const char* qrange_version(void) { return QRANGE_VERSION_STRING; }

}
