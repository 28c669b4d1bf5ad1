// The command's one kind of failure: a message that already names the file
// and the problem. main() prints it as one line on stderr and exits non-zero.
#pragma once

#include <exception>
#include <stdexcept>
#include <string>

namespace qrange::cli {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// "path: problem"
inline Error file_error(const std::string& path, const std::string& problem) { return Error(path + ": " + problem); }

// The line "qrange: <message>" on stderr for the failures the command
// reports (Error, qrange::error, std::bad_alloc); anything else is rethrown.
// main() ends with it; observe --mpi prints a rank's failure before
// MPI_Finalize, after which mpirun may end a rank that has not printed yet.
void print_failure(const std::exception_ptr& failure);

}  // namespace qrange::cli
