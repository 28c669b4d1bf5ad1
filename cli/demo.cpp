// `qrange demo`: the user's notebook. Uniform values plus one outlier, and
// what a min-max range costs against a percentile range, and what the
// parameters of least error over all the values, the mse method's, make of
// the outlier.
#include <qrange/qrange.hpp>

#include <omp.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "analysis.hpp"
#include "atomic_output.hpp"
#include "commands.hpp"
#include "plot.hpp"
#include "progress.hpp"

namespace qrange::cli {

namespace {

constexpr float kLow = -50.0f, kHigh = 150.0f, kOutlier = 1000.0f;

// The values at the ends of the data: its first and last three.
std::vector<float> ends(const std::vector<float>& x) {
  if (x.size() <= 6) return x;
  return {x[0], x[1], x[2], x[x.size() - 3], x[x.size() - 2], x[x.size() - 1]};
}

// One row of ends(), with "..." where the middle of the data is left out.
template <class T>
void print_ends(const char* label, const std::vector<T>& v, bool gap, const char* fmt) {
  std::printf("    %-12s", label);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i == 3 && gap) std::printf("  ...");
    std::printf(fmt, static_cast<double>(v[i]));
  }
  std::printf("\n");
}

}  // namespace

int run_demo(const DemoOptions& o) {
  if (!o.plot.svg.empty()) check_can_write(o.plot.svg, o.force);
  qrange::set_num_threads(o.threads);
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<float> uniform(kLow, kHigh);
  std::vector<float> x(o.n);
  for (float& v : x) v = uniform(rng);
  x.push_back(kOutlier);  // last, so that x[0..n) is the data without it
  const Values all{DType::f32, x.data(), x.size()}, without_outlier{DType::f32, x.data(), o.n};

  const auto start = std::chrono::steady_clock::now();
  Progress progress("qrange demo", kAnalysisPasses * x.size() * sizeof(float));
  const Analysis a = analyse(all, o.quant, progress);
  const Grid g = grid_of(o.quant);
  const std::vector<float> shown = ends(x);
  const bool gap = x.size() > shown.size();
  struct Row {
    std::string label;
    MethodResult m;
    double mse_without_outlier;
  };
  std::vector<Row> rows;
  for (const auto& [m, r] : {std::pair{qrange::method::minmax, a.by_minmax},
                             std::pair{qrange::method::percentile, a.by_percentile},
                             std::pair{qrange::method::mse, a.by_mse}})
    rows.push_back({method_label(m, o.quant), r, quantization_mse(without_outlier, r.params)});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::printf("qrange demo: %zu values uniform in [%g, %g] (seed %llu) plus one outlier %g\n", o.n,
              static_cast<double>(kLow), static_cast<double>(kHigh), static_cast<unsigned long long>(o.seed),
              static_cast<double>(kOutlier));
  std::printf("%d bits, %s, integers in [%d, %d]\n\n", o.quant.bits, o.quant.scheme.c_str(), g.qmin, g.qmax);
  for (const Row& r : rows) {
    std::printf("%s\n", r.label.c_str());
    std::printf("    range       [%g, %g]\n", static_cast<double>(r.m.range.min), static_cast<double>(r.m.range.max));
    std::printf("    scale       %.9g\n", static_cast<double>(r.m.params.scale));
    std::printf("    zero point  %d\n", r.m.params.zero_point);
    const std::vector<unsigned char> q = quantize({DType::f32, shown.data(), shown.size()}, r.m.params, g);
    print_ends("values", shown, gap, " %10.4f");
    print_ends("quantized", integers_of(q, g), gap, " %10.0f");
    print_ends("dequantized", dequantize(q, r.m.params, g), gap, " %10.4f");
    std::printf("    MSE         %.6g (without the outlier; scale^2/12 = %.6g)\n", r.mse_without_outlier,
                static_cast<double>(r.m.params.scale) * r.m.params.scale / 12.0);
    std::printf("    all values  %.6g (the outlier included)\n\n", r.m.mse);
  }
  const Row& mm = rows[0];
  const Row& pc = rows[1];
  const Row& ms = rows[2];
  if (pc.mse_without_outlier < mm.mse_without_outlier)
    std::printf("conclusion: the %s range clips the outlier to %g and cuts the error on the other values %.0fx "
                "(MSE %.3g instead of %.3g)\n",
                pc.label.c_str(), static_cast<double>(pc.m.range.max),
                mm.mse_without_outlier / pc.mse_without_outlier, pc.mse_without_outlier, mm.mse_without_outlier);
  else
    std::printf("conclusion: here the %s range gains nothing over min-max (MSE %.3g vs %.3g)\n", pc.label.c_str(),
                pc.mse_without_outlier, mm.mse_without_outlier);
  // One outlier in n + 1 values weighs little in their MSE, but clipping it
  // costs its squared distance: the search clips it only as far as that pays.
  char outlier[64] = "keep the outlier";
  if (ms.m.range.max < kOutlier)
    std::snprintf(outlier, sizeof outlier, "clip the outlier to %g", static_cast<double>(ms.m.range.max));
  std::printf("the mse parameters, searched for the least error over all the values, %s (MSE %.3g over all; "
              "min-max %.3g, %s %.3g)\n",
              outlier, ms.m.mse, mm.m.mse, pc.label.c_str(), pc.m.mse);
  std::printf("ISA %s, up to %d threads, %.3f ms\n", qrange_active_isa(),
              o.threads > 0 ? o.threads : omp_get_max_threads(), seconds * 1e3);

  if (o.plot.terminal || !o.plot.svg.empty()) {
    const Histogram h = histogram_of(all, a, "demo data", percentile_label(o.quant.percentile), 64);
    if (o.plot.terminal) std::printf("\n%s", terminal_plot(h).c_str());
    if (!o.plot.svg.empty()) write_svg(o.plot.svg, {h}, o.force);
  }
  return 0;
}

}  // namespace qrange::cli
