#include "parallel.hpp"

#include <omp.h>

#include <atomic>

namespace qrange::detail {

namespace {
std::atomic<int> g_num_threads{0};  // 0: the OpenMP default
}  // namespace

int threads_for(std::size_t n, std::size_t min_per_thread) {
  if (omp_in_parallel()) return 1;
  const int configured = g_num_threads.load(std::memory_order_relaxed);
  const int wanted = configured > 0 ? configured : omp_get_max_threads();
  const std::size_t useful = n / (min_per_thread ? min_per_thread : 1);
  if (useful < 2) return 1;
  return useful < static_cast<std::size_t>(wanted) ? static_cast<int>(useful) : wanted;
}

}  // namespace qrange::detail

extern "C" qrange_status qrange_set_num_threads(int n) {
  if (n < 0)
    return qrange::detail::fail(QRANGE_ERROR_INVALID_ARGUMENT,
                                "qrange_set_num_threads: n = %d is negative (0 means the OpenMP default)", n);
  qrange::detail::g_num_threads.store(n, std::memory_order_relaxed);
  return QRANGE_OK;
}
