// The update of `qrange observe`, in two steps shared by the one-process run
// (observe.cpp) and `--mpi` (observe_mpi.cpp), which all-reduces the states
// between them.
#pragma once

#include <cstddef>
#include <set>
#include <string>

#include "commands.hpp"
#include "states.hpp"

namespace qrange::cli {

// The inputs this process counts: input i (0 the first after STATE.qrs) when
// i % size == rank. Rank 0 also keeps the counts already in the state file,
// so that an all-reduce of the shares counts them once.
struct Share {
  int rank = 0;
  int size = 1;

  bool counts(std::size_t input) const {
    return input % static_cast<std::size_t>(size) == static_cast<std::size_t>(rank);
  }
};

struct Update {
  std::string path;  // the state file
  bool existed = false;
  std::size_t bins = 0;
  // Every state of the file and of the inputs, whatever the share: every
  // process holds the same names, in the same order, with the same bins.
  States states;
  std::set<std::string> touched;  // the states the inputs update
};

// Reads the state file and opens every input (headers only: cheap, mapped),
// then counts the values of the share's inputs. Throws Error / qrange::error.
Update count_share(const ObserveOptions& o, const Share& share);

// Writes the state file and prints the report.
int write_update(const Update& u);

// observe --mpi (observe_mpi.cpp), or its refusal in a build without MPI
// (observe_no_mpi.cpp).
int update_mpi(const ObserveOptions& o);

}  // namespace qrange::cli
