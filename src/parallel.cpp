#include "parallel.hpp"

#include <omp.h>

#include <atomic>

namespace qrange::detail {

namespace {
std::atomic<int> g_num_threads{0};  // 0: the OpenMP default
}  // namespace

int openmp_threads(int wanted) {
  if (omp_in_parallel()) return 1;
  if (wanted > 0) return wanted;
  const int configured = g_num_threads.load(std::memory_order_relaxed);
  return configured > 0 ? configured : omp_get_max_threads();
}

}  // namespace qrange::detail

extern "C" qrange_status qrange_set_num_threads(int n) {
  if (n < 0)
    return qrange::detail::fail(QRANGE_ERROR_INVALID_ARGUMENT,
                                "qrange_set_num_threads: n = %d is negative (0 means the OpenMP default)", n);
  qrange::detail::g_num_threads.store(n, std::memory_order_relaxed);
  return QRANGE_OK;
}
