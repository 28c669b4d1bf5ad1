// `qrange observe --mpi`: each rank of an MPI job counts its share of the
// inputs (observe.hpp, Share), one all-reduce gives every rank the states of
// all of them, and rank 0 writes the file one process would have written.
//
// No rank may be left waiting in a collective call: whatever can fail on
// some ranks only (a file, an allocation, the library on that node) fails
// locally, then every rank learns of it in one MPI_Allreduce before the
// states' all-reduce, and all end with an error.
#include <qrange/mpi.h>
#include <qrange/qrange.hpp>

#include <exception>
#include <string>
#include <vector>

#include "error.hpp"
#include "observe.hpp"

namespace qrange::cli {

namespace {

// MPI from here to the end of the command, only with --mpi: without it the
// command runs without mpirun, as any other.
class Mpi {
 public:
  Mpi() {
    if (MPI_Init(nullptr, nullptr) != MPI_SUCCESS) throw Error("--mpi: MPI_Init failed");
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
  }
  ~Mpi() { MPI_Finalize(); }
  Mpi(const Mpi&) = delete;
  Mpi& operator=(const Mpi&) = delete;

  int rank = 0;
  int size = 1;
};

// The lowest rank that failed, or size if none did; collective.
int first_failed_rank(bool failed, const Mpi& mpi) {
  int rank = failed ? mpi.rank : mpi.size;
  MPI_Allreduce(MPI_IN_PLACE, &rank, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return rank;
}

// Every rank's states become those of all the shares. The states are in name
// order, the same on every rank: state i of each rank is reduced with state
// i of the others.
void allreduce(States& states) {
  std::vector<qrange_observer*> handles;
  for (auto& named : states) handles.push_back(named.second.get());
  const qrange_status s = qrange_observer_allreduce_many(handles.data(), handles.size(), MPI_COMM_WORLD);
  if (s != QRANGE_OK) throw qrange::error(s, qrange_last_error());
}

int update(const ObserveOptions& o, const Mpi& mpi) {
  Update u;
  std::exception_ptr failure;
  try {
    u = count_share(o, Share{mpi.rank, mpi.size});
  } catch (...) {
    failure = std::current_exception();
  }
  const int failed = first_failed_rank(failure != nullptr, mpi);
  if (failure) std::rethrow_exception(failure);
  if (failed < mpi.size)
    throw file_error(u.path, "not changed: rank " + std::to_string(failed) + " of " + std::to_string(mpi.size) +
                                 " failed");
  allreduce(u.states);
  return mpi.rank == 0 ? write_update(u) : 0;
}

}  // namespace

int update_mpi(const ObserveOptions& o) {
  const Mpi mpi;
  try {
    return update(o, mpi);
  } catch (...) {
    print_failure(std::current_exception());
    return 1;
  }
}

}  // namespace qrange::cli
