#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace qrange::cli {

Progress::Progress(std::string label, std::uint64_t total)
    : label_(std::move(label)), total_(total), terminal_(::isatty(STDERR_FILENO) == 1) {}

Progress::~Progress() {
  if (shown_) std::fprintf(stderr, "\r\033[K");
}

void Progress::advance(std::uint64_t units) {
  done_ += units;
  if (!terminal_) return;
  const auto now = clock::now();
  if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  shown_ = true;
  const double percent = total_ ? 100.0 * static_cast<double>(done_) / static_cast<double>(total_) : 100.0;
  std::fprintf(stderr, "\r\033[K%s: %.0f%%", label_.c_str(), percent > 100.0 ? 100.0 : percent);
  std::fflush(stderr);
}

}  // namespace qrange::cli
