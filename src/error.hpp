// Failure reporting for the C API: a status plus this thread's message.
#pragma once

#include <qrange/qrange.h>

namespace qrange::detail {

// Formats the message into this thread's qrange_last_error() buffer and
// returns s. Never allocates, so it also serves to report allocation failure.
qrange_status fail(qrange_status s, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

}  // namespace qrange::detail
