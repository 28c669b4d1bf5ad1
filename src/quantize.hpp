// The fused quantization-error pass, for the calls that evaluate parameters.
#pragma once

#include <qrange/qrange.h>

#include <cstddef>

#include "context.hpp"
#include "kernels/kernel_table.hpp"

namespace qrange::detail {

// qrange_quantization_mse_f32 with p checked: the mean over the finite
// values, into *mse; QRANGE_ERROR_EMPTY_INPUT when there is none.
// In: kernels::F32, F16 or BF16.
template <class In>
qrange_status mse_pass(const char* caller, const Exec& e, const kernels::elem_t<In>* x, std::size_t n,
                       const qrange_params& p, double* mse);

}  // namespace qrange::detail
