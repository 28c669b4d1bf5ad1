// qrange::mpi, C++: the all-reduce of qrange/mpi.h on qrange::observer,
// throwing qrange::error as the rest of the C++ API does (the same status
// on every rank).
#pragma once

#include <qrange/mpi.h>
#include <qrange/qrange.hpp>

#include <cstddef>
#include <vector>

namespace qrange::mpi {

// obs becomes the state of every rank's values (collective over comm).
inline void allreduce(observer& obs, MPI_Comm comm) { detail::check(qrange_observer_allreduce(obs.get(), comm)); }

// obs[0..count) at once, in one collective round; a moved-from observer is
// refused (on every rank).
inline void allreduce(observer* obs, std::size_t count, MPI_Comm comm) {
  std::vector<qrange_observer*> handles(count);
  for (std::size_t i = 0; i < count; ++i) handles[i] = obs[i].get();
  detail::check(qrange_observer_allreduce_many(handles.data(), count, comm));
}
inline void allreduce(std::vector<observer>& obs, MPI_Comm comm) { allreduce(obs.data(), obs.size(), comm); }

}  // namespace qrange::mpi
