// The command's one kind of failure: a message that already names the file
// and the problem. main() prints it as one line on stderr and exits non-zero.
#pragma once

#include <stdexcept>
#include <string>

namespace qrange::cli {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// "path: problem"
inline Error file_error(const std::string& path, const std::string& problem) { return Error(path + ": " + problem); }

}  // namespace qrange::cli
