// An output file that appears complete or not at all: bytes go to a hidden
// temporary file in the destination's directory (same file system, so the
// final rename is atomic), which replaces the destination only on commit().
// Destroyed without commit(), e.g. on an error, it removes the temporary.
#pragma once

#include <cstddef>
#include <string>

namespace qrange::cli {

// Throws Error when `path` exists and overwriting is not allowed; called by
// the commands before any work so that a refusal costs nothing.
void check_can_write(const std::string& path, bool force);

class AtomicOutput {
 public:
  AtomicOutput(const std::string& path, bool force);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  void write(const void* data, std::size_t size);
  void write(const std::string& s) { write(s.data(), s.size()); }
  // Flushes to disk and renames the temporary over the destination.
  void commit();

 private:
  std::string path_;
  std::string temp_;
  bool force_;
  int fd_ = -1;
};

}  // namespace qrange::cli
