// How close the MSE calibration comes to the best range, as a table for
// docs/calibration.md ("Accuracy"), and a test of the bounds the page
// states: on a tensor within 2% of the dense exact search, on a state (the
// model alone decides) within 5%, for every family at 2, 4 and 8 bits and
// both schemes; and on blocks of 32 values, the mean within 1% of a dense
// exact search.
//   calibration_accuracy [--markdown]
#include <qrange/qrange.hpp>

#include <cstdio>
#include <cstring>
#include <string>

#include "calibration_data.hpp"
#include "src/calibration.hpp"
#include "src/observer.hpp"

using namespace qrange::test;

int main(int argc, char** argv) {
  const bool markdown = argc > 1 && std::strcmp(argv[1], "--markdown") == 0;
  constexpr double kTensorBound = 1.02, kStateBound = 1.05;
  int failures = 0;
  double worst_tensor = 0.0, worst_state = 0.0, worst_model = 0.0;
  if (markdown)
    std::printf("| data | bits | scheme | min-max / best | tensor / best | state / best | state's model / exact |\n"
                "|---|---|---|---|---|---|---|\n");
  for (const std::string& family : calibration_families())
    for (int bits : {2, 4, 8})
      for (qrange_scheme s : {QRANGE_ASYMMETRIC, QRANGE_SYMMETRIC}) {
        const std::vector<float> x = calibration_data(family, 16384, 1);
        const qrange_calibration c = calibration(QRANGE_METHOD_MSE, bits, s);
        const double best = dense_search(x, c);
        qrange_calibration m = c;
        m.method = QRANGE_METHOD_MINMAX;
        const double minmax = qrange::calibrate(x, m).mse;
        const double tensor = qrange::calibrate(x, c).mse;
        qrange::observer o;
        o.update(x);
        const qrange_params p = o.calibrate(c);
        const double state = exact_mse(x, p);
        const qrange::detail::SearchHistogram h = qrange::detail::search_histogram(*o.get(), qrange::detail::kSearchBins);
        const double model = qrange::detail::ErrorModel(h).error(p) * h.width * h.width / static_cast<double>(x.size());
        const char* scheme = s == QRANGE_SYMMETRIC ? "symmetric" : "asymmetric";
        worst_tensor = std::max(worst_tensor, tensor / best);
        worst_state = std::max(worst_state, state / best);
        worst_model = std::max(worst_model, std::fabs(model / state - 1.0));
        if (markdown)
          std::printf("| %s | %d | %s | %.3f | %.4f | %.4f | %.4f |\n", family.c_str(), bits, scheme, minmax / best,
                      tensor / best, state / best, model / state);
        if (tensor > kTensorBound * best || tensor > minmax || state > kStateBound * best) {
          std::fprintf(stderr, "FAILED %s, %d bits, %s: tensor %.4f, state %.4f of the best, min-max %.4f\n",
                       family.c_str(), bits, scheme, tensor / best, state / best, minmax / best);
          ++failures;
        }
      }
  std::printf("worst: tensor %.4f of the best (bound %.2f), state %.4f (bound %.2f), model off by %.2f%%\n",
              worst_tensor, kTensorBound, worst_state, kStateBound, 100.0 * worst_model);

  // Blocks of 32 values (the direct search, src/mse_direct.cpp) against the
  // dense search over 257 evenly spaced ends: the mean over 40 blocks within
  // 1%, and no block above min-max.
  constexpr double kBlockBound = 1.01;
  constexpr int kBlocks = 40;
  if (markdown)
    std::printf("\n| data | bits | scheme | min-max / best | search / best, mean | worst |\n|---|---|---|---|---|---|\n");
  double worst_mean = 0.0;
  for (const std::string& family : calibration_families())
    for (int bits : {4, 8})
      for (qrange_scheme s : {QRANGE_ASYMMETRIC, QRANGE_SYMMETRIC}) {
        const qrange_calibration c = calibration(QRANGE_METHOD_MSE, bits, s);
        qrange_calibration m = c;
        m.method = QRANGE_METHOD_MINMAX;
        double ratio = 0.0, worst = 0.0, minmax = 0.0;
        for (int b = 0; b < kBlocks; ++b) {
          const std::vector<float> x = calibration_data(family, 32, 100 + static_cast<std::uint64_t>(b));
          const double best = dense_block_search(x, c), got = qrange::calibrate(x, c).mse;
          const double mm = qrange::calibrate(x, m).mse;
          if (got > mm) {
            std::fprintf(stderr, "FAILED %s, %d bits, block %d: above min-max\n", family.c_str(), bits, b);
            ++failures;
          }
          // Equal errors count as 1 (a block of zeros has none).
          ratio += best > 0.0 ? got / best : 1.0;
          worst = std::max(worst, best > 0.0 ? got / best : 1.0);
          minmax += best > 0.0 ? mm / best : 1.0;
        }
        ratio /= kBlocks;
        minmax /= kBlocks;
        worst_mean = std::max(worst_mean, ratio);
        const char* scheme = s == QRANGE_SYMMETRIC ? "symmetric" : "asymmetric";
        if (markdown)
          std::printf("| %s | %d | %s | %.3f | %.4f | %.4f |\n", family.c_str(), bits, scheme, minmax, ratio, worst);
        if (ratio > kBlockBound) {
          std::fprintf(stderr, "FAILED blocks of 32, %s, %d bits, %s: %.4f of the best\n", family.c_str(), bits,
                       scheme, ratio);
          ++failures;
        }
      }
  std::printf("blocks of 32: worst mean %.4f of the best (bound %.2f)\n", worst_mean, kBlockBound);
  return failures ? 1 : 0;
}
