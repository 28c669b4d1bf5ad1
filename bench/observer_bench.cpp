// Observers: one update over the input (a fresh state and one that has seen
// it already), against the increment floor like the histogram; merge and
// serialize of 2048-bin states.
#include <qrange/qrange.h>

#include <vector>

#include "bench/suite.hpp"

namespace qrange::bench {
namespace {

struct Observer {
  qrange_observer* o = nullptr;
  Observer() { qrange_observer_create(kHistogramBins, &o); }
  ~Observer() { qrange_observer_destroy(o); }
};

// Updates a with the first n values of the input and returns its bytes.
std::vector<unsigned char> serialized(const Observer& a, std::size_t n) {
  qrange_observer_update_f32(nullptr, a.o, input(n).data(), n);
  std::size_t size = 0;
  qrange_observer_serialize(a.o, nullptr, 0, &size);
  std::vector<unsigned char> buf(size);
  qrange_observer_serialize(a.o, buf.data(), buf.size(), &size);
  return buf;
}

void register_observer(const Config& c) {
  for (std::size_t n : c.sizes) {
    for (int t : c.thread_counts) {
      std::vector<std::string> variants = c.isas;
      variants.emplace_back("auto");
      for (const std::string& isa : variants) {
        for (bool fresh : {true, false}) {
          const std::string variant = isa + (fresh ? "" : "_seen");
          benchmark::RegisterBenchmark(name("observer_update", variant, n, t).c_str(),
                                       [n, t, isa, fresh](benchmark::State& s) {
            const float* x = input(n).data();
            Observer obs;
            qrange_context ctx = QRANGE_CONTEXT_INIT;
            ctx.num_threads = t;
            ctx.isa = isa == "auto" ? nullptr : isa.c_str();
            if (obs.o == nullptr || qrange_observer_update_f32(&ctx, obs.o, x, n) != QRANGE_OK)
              return s.SkipWithError(qrange_last_error());
            run_pass(
                s, n, t, sizeof(float), Reference::read,
                [&] {
                  if (fresh) qrange_observer_reset(obs.o);
                  qrange_observer_update_f32(&ctx, obs.o, x, n);
                },
                Reference::increment);
          })->UseRealTime();
        }
      }
    }
  }
  // Two states of 2048 bins over different ranges, as two batches give.
  const std::size_t n = 1 << 16;
  benchmark::RegisterBenchmark("observer_merge/2048_bins", [n](benchmark::State& s) {
    const std::vector<float>& x = input(2 * n);
    Observer a, b, dst;
    qrange_observer_update_f32(nullptr, a.o, x.data(), n);
    qrange_observer_update_f32(nullptr, b.o, x.data() + n, n);
    for (auto _ : s) {
      qrange_observer_reset(dst.o);
      qrange_observer_merge(dst.o, a.o);
      qrange_observer_merge(dst.o, b.o);
      benchmark::DoNotOptimize(dst.o);
    }
    s.counters["merges_per_iteration"] = 2;
  });
  benchmark::RegisterBenchmark("observer_serialize/2048_bins", [n](benchmark::State& s) {
    Observer a;
    std::vector<unsigned char> buf = serialized(a, n);
    std::size_t size = 0;
    for (auto _ : s) {
      qrange_observer_serialize(a.o, buf.data(), buf.size(), &size);
      benchmark::DoNotOptimize(buf.data());
    }
    s.counters["bytes"] = static_cast<double>(size);
  });
  benchmark::RegisterBenchmark("observer_deserialize/2048_bins", [n](benchmark::State& s) {
    Observer a;
    const std::vector<unsigned char> buf = serialized(a, n);
    for (auto _ : s) {
      qrange_observer* o = nullptr;
      qrange_observer_deserialize(buf.data(), buf.size(), &o);
      qrange_observer_destroy(o);
    }
  });
}

const Registrar kObserver(&register_observer);

}  // namespace
}  // namespace qrange::bench
