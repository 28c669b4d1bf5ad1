// A progress line on stderr for long work: shown only when stderr is a
// terminal (never in logs or pipes) and only once the work has taken more
// than a second, so quick runs print nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace qrange::cli {

class Progress {
 public:
  Progress(std::string label, std::uint64_t total);  // total: work units (bytes)
  ~Progress();                                       // erases the line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void advance(std::uint64_t units);
  void set_label(std::string label) { label_ = std::move(label); }

 private:
  using clock = std::chrono::steady_clock;
  std::string label_;
  std::uint64_t total_;
  std::uint64_t done_ = 0;
  bool terminal_;
  bool shown_ = false;
  clock::time_point start_ = clock::now();
  clock::time_point last_ = start_;
};

}  // namespace qrange::cli
