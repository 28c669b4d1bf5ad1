// qrange/mpi.h and qrange/mpi.hpp, compiled as C++17 with -pedantic -Werror
// (the C header on its own first), linked to libqrange_mpi and MPI's C
// bindings alone. Run outside mpirun: before MPI_Init, both wrappers throw
// the C call's refusal.
#include <qrange/mpi.h>
#include <qrange/mpi.hpp>

#include <cstdio>
#include <vector>

namespace {

template <class Call>
bool refused(Call call) {
  try {
    call();
  } catch (const qrange::error& e) {
    return e.code() == QRANGE_ERROR_INVALID_ARGUMENT;
  }
  std::fprintf(stderr, "not refused before MPI_Init\n");
  return false;
}

}  // namespace

int main() {
  std::vector<qrange::observer> obs(2);
  const bool ok = refused([&] { qrange::mpi::allreduce(obs[0], MPI_COMM_WORLD); }) &&
                  refused([&] { qrange::mpi::allreduce(obs, MPI_COMM_WORLD); });
  return ok ? 0 : 1;
}
