#include "error.hpp"

#include <qrange/qrange.hpp>

#include <cstdio>
#include <new>

namespace qrange::cli {

void print_failure(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const Error& e) {
    std::fprintf(stderr, "qrange: %s\n", e.what());
  } catch (const qrange::error& e) {
    std::fprintf(stderr, "qrange: %s\n", e.what());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "qrange: out of memory\n");
  }
}

}  // namespace qrange::cli
