// Proves that an allocation failure inside qrange is reported as
// QRANGE_ERROR_OUT_OF_MEMORY, never an abort: this program replaces the
// global operator new so that, while `g_fail` is set, every allocation fails.
#include <qrange/qrange.h>

#include <cstdio>
#include <cstdlib>
#include <new>
#include <vector>

#include "harness.hpp"
#include "operations.hpp"

namespace {
bool g_fail = false;
void* allocate(std::size_t size) {
  return g_fail && qrange::test::inside_api_call() ? nullptr : std::malloc(size ? size : 1);
}
}  // namespace

void* operator new(std::size_t size) {
  if (void* p = allocate(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return allocate(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return allocate(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

int main() {
  using namespace qrange::test;
  // Large enough for the multi-threaded paths, which allocate partial results.
  auto x = uniform((1u << 21) + 5, -50.0f, 150.0f, 5);
  qrange_set_num_threads(2);
  int passed = 0, failed = 0;
  for (const Operation& op : all_operations()) {
    const OpResult ok = op(x.data(), x.size());
    g_fail = true;
    const OpResult oom = op(x.data(), x.size());
    g_fail = false;
    // An operation that needs no allocation must still succeed; one that does
    // must say so with the right status.
    const bool good = oom.status == QRANGE_ERROR_OUT_OF_MEMORY || oom == ok;
    std::printf("%-24s with allocation failing: %s%s\n", op.name, qrange_status_string(oom.status),
                good ? "" : "  <- FAILED");
    good ? ++passed : ++failed;
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
