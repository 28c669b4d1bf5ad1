// Which kernel table runs: chosen once from the CPU (or QRANGE_ISA), changed
// by qrange_set_isa(). Tests and benchmarks use the target list directly.
#pragma once

#include <qrange/qrange.h>

#include <cstddef>

#include "kernels/kernel_table.hpp"

namespace qrange::detail {

struct Target {
  const char* name;
  const kernels::KernelTable& (*table)(kernels::Tuning);
  bool (*supported)();  // by this CPU and OS
};

// Every target compiled in: the scalar reference first, the best last.
struct TargetList {
  const Target* first;
  std::size_t count;
  const Target* begin() const { return first; }
  const Target* end() const { return first + count; }
};
TargetList compiled_targets();

// The kernels to run, or QRANGE_ERROR_UNSUPPORTED_ISA (message set, naming
// `caller`) while QRANGE_ISA is invalid and qrange_set_isa() has not fixed it.
qrange_status active_kernels(const char* caller, const kernels::KernelTable** out);

// The kernels of an ISA named as for qrange_set_isa(), or
// QRANGE_ERROR_UNSUPPORTED_ISA (message set, naming `caller`).
qrange_status named_kernels(const char* caller, const char* name, const kernels::KernelTable** out);

}  // namespace qrange::detail
