// The percentile range behind qrange_percentile_range_f32, with the choice of
// path open to tests and benchmarks, which compare the two paths.
#pragma once

#include <qrange/qrange.h>

#include <cstddef>

#include "kernels/kernel_table.hpp"

namespace qrange::detail {

inline constexpr std::size_t kDefaultBins = 2048;

// Which pass gave the result: min/max alone (one distinct value), the tails
// (src/tails.hpp) or the full histogram. All give the same bits.
enum class PercentilePath { min_max, tails, histogram };

// Arguments as qrange_percentile_range_f32 has checked them, but for ctx. allow_tails =
// false always counts the full histogram; *taken (may be NULL) says which
// path gave the result.
// In: kernels::F32, F16 or BF16.
template <class In>
qrange_status percentile_range(const char* caller, const qrange_context* ctx, const kernels::elem_t<In>* x,
                               std::size_t n,
                               double percentile, std::size_t bins, bool exact_mode, bool allow_tails,
                               qrange_range* out, PercentilePath* taken);

}  // namespace qrange::detail
