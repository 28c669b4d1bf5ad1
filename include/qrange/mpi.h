/*
 * qrange::mpi: observer states all-reduced across the processes of an MPI
 * communicator (docs/distributed.md). A library of its own, libqrange_mpi,
 * so that libqrange never depends on MPI; link the CMake target qrange::mpi
 * (find_package(qrange COMPONENTS mpi)) or pkg-config's qrange-mpi. It is
 * built against one MPI implementation, whose mpi.h this header includes:
 * link the same one.
 *
 * The conventions of qrange.h hold: a status, qrange_last_error() naming the
 * problem, and no state changed on error. Besides, every rank returns the
 * same status for the same call: arguments refused on one rank, observer
 * counts or bins that differ between ranks, are found by every rank in the
 * same collective round, so no rank is left waiting in a collective call.
 */
#ifndef QRANGE_MPI_H
#define QRANGE_MPI_H

/* C++ needs only MPI's C bindings here; without these, Open MPI's and
 * MPICH's mpi.h also declare their deprecated C++ bindings, whose library
 * (libmpi_cxx) a program would then have to link. */
#if defined(__cplusplus) && !defined(OMPI_SKIP_MPICXX)
#  define OMPI_SKIP_MPICXX 1
#endif
#if defined(__cplusplus) && !defined(MPICH_SKIP_MPICXX)
#  define MPICH_SKIP_MPICXX 1
#endif
#include <mpi.h>
#include <qrange/qrange.h>

#if defined(_WIN32)
#  if defined(QRANGE_BUILDING_MPI)
#    define QRANGE_MPI_API __declspec(dllexport)
#  else
#    define QRANGE_MPI_API
#  endif
#elif defined(__GNUC__)
#  define QRANGE_MPI_API __attribute__((visibility("default")))
#else
#  define QRANGE_MPI_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Every rank's observer becomes the state of the union of all ranks' values:
 * byte-identical to one observer that saw all of them, on every rank.
 * A collective call: every rank of comm makes it, with its own observer.
 * Same as qrange_observer_allreduce_many(&obs, 1, comm). */
QRANGE_MPI_API qrange_status qrange_observer_allreduce(qrange_observer *obs, MPI_Comm comm);

/* The same for count observers at once, obs[0..count) (one per tensor of a
 * model): obs[i] of every rank is reduced with obs[i] of the others, in
 * three collective calls whatever count is (docs/distributed.md):
 *   1. a MIN over a fixed-size header: every rank's argument check and count;
 *   2. one reduction of every observer's range, bins and value counts;
 *   3. one SUM over the counts of every observer, packed, each on the grid
 *      of its reduced range (split into calls of 2^31 - 1 words only past
 *      16 GiB of counts).
 * Observers of any bins may be mixed, as long as obs[i] has the same bins on
 * every rank. count == 0 (obs may then be NULL) reduces nothing, but is
 * still collective.
 * Memory: one buffer of 8 * (bins + 3) bytes per observer, all at once.
 *
 * Errors, the same status on every rank:
 *  - QRANGE_ERROR_NULL_POINTER, QRANGE_ERROR_OUT_OF_MEMORY: on some rank, obs
 *    NULL with count > 0, an obs[i] NULL, or the buffers cannot be allocated.
 *    That rank's message names the problem; the others' name that rank. The
 *    status is the lowest such rank's.
 *  - QRANGE_ERROR_INVALID_ARGUMENT: count differs between ranks; obs[i] has
 *    different bins on different ranks; together the ranks count more than
 *    2^64 - 1 finite, NaN, +Inf or -Inf values of one observer; comm is
 *    MPI_COMM_NULL or an intercommunicator, or MPI is not initialized or
 *    already finalized (these last are found without communicating, and are
 *    the same on every rank only when every rank passes the same).
 *  - QRANGE_ERROR_COMMUNICATION: an MPI call returned an error, which it
 *    does only under an error handler that returns (MPI_ERRORS_RETURN; the
 *    default one aborts the job); the message holds MPI's. Whether the other
 *    ranks see it too is up to the MPI implementation.
 * No observer changes on error. */
QRANGE_MPI_API qrange_status qrange_observer_allreduce_many(qrange_observer *const *obs, size_t count,
                                                            MPI_Comm comm);

#ifdef __cplusplus
}
#endif

#endif /* QRANGE_MPI_H */
