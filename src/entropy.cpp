// TensorRT's entropy calibration (docs/calibration.md, "Entropy"): the
// threshold of least KL divergence between a histogram of |x| and its
// quantization.
#include <algorithm>
#include <cmath>
#include <limits>

#include "calibration.hpp"

namespace qrange::detail {
namespace {

double xlogx(double v) { return v > 0.0 ? v * std::log(v) : 0.0; }

}  // namespace

std::uint32_t entropy_levels(std::int32_t qmin, std::int32_t qmax) {
  return static_cast<std::uint32_t>(std::max<std::int64_t>(1, (std::int64_t{qmax} - qmin + 1) / 2));
}

// With P the kept bins (outliers in the last) and Q each level's count spread
// over its nonzero bins, both over the total N:
//   KL = sum P log P - sum P log Q
//      = (sum h log h) / N - log N - sum_levels (T + out) / N * log(T / (z * S)),
// with T a level's count, z its nonzero bins and S the kept count (the
// outliers count only in the last level): O(levels) per threshold from prefix
// sums, where the direct sum costs O(bins).
std::size_t entropy_bins(const std::vector<double>& h, std::uint32_t levels) {
  const std::size_t bins = h.size();
  if (bins <= levels) return bins;  // the grid is finer than the histogram: no clipping
  std::vector<double> sum(bins + 1, 0.0), nonzero(bins + 1, 0.0), hlogh(bins + 1, 0.0);
  for (std::size_t k = 0; k < bins; ++k) {
    sum[k + 1] = sum[k] + h[k];
    nonzero[k + 1] = nonzero[k] + (h[k] > 0.0 ? 1.0 : 0.0);
    hlogh[k + 1] = hlogh[k] + xlogx(h[k]);
  }
  const double n = sum[bins], log_n = std::log(n);
  std::size_t best = bins;
  double best_kl = std::numeric_limits<double>::infinity();
  for (std::size_t i = levels; i <= bins; ++i) {
    const double out = n - sum[i];
    if (out > 0.0 && h[i - 1] == 0.0) continue;  // P > 0 where Q = 0: infinite divergence
    const double kept = sum[i];
    const double p_log_p = (hlogh[i - 1] + xlogx(h[i - 1] + out)) / n - log_n;
    const std::size_t per = i / levels;
    double p_log_q = 0.0;
    for (std::size_t l = 0; l < levels; ++l) {
      const std::size_t a = l * per, b = l + 1 == levels ? i : a + per;
      const double t = sum[b] - sum[a];
      if (t > 0.0) p_log_q += (t + (l + 1 == levels ? out : 0.0)) / n * std::log(t / ((nonzero[b] - nonzero[a]) * kept));
    }
    const double kl = p_log_p - p_log_q;
    if (kl < best_kl) {
      best_kl = kl;
      best = i;
    }
  }
  return best;
}

double entropy_threshold(const SearchHistogram& h, std::uint32_t levels) {
  // |x| on bins of the state's width from 0 (an edge of the aligned grid),
  // merged by twos until at most kSearchBins remain.
  const auto g = static_cast<std::int64_t>(h.counts.size());
  const std::int64_t z = -h.first;
  const auto folded = [z](std::int64_t b) { return b >= z ? b - z : z - 1 - b; };
  const std::int64_t top = std::max(folded(0), folded(g - 1));
  int m = 0;
  while ((top >> m) + 1 > static_cast<std::int64_t>(kSearchBins)) ++m;
  std::vector<double> abs_counts(static_cast<std::size_t>((top >> m) + 1), 0.0);
  for (std::int64_t b = 0; b < g; ++b) abs_counts[static_cast<std::size_t>(folded(b) >> m)] += h.counts[static_cast<std::size_t>(b)];
  const std::size_t i = entropy_bins(abs_counts, levels);
  const double amax = std::max(std::fabs(static_cast<double>(h.min)), std::fabs(static_cast<double>(h.max)));
  return std::min(std::ldexp(static_cast<double>(i), m) * h.width, amax);
}

}  // namespace qrange::detail
