// How one call runs, resolved from its qrange_context (or the process-wide
// settings for a NULL one) once at the API boundary; everything below the
// boundary takes an Exec and reads no global.
#pragma once

#include <qrange/qrange.h>

#include "kernels/kernel_table.hpp"

namespace qrange::detail {

struct Exec {
  const kernels::KernelTable* kernels;
  int threads;                         // most tasks one pass splits into, >= 1
  qrange_parallel_for_fn parallel_for;  // NULL: OpenMP
  void* pool;
};

// Checks ctx (NULL allowed) and resolves it; on error the message names
// `caller`.
qrange_status resolve_context(const char* caller, const qrange_context* ctx, Exec* out);

}  // namespace qrange::detail
