// Proves that an allocation failure anywhere inside qrange is reported as
// QRANGE_ERROR_OUT_OF_MEMORY with the outputs untouched, never an abort or a
// leak (the sanitizer build runs this too). This program replaces the global
// operator new and counts the library's allocations in a dry run of each
// operation; then, for every k it reached, it fails the k-th allocation
// alone, and the k-th with every later one, so that each allocation site is
// hit with the earlier ones already made.
#include <qrange/qrange.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <vector>

#include "harness.hpp"
#include "operations.hpp"

namespace {

std::atomic<long> g_count{0};  // library allocations since the last reset
long g_fail_at = 0;            // 0: never fail
bool g_fail_later = false;     // fail every allocation after g_fail_at too

void* allocate(std::size_t size) {
  if (qrange::test::inside_api_call()) {
    const long k = ++g_count;  // OpenMP workers allocate too
    if (g_fail_at && (k == g_fail_at || (g_fail_later && k > g_fail_at))) return nullptr;
  }
  return std::malloc(size ? size : 1);
}

// The operations' outputs start zeroed, and a run on this input writes
// non-zero bytes to each of them: all-zero bytes mean untouched.
bool untouched(const qrange::test::OpResult& r) {
  return std::all_of(r.bytes.begin(), r.bytes.end(), [](unsigned char b) { return b == 0; });
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
  int sites = 0, injected = 0, failed = 0;
  for (int threads : {1, 2}) {
    qrange_set_num_threads(threads);
    // 99.99 takes the percentile range's tail pass on this input, 90 does not.
    for (double percentile : {99.99, 90.0}) {
      OpParams params;
      params.percentile = percentile;
      for (const Operation& op : all_operations()) {
        op(x.data(), x.size(), params);  // first calls may set up per-thread state
        g_count = 0;
        const OpResult ok = op(x.data(), x.size(), params);
        const long reached = g_count;
        int bad = ok.status != QRANGE_OK || untouched(ok);
        for (long k = 1; k <= reached; ++k) {
          for (bool later : {false, true}) {
            g_count = 0;
            g_fail_at = k;
            g_fail_later = later;
            const OpResult oom = op(x.data(), x.size(), params);
            g_fail_at = 0;
            ++injected;
            if (oom.status != QRANGE_ERROR_OUT_OF_MEMORY || !untouched(oom)) {
              std::printf("  %s: failing allocation %ld%s gave %s%s\n", op.name, k, later ? " and later" : "",
                          qrange_status_string(oom.status), untouched(oom) ? "" : ", outputs written");
              ++bad;
            }
          }
        }
        std::printf("%-24s threads %d, p = %-5g: %ld allocations%s\n", op.name, threads, percentile, reached,
                    bad ? "  <- FAILED" : "");
        sites += static_cast<int>(reached);
        failed += bad != 0;
      }
    }
  }
  std::printf("%d injected failures over %d allocation sites, %d operation runs failed\n", injected, sites, failed);
  return failed ? 1 : 0;
}
