// Software prefetch for the streaming passes. The hardware prefetcher alone
// falls behind from DRAM whenever a pass does more than load; the gather
// pass's mispredicted branches discard the loads in flight, and the
// histogram's counting loop issues no load of x for hundreds of cycles. On
// some CPUs the prefetches slow the streaming passes down, so there they ask
// the tuning first (StreamPrefetch); the histogram gains everywhere. The
// figures are in docs/performance.md (What limits each kernel, Prefetch).
#pragma once

#include <cstddef>

#include "kernels/kernel_table.hpp"

namespace qrange::kernels::simd {
namespace {

constexpr std::size_t kPrefetchBytes = 8192;

// Prefetches the cache lines of p[i + A, i + A + len), A = kPrefetchBytes of
// T, when they lie inside p[0, n): the pointer is never formed past the end.
// Always inlined: GCC 12 finds a function that only prefetches free of side
// effects and deletes the calls of any copy it does not inline.
template <class T>
__attribute__((always_inline)) inline void prefetch_ahead(const T* p, std::size_t i, std::size_t len, std::size_t n) {
  constexpr std::size_t ahead = kPrefetchBytes / sizeof(T);
  if (n < ahead + len || i > n - ahead - len) return;
  const char* line = reinterpret_cast<const char*>(p + i + ahead);
  for (std::size_t b = 0; b < len * sizeof(T); b += 64) __builtin_prefetch(line + b);
}

// prefetch_ahead for a streaming pass, where the tuning asks for it.
template <Tuning kT>
struct StreamPrefetch {
  template <class T>
  __attribute__((always_inline)) void ahead(const T* p, std::size_t i, std::size_t len, std::size_t n) const {
    if constexpr (tuning_values(kT).prefetch_streams) prefetch_ahead(p, i, len, n);
  }
};

}  // namespace
}  // namespace qrange::kernels::simd
