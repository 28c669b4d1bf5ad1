// The file of `qrange observe`: named observer states in one small container.
//
//   "QRSTATES"                          8 bytes
//   version                             u32, 1
//   count                               u32, at least 1
//   count times, names in increasing byte order, no name twice:
//     name length, name                 u32, then the bytes (UTF-8 as given)
//     state length, state               u64, then qrange_observer_serialize's bytes
//
// Integers are little-endian; the file ends right after the last state. Only
// the frame is checked here; the library checks each state's bytes
// (qrange::observer::deserialize). The order is canonical, so the same
// states give the same file, whatever order they were added in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace qrange::cli {

struct NamedState {
  std::string name;
  std::vector<std::uint8_t> bytes;  // one serialized qrange observer state
};

// A state file by its content (the magic) or, when it cannot be read, by its
// extension ".qrs", so that a missing or truncated one gets a state file's
// error message.
bool is_state_file(const std::string& path);
bool has_state_extension(const std::string& path);

// The states of the file `path` whose bytes are data[0..size), sorted by name.
// Throws Error naming the file and the problem.
std::vector<NamedState> parse_state_file(const std::string& path, const unsigned char* data, std::size_t size);

// The file holding `states` (sorted by name here); the names must differ.
std::string state_file_bytes(std::vector<NamedState> states);

}  // namespace qrange::cli
