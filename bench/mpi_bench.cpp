// qrange::mpi benchmark, run under mpirun (docs/performance.md, "MPI
// all-reduce"): one round of qrange_observer_allreduce_many over N observers
// of B bins, against a bare MPI_Allreduce (SUM, uint64) of the same bytes as
// its counts, 8 N (B + 3), in the same run, alternating with it so that both
// see the same machine.
//
// Google Benchmark picks iteration counts per process, and the ranks must
// agree on every collective call: the iterations are fixed, and each is
// timed as the slowest rank's (MPI_Wtime, max over ranks). Rank 0 reports.
//   --smoke          10 observers, 3 iterations (CI: it runs, nothing more)
//   --observers=N    instead of 1000
//   --bins=B         instead of 2048
//   --iterations=I   instead of 30
#include <benchmark/benchmark.h>
#include <qrange/mpi.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace {

struct Setup {
  std::size_t observers = 1000;
  std::size_t bins = 2048;
  int iterations = 30;
};

int rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}
int ranks() {
  int s = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &s);
  return s;
}

// The slowest rank's time of f, every rank entering it together.
template <class F>
double timed(F&& f) {
  MPI_Barrier(MPI_COMM_WORLD);
  const double t0 = MPI_Wtime();
  f();
  double t = MPI_Wtime() - t0;
  MPI_Allreduce(MPI_IN_PLACE, &t, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return t;
}

// Each rank's observers as serialized states: a calibration batch of 4096
// values per tensor, the ranks' ranges different so that the reduced grid is
// a regrid of each (as after real batches). A round starts from these again,
// or the counts would multiply by the rank count every round.
std::vector<std::vector<std::uint8_t>> rank_states(const Setup& s) {
  std::mt19937 gen(1234u + static_cast<unsigned>(rank()));
  std::vector<std::vector<std::uint8_t>> states;
  std::vector<float> x(4096);
  for (std::size_t i = 0; i < s.observers; ++i) {
    std::normal_distribution<float> normal(0.0f, 1.0f + 0.1f * static_cast<float>(rank()));
    for (float& v : x) v = normal(gen);
    qrange_observer* o = nullptr;
    qrange_observer_create(s.bins, &o);
    qrange_observer_update_f32(nullptr, o, x.data(), x.size());
    std::size_t size = 0;
    qrange_observer_serialize(o, nullptr, 0, &size);
    states.emplace_back(size);
    qrange_observer_serialize(o, states.back().data(), size, &size);
    qrange_observer_destroy(o);
  }
  return states;
}

void allreduce_many(benchmark::State& state, const Setup& s) {
  const auto states = rank_states(s);
  std::vector<qrange_observer*> obs(s.observers, nullptr);
  // The reference's buffer twice: a plain vector, as a caller would write,
  // and on 2 MiB pages, as the library packs its counts (allreduce.cpp).
  const std::size_t words = s.observers * (s.bins + QRANGE_OBSERVER_COUNT_SLOTS);
  std::vector<std::uint64_t> bare(words, 1);
  const std::size_t huge_bytes = (words * sizeof(std::uint64_t) + (2u << 20) - 1) / (2u << 20) * (2u << 20);
  std::unique_ptr<std::uint64_t, decltype(&std::free)> huge(
      static_cast<std::uint64_t*>(std::aligned_alloc(2u << 20, huge_bytes)), &std::free);
  madvise(huge.get(), huge_bytes, MADV_HUGEPAGE);
  std::fill(huge.get(), huge.get() + words, 1);
  double ours = 0.0, reference = 0.0, reference_huge = 0.0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < s.observers; ++i) {
      qrange_observer_destroy(obs[i]);
      qrange_observer_deserialize(states[i].data(), states[i].size(), &obs[i]);
    }
    const double t = timed([&] {
      if (qrange_observer_allreduce_many(obs.data(), obs.size(), MPI_COMM_WORLD) != QRANGE_OK)
        state.SkipWithError(qrange_last_error());
    });
    state.SetIterationTime(t);
    ours += t;
    reference += timed([&] {
      MPI_Allreduce(MPI_IN_PLACE, bare.data(), static_cast<int>(words), MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    });
    reference_huge += timed([&] {
      MPI_Allreduce(MPI_IN_PLACE, huge.get(), static_cast<int>(words), MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    });
  }
  for (qrange_observer* o : obs) qrange_observer_destroy(o);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * words * sizeof(std::uint64_t)));
  state.counters["ranks"] = ranks();
  state.counters["reference_s"] = reference / static_cast<double>(state.iterations());
  state.counters["vs_reference"] = ours / reference;
  state.counters["reference_2m_s"] = reference_huge / static_cast<double>(state.iterations());
  state.counters["vs_reference_2m"] = ours / reference_huge;
}

// Rank 0 reports; the others run the same benchmarks silently.
class Silent : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>&) override {}
};

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  Setup s;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--smoke") == 0)
      s = Setup{10, 2048, 3};
    else if (std::strncmp(argv[i], "--observers=", 12) == 0)
      s.observers = std::strtoull(argv[i] + 12, nullptr, 10);
    else if (std::strncmp(argv[i], "--bins=", 7) == 0)
      s.bins = std::strtoull(argv[i] + 7, nullptr, 10);
    else if (std::strncmp(argv[i], "--iterations=", 13) == 0)
      s.iterations = std::atoi(argv[i] + 13);
    else if (rank() == 0 || std::strncmp(argv[i], "--benchmark_out", 15) != 0)  // rank 0 writes the file
      args.push_back(argv[i]);
  }
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  const std::string name = "mpi_allreduce_many/observers:" + std::to_string(s.observers) +
                           "/bins:" + std::to_string(s.bins) + "/ranks:" + std::to_string(ranks());
  benchmark::RegisterBenchmark(name.c_str(), [s](benchmark::State& st) { allreduce_many(st, s); })
      ->Iterations(s.iterations)
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond);
  if (rank() == 0) {
    benchmark::RunSpecifiedBenchmarks();
  } else {
    Silent silent;
    benchmark::RunSpecifiedBenchmarks(&silent);
  }
  benchmark::Shutdown();
  MPI_Finalize();
  return 0;
}
