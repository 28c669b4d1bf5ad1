// qrange::mpi::allreduce from C++, under mpirun (any number of ranks): two
// observers of different bins, every rank observing its share of each, are
// all-reduced in one call and must then hold the states of one observer over
// all the values, byte for byte. Exits non-zero otherwise, or on a
// qrange::error.
#include <qrange/mpi.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

namespace {

// Values whose range differs between the shares; a few NaN, one outlier.
std::vector<float> values(std::size_t n, float scale) {
  std::vector<float> x(n);
  for (std::size_t i = 0; i < n; ++i)
    x[i] = scale * std::sin(0.001f * static_cast<float>(i)) * static_cast<float>(1 + i / 10000);
  for (std::size_t i = 7; i < n; i += 4099) x[i] = std::numeric_limits<float>::quiet_NaN();
  x[n / 3] = 1.0e4f * scale;
  return x;
}

bool check(int rank, int ranks) {
  const std::vector<float> data[2] = {values(100003, 1.0f), values(50021, 0.25f)};
  std::vector<qrange::observer> mine, all;
  for (std::size_t k = 0; k < 2; ++k) {
    const std::size_t bins = k == 0 ? 2048 : 256, n = data[k].size();
    const std::size_t begin = n * static_cast<std::size_t>(rank) / static_cast<std::size_t>(ranks);
    const std::size_t end = n * static_cast<std::size_t>(rank + 1) / static_cast<std::size_t>(ranks);
    mine.emplace_back(bins);
    mine.back().update(data[k].data() + begin, end - begin);
    all.emplace_back(bins);
    all.back().update(data[k]);
  }
  qrange::mpi::allreduce(mine, MPI_COMM_WORLD);
  for (std::size_t k = 0; k < 2; ++k) {
    if (mine[k].serialize() != all[k].serialize()) {
      std::fprintf(stderr, "rank %d: observer %zu is not the state of all its values\n", rank, k);
      return false;
    }
    const qrange::observer_stats st = mine[k].stats();
    std::printf("rank %d of %d, observer %zu: %llu finite values, range [%g, %g], as one observer over all\n", rank,
                ranks, k, static_cast<unsigned long long>(st.finite), st.range.min, st.range.max);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  bool ok = false;
  try {
    ok = check(rank, ranks);
  } catch (const qrange::error& e) {
    std::fprintf(stderr, "rank %d: qrange: %s\n", rank, e.what());
  }
  MPI_Finalize();
  return ok ? 0 : 1;
}
