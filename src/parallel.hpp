// Splitting work across threads so that results never depend on the thread
// count or on who runs the tasks (OpenMP or the caller's pool): inputs are
// cut into chunks whose boundaries depend only on n, and partial results are
// merged in chunk order.
#pragma once

#include <qrange/qrange.h>

#include <cstddef>
#include <memory>
#include <new>

#include "context.hpp"
#include "error.hpp"

namespace qrange::detail {

// The OpenMP threads for a call: `wanted`, or qrange_set_num_threads()'s or
// OpenMP's default for 0; 1 inside an OpenMP parallel region (no nested
// oversubscription).
int openmp_threads(int wanted);

// How many tasks for `n` elements when each should get at least
// `min_per_task`: at most e.threads, 1 for small inputs.
inline int tasks_for(const Exec& e, std::size_t n, std::size_t min_per_task) {
  const std::size_t useful = n / (min_per_task ? min_per_task : 1);
  if (useful < 2) return 1;
  return useful < static_cast<std::size_t>(e.threads) ? static_cast<int>(useful) : e.threads;
}

// body(t) for t in [0, count), on the caller's pool or OpenMP threads; the
// calling thread alone for one task.
template <class Body>
void run_tasks(const Exec& e, int count, Body& body) {
  if (count <= 1) {
    body(0);
    return;
  }
  if (e.parallel_for != nullptr) {
    e.parallel_for(
        e.pool, static_cast<std::size_t>(count),
        [](void* arg, std::size_t t) { (*static_cast<Body*>(arg))(static_cast<int>(t)); }, &body);
    return;
  }
#pragma omp parallel for num_threads(count) schedule(static, 1)
  for (int t = 0; t < count; ++t) body(t);
}

inline std::size_t chunk_count(std::size_t n, std::size_t chunk) { return n / chunk + (n % chunk != 0); }

// Task t of `tasks` takes chunks [first_chunk(t), first_chunk(t + 1)): a
// contiguous run, so that each thread streams through one piece.
inline std::size_t first_chunk(std::size_t chunks, int tasks, int t) {
  return chunks * static_cast<std::size_t>(t) / static_cast<std::size_t>(tasks);
}

// Folds map(begin, length) over the chunks of [0, n) in chunk order:
// merge(...merge(merge(init, map(chunk 0)), map(chunk 1))..., map(last)).
// The chunks may be mapped concurrently; the fold is always sequential, so the
// result is the same for every thread count even when merge is not associative.
template <class T, class Map, class Merge>
qrange_status parallel_reduce(const char* caller, const Exec& e, std::size_t n, std::size_t chunk,
                              std::size_t min_per_task, T init, Map map, Merge merge, T* out) {
  const std::size_t chunks = chunk_count(n, chunk);
  const int tasks = chunks > 1 ? tasks_for(e, n, min_per_task) : 1;
  const auto length = [&](std::size_t begin) { return n - begin < chunk ? n - begin : chunk; };
  T acc = init;
  if (tasks <= 1) {
    for (std::size_t c = 0; c < chunks; ++c) acc = merge(acc, map(c * chunk, length(c * chunk)));
  } else {
    std::unique_ptr<T[]> partial(new (std::nothrow) T[chunks]);
    if (!partial)
      return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate %zu partial results", caller, chunks);
    auto body = [&](int t) {
      for (std::size_t c = first_chunk(chunks, tasks, t); c < first_chunk(chunks, tasks, t + 1); ++c)
        partial[c] = map(c * chunk, length(c * chunk));
    };
    run_tasks(e, tasks, body);
    for (std::size_t c = 0; c < chunks; ++c) acc = merge(acc, partial[c]);
  }
  *out = acc;
  return QRANGE_OK;
}

// Contiguous pieces of [0, n), one per task, cut at multiples of 16
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

// body(part, begin, length) for each part, one task each.
template <class Body>
void parallel_parts(const Exec& e, const Parts& parts, Body body) {
  auto task = [&](int p) { body(p, parts.begin(p), parts.length(p)); };
  run_tasks(e, parts.count, task);
}

// Runs body(begin, length) on the chunks of [0, n), one contiguous run of
// chunks per task; for element-wise work whose outputs do not overlap.
template <class Body>
void parallel_for(const Exec& e, std::size_t n, std::size_t chunk, std::size_t min_per_task, Body body) {
  const std::size_t chunks = chunk_count(n, chunk);
  const int tasks = chunks > 1 ? tasks_for(e, n, min_per_task) : 1;
  if (tasks <= 1) {
    if (n > 0) body(0, n);  // one call: chunking only serves the split
    return;
  }
  auto task = [&](int t) {
    const std::size_t begin = first_chunk(chunks, tasks, t) * chunk;
    const std::size_t end = first_chunk(chunks, tasks, t + 1) * chunk;
    body(begin, (end < n ? end : n) - begin);
  };
  run_tasks(e, tasks, task);
}

}  // namespace qrange::detail
