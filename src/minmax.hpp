// The min/max pass, shared by qrange_minmax_f32 and the passes that start
// from the range of the data.
#pragma once

#include <qrange/qrange.h>

#include <cstddef>

#include "context.hpp"
#include "kernels/kernel_table.hpp"

namespace qrange::detail {

// Min, max and non-finite count of x[0..n) over the threads; min > max when
// no value is finite. Fails only for lack of memory.
// In: kernels::F32, F16 or BF16.
template <class In>
qrange_status minmax_pass(const char* caller, const Exec& e, const kernels::elem_t<In>* x, std::size_t n,
                          kernels::MinMax* out);

}  // namespace qrange::detail
