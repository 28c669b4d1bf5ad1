// Calibration: qrange_calibrate_f32 by method over the input, with
// percentile_ratio against the approximate percentile range (the MSE
// method's target: at most 3 times its time at 1M, percentile_ratio >= 1/3);
// and the searches alone, qrange_observer_calibrate on 2048-bin states of 1M
// values (target: under 1 ms for any bits).
#include <qrange/qrange.hpp>

#include <cstdint>
#include <map>
#include <string>

#include "bench/suite.hpp"
#include "tests/calibration_data.hpp"

namespace qrange::bench {
namespace {

// A kHistogramBins state of 1M values of a calibration family, made on first
// use and kept: the search rows time the search, not the updates.
const qrange::observer& state(const std::string& family) {
  static std::map<std::string, qrange::observer> states;
  auto it = states.find(family);
  if (it == states.end()) {
    it = states.emplace(family, qrange::observer(kHistogramBins)).first;
    it->second.update(test::calibration_data(family, std::size_t{1} << 20, 1));
  }
  return it->second;
}

void register_calibrate(const Config& c) {
  for (method m : {method::minmax, method::percentile, method::mse, method::entropy}) {
    for (std::size_t n : c.sizes) {
      for (int t : c.thread_counts) {
        benchmark::RegisterBenchmark(name("calibrate", to_string(m), n, t).c_str(), [m, n, t](benchmark::State& s) {
          const float* x = input(n).data();
          const qrange_context ctx = make_context(t, "auto");
          const qrange_calibration cal = make_calibration(m);  // 8-bit asymmetric
          qrange_params p{};
          if (qrange_calibrate_f32(&ctx, x, n, &cal, &p, nullptr) != QRANGE_OK)
            return s.SkipWithError(qrange_last_error());
          run_pass(
              s, n, t, sizeof(float), Reference::read,
              [&] {
                qrange_calibrate_f32(&ctx, x, n, &cal, &p, nullptr);
                benchmark::DoNotOptimize(p);
              },
              Reference::percentile_range);
        })->UseRealTime();
      }
    }
  }
  // The grids of 2, 4, 8 and 16 bits, and the symmetric int8 one.
  const struct {
    int bits;
    qrange_scheme scheme;
    std::int32_t qmin, qmax;
  } grids[] = {{2, QRANGE_ASYMMETRIC, 0, 3},
               {4, QRANGE_ASYMMETRIC, 0, 15},
               {8, QRANGE_ASYMMETRIC, 0, 255},
               {16, QRANGE_ASYMMETRIC, 0, 65535},
               {8, QRANGE_SYMMETRIC, -128, 127}};
  for (method m : {method::mse, method::entropy}) {
    for (const auto& g : grids) {
      for (const char* family : {"normal", "student_t3"}) {
        const std::string row = std::string("calibrate_search/") + to_string(m) + "/bits:" + std::to_string(g.bits) +
                                (g.scheme == QRANGE_SYMMETRIC ? "/symmetric/" : "/asymmetric/") + family;
        benchmark::RegisterBenchmark(row.c_str(), [m, g, family](benchmark::State& s) {
          const qrange_observer* obs = state(family).get();
          const qrange_calibration cal = make_calibration(m, g.qmin, g.qmax, g.scheme);
          qrange_params p{};
          if (qrange_observer_calibrate(obs, &cal, &p) != QRANGE_OK) return s.SkipWithError(qrange_last_error());
          for (auto _ : s) {
            qrange_observer_calibrate(obs, &cal, &p);
            benchmark::DoNotOptimize(p);
          }
        });
      }
    }
  }
}

const Registrar kCalibrate(&register_calibrate);

}  // namespace
}  // namespace qrange::bench
