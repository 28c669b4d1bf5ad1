#include <qrange/qrange.h>

#include <algorithm>

#include "bench/suite.hpp"
#include "examples/thread_pool.hpp"

namespace qrange::bench {
namespace {

void register_minmax(const Config& c) {
  for (std::size_t n : c.sizes) {
    for (int t : c.thread_counts) {
      std::vector<std::string> variants = c.isas;
      variants.emplace_back("auto");
      for (const std::string& isa : variants) {
        benchmark::RegisterBenchmark(name("minmax", isa, n, t).c_str(), [n, t, isa](benchmark::State& s) {
          const float* x = input(n).data();
          if (qrange_set_isa(isa.c_str()) != QRANGE_OK || qrange_set_num_threads(t) != QRANGE_OK)
            return s.SkipWithError(qrange_last_error());
          run_pass(s, n, t, sizeof(float), Reference::read, [&] {
            qrange_range r;
            qrange_minmax_f32(x, n, &r, nullptr);
            benchmark::DoNotOptimize(r);
          });
        })->UseRealTime();
      }
      // The best ISA with its tasks on a caller's pool instead of OpenMP.
      benchmark::RegisterBenchmark(name("minmax", "pool", n, t).c_str(), [n, t](benchmark::State& s) {
        const float* x = input(n).data();
        if (qrange_set_isa("auto") != QRANGE_OK) return s.SkipWithError(qrange_last_error());
        qrange_example::ThreadPool pool(t);
        const qrange_context ctx = pool.context();
        run_pass(s, n, t, sizeof(float), Reference::read, [&] {
          qrange_range r;
          qrange_minmax_f32_ex(&ctx, x, n, &r, nullptr);
          benchmark::DoNotOptimize(r);
        });
      })->UseRealTime();
    }
    benchmark::RegisterBenchmark(name("minmax", "std_minmax_element", n, 1).c_str(), [n](benchmark::State& s) {
      const auto& x = input(n);
      run_pass(s, n, 1, sizeof(float), Reference::read, [&] {
        auto r = std::minmax_element(x.begin(), x.end());
        benchmark::DoNotOptimize(r);
      });
    })->UseRealTime();
  }
}

const Registrar kMinMax(&register_minmax);

}  // namespace
}  // namespace qrange::bench
