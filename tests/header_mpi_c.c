/* qrange/mpi.h, compiled as strict C (C99 and C11, -pedantic -Werror) with
 * the mpi.h it includes, and linked to libqrange_mpi. Run outside mpirun:
 * before MPI_Init, both calls are refused without communicating. */
#include <qrange/mpi.h>

#include <stdio.h>
#include <string.h>

int main(void) {
  qrange_observer *obs = NULL;
  qrange_observer *many[1];
  int ok;
  if (qrange_observer_create(16, &obs) != QRANGE_OK) return 1;
  many[0] = obs;
  ok = qrange_observer_allreduce(obs, MPI_COMM_WORLD) == QRANGE_ERROR_INVALID_ARGUMENT &&
       strcmp(qrange_last_error(), "qrange_observer_allreduce: MPI is not initialized (MPI_Init)") == 0 &&
       qrange_observer_allreduce_many(many, 1, MPI_COMM_WORLD) == QRANGE_ERROR_INVALID_ARGUMENT &&
       strcmp(qrange_last_error(), "qrange_observer_allreduce_many: MPI is not initialized (MPI_Init)") == 0;
  if (!ok) fprintf(stderr, "unexpected: %s\n", qrange_last_error());
  qrange_observer_destroy(obs);
  return ok ? 0 : 1;
}
