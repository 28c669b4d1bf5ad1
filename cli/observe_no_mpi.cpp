// `qrange observe --mpi` in a build without MPI (QRANGE_MPI=OFF): refused.
// Ignored, each process under mpirun would count every input and write the
// state file, all at once.
#include "error.hpp"
#include "observe.hpp"

namespace qrange::cli {

int update_mpi(const ObserveOptions&) {
  throw Error("--mpi: this qrange was built without MPI (configure with -DQRANGE_MPI=ON)");
}

}  // namespace qrange::cli
