// Splitting work across OpenMP threads so that results never depend on the
// thread count: inputs are cut into chunks whose boundaries depend only on n,
// and partial results are merged in chunk order.
#pragma once

#include <qrange/qrange.h>

#include <cstddef>
#include <memory>
#include <new>

#include "error.hpp"

namespace qrange::detail {

// How many threads to use for `n` elements when each thread should get at
// least `min_per_thread`: 1 for small inputs and inside an OpenMP parallel
// region (no nested oversubscription), else up to qrange_set_num_threads().
int threads_for(std::size_t n, std::size_t min_per_thread);

inline std::size_t chunk_count(std::size_t n, std::size_t chunk) { return n / chunk + (n % chunk != 0); }

// Folds map(begin, length) over the chunks of [0, n) in chunk order:
// merge(...merge(merge(init, map(chunk 0)), map(chunk 1))..., map(last)).
// The chunks may be mapped concurrently; the fold is always sequential, so the
// result is the same for every thread count even when merge is not associative.
template <class T, class Map, class Merge>
qrange_status parallel_reduce(const char* caller, std::size_t n, std::size_t chunk, std::size_t min_per_thread,
                              T init, Map map, Merge merge, T* out) {
  const std::size_t chunks = chunk_count(n, chunk);
  const int threads = threads_for(n, min_per_thread);
  T acc = init;
  if (threads <= 1 || chunks <= 1) {
    for (std::size_t c = 0; c < chunks; ++c) {
      const std::size_t begin = c * chunk;
      acc = merge(acc, map(begin, n - begin < chunk ? n - begin : chunk));
    }
  } else {
    std::unique_ptr<T[]> partial(new (std::nothrow) T[chunks]);
    if (!partial)
      return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate %zu partial results", caller, chunks);
    const auto count = static_cast<std::ptrdiff_t>(chunks);
#pragma omp parallel for num_threads(threads) schedule(static)
    for (std::ptrdiff_t c = 0; c < count; ++c) {
      const std::size_t begin = static_cast<std::size_t>(c) * chunk;
      partial[c] = map(begin, n - begin < chunk ? n - begin : chunk);
    }
    for (std::size_t c = 0; c < chunks; ++c) acc = merge(acc, partial[c]);
  }
  *out = acc;
  return QRANGE_OK;
}

// Contiguous pieces of [0, n), one per thread, cut at multiples of 16
// elements. For work whose partial results combine exactly (integer counts),
// so that only the pieces' boundaries, not the chunks, need to be fixed.
struct Parts {
  std::size_t n;
  int count;
  std::size_t step;
  std::size_t begin(int p) const {
    const std::size_t b = static_cast<std::size_t>(p) * step;
    return b < n ? b : n;
  }
  std::size_t length(int p) const { return begin(p + 1) - begin(p); }
};

inline Parts split(std::size_t n, int count) {
  const std::size_t per = n / static_cast<std::size_t>(count) + (n % static_cast<std::size_t>(count) != 0);
  return {n, count, (per + 15) / 16 * 16};
}

// body(part, begin, length) for each part, one thread each.
template <class Body>
void parallel_parts(const Parts& parts, Body body) {
  if (parts.count <= 1) {
    body(0, std::size_t{0}, parts.n);
    return;
  }
#pragma omp parallel for num_threads(parts.count) schedule(static, 1)
  for (int p = 0; p < parts.count; ++p) body(p, parts.begin(p), parts.length(p));
}

// Runs body(begin, length) on each chunk of [0, n), concurrently when the
// input is large enough; for element-wise work whose outputs do not overlap.
template <class Body>
void parallel_for(std::size_t n, std::size_t chunk, std::size_t min_per_thread, Body body) {
  const std::size_t chunks = chunk_count(n, chunk);
  const int threads = threads_for(n, min_per_thread);
  if (threads <= 1 || chunks <= 1) {
    if (n > 0) body(0, n);  // one call: chunking only serves the split
    return;
  }
  const auto count = static_cast<std::ptrdiff_t>(chunks);
#pragma omp parallel for num_threads(threads) schedule(static)
  for (std::ptrdiff_t c = 0; c < count; ++c) {
    const std::size_t begin = static_cast<std::size_t>(c) * chunk;
    body(begin, n - begin < chunk ? n - begin : chunk);
  }
}

}  // namespace qrange::detail
