// The observer state behind the qrange_observer handle (docs/observers.md).
#pragma once

#include <qrange/qrange.h>

#include <cstdint>
#include <memory>

#include "context.hpp"
#include "kernels/kernel_table.hpp"
#include "observer_grid.hpp"

struct qrange_observer {
  std::uint32_t bins;
  // The finite range: min > max (+Inf, -Inf) while there is none; a zero is
  // +0.0. Both ends are values seen (or, after set_counts, values the
  // caller says were seen).
  float min;
  float max;
  qrange::detail::Grid grid;  // grid_for(min, max, bins)
  std::uint64_t finite;
  // bins + kObserveSlots words in the kernels' layout: the bins (zero from
  // grid.used on), then NaN, +Inf, -Inf.
  std::unique_ptr<std::uint64_t[]> counts;
  // As many words, all zero between calls: where a regrid builds the new
  // counts before they become `counts`.
  std::unique_ptr<std::uint64_t[]> spare;
};

namespace qrange::detail {

// A zeroed observer of `bins` bins, or NULL when out of memory.
qrange_observer* new_observer(std::uint32_t bins);

// Adds x[0..n) to o, split across threads as e says (update's work once its
// arguments are checked); o is unchanged on error.
// In: kernels::F32, F16 or BF16.
template <class In>
qrange_status observe(const char* caller, const Exec& e, qrange_observer& o, const kernels::elem_t<In>* x,
                      std::size_t n);

inline std::uint64_t slot(const qrange_observer& o, std::uint32_t s) { return o.counts[o.bins + s]; }

}  // namespace qrange::detail
