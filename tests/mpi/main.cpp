// doctest under MPI: every rank runs every test, and the job fails when any
// rank's test fails (each rank's exit status is the MAX over all of them).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <qrange/mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  doctest::Context context(argc, argv);
  int failed = context.run() != 0;
  int any = failed;
  MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  MPI_Finalize();
  return any;
}
