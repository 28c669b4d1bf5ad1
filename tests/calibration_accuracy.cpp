// How close the MSE calibration comes to the best range, as a table for
// docs/calibration.md ("Accuracy"), and a test of the bounds the page
// states: on a tensor within 2% of the dense exact search, on a state (the
// model alone decides) within 5%, for every family at 2, 4 and 8 bits and
// both schemes.
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
  return failures ? 1 : 0;
}
