// The observer states of a state file (state_file.hpp), deserialized by the
// library, and written back atomically.
#pragma once

#include <qrange/qrange.hpp>

#include <cstddef>
#include <map>
#include <string>

namespace qrange::cli {

// By name, in the file's (byte) order.
using States = std::map<std::string, qrange::observer>;

// Every state of the file, checked by the library; all have the same number
// of bins. Throws Error naming the file (and state) and the problem.
States read_states(const std::string& path);

// The number of bins of the states (all equal); 0 when there is none.
std::size_t bins_of(const States& states);

// `states` into `path`, atomically (AtomicOutput): an existing file is only
// replaced with `force`.
void write_states(const std::string& path, const States& states, bool force);

}  // namespace qrange::cli
