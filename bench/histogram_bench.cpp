#include <qrange/qrange.h>

#include <algorithm>
#include <vector>

#include "bench/suite.hpp"
#include "src/percentile.hpp"

namespace qrange::bench {
namespace {

void register_histogram(const Config& c) {
  for (std::size_t n : c.sizes) {
    for (int t : c.thread_counts) {
      std::vector<std::string> variants = c.isas;
      variants.emplace_back("auto");
      for (const std::string& isa : variants) {
        // The pass percentile_range makes: over [min, max] of the input.
        benchmark::RegisterBenchmark(name("histogram", isa, n, t).c_str(), [n, t, isa](benchmark::State& s) {
          const float* x = input(n).data();
          qrange_range r{};
          if (qrange_set_isa(isa.c_str()) != QRANGE_OK || qrange_set_num_threads(t) != QRANGE_OK ||
              qrange_minmax_f32(x, n, &r, nullptr) != QRANGE_OK)
            return s.SkipWithError(qrange_last_error());
          std::vector<std::uint64_t> counts(kHistogramBins);
          run_pass(
              s, n, t, sizeof(float), Reference::read,
              [&] {
                qrange_histogram_f32(x, n, r, kHistogramBins, counts.data(), nullptr, nullptr);
                benchmark::DoNotOptimize(counts.data());
              },
              Reference::increment);
        })->UseRealTime();
      }
      // The API's path (the tails, for this input) and the full histogram's.
      for (int exact = 0; exact < 2; ++exact) {
        for (bool tails : {true, false}) {
          const std::string variant = std::string(exact ? "exact" : "approximate") + (tails ? "" : "_histogram");
          benchmark::RegisterBenchmark(name("percentile_range", variant, n, t).c_str(),
                                       [n, t, exact, tails](benchmark::State& s) {
                                         const float* x = input(n).data();
                                         if (qrange_set_isa("auto") != QRANGE_OK ||
                                             qrange_set_num_threads(t) != QRANGE_OK)
                                           return s.SkipWithError(qrange_last_error());
                                         run_pass(s, n, t, sizeof(float), Reference::read, [&] {
                                           qrange_range r{};
                                           detail::percentile_range<kernels::F32>("bench", nullptr, x, n, kPercentile,
                                                                                  kHistogramBins, exact == 1, tails,
                                                                                  &r, nullptr);
                                           benchmark::DoNotOptimize(r);
                                         });
                                       })
              ->UseRealTime();
        }
      }
    }
    // What an exact percentile costs without a histogram: a copy and two
    // selections (numpy's partition does the same).
    benchmark::RegisterBenchmark(name("percentile_range", "std_nth_element", n, 1).c_str(), [n](benchmark::State& s) {
      const auto& x = input(n);
      std::vector<float> work(n);
      run_pass(s, n, 1, sizeof(float), Reference::read, [&] {
        std::copy(x.begin(), x.end(), work.begin());
        const double last = static_cast<double>(n - 1);
        const auto lo = static_cast<std::size_t>(last * ((100.0 - kPercentile) / 100.0));
        const auto hi = static_cast<std::size_t>(last * (kPercentile / 100.0));
        std::nth_element(work.begin(), work.begin() + lo, work.end());
        std::nth_element(work.begin() + lo, work.begin() + hi, work.end());
        benchmark::DoNotOptimize(work.data());
      });
    })->UseRealTime();
  }
}

const Registrar kHistogram(&register_histogram);

}  // namespace
}  // namespace qrange::bench
