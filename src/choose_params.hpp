// qrange_choose_params for the calls that build on it.
#pragma once

#include <qrange/qrange.h>

#include <cstdint>

namespace qrange::detail {

// qrange_choose_params with out not NULL and the scheme's bytes as an int;
// its messages name `caller`, and with caller NULL a refusal sets no
// message (for candidates that may fail).
qrange_status choose_params(const char* caller, qrange_range r, std::int32_t qmin, std::int32_t qmax, int scheme,
                            int include_zero, qrange_params* out);

}  // namespace qrange::detail
