#include "search_histogram.hpp"

#include <algorithm>
#include <cmath>

#include "observer.hpp"

namespace qrange::detail {

SearchHistogram search_histogram(const qrange_observer& o, std::uint32_t max_bins) {
  // Merging by 2^m keeps the grid aligned: the new bins are the old ones'
  // floor-divided indices, and the first goes from first to floor(first / 2^m).
  int m = 0;
  while (((o.grid.first + o.grid.used - 1) >> m) - (o.grid.first >> m) + 1 > max_bins) ++m;
  SearchHistogram h;
  h.first = o.grid.first >> m;
  h.width = std::ldexp(1.0, o.grid.exponent + m);
  const std::int64_t last = (o.grid.first + o.grid.used - 1) >> m;
  h.counts.assign(static_cast<std::size_t>(last - h.first + 1), 0.0);
  for (std::uint32_t b = 0; b < o.grid.used; ++b)
    h.counts[static_cast<std::size_t>(((o.grid.first + b) >> m) - h.first)] += static_cast<double>(o.counts[b]);
  h.min = o.min;
  h.max = o.max;
  h.lo = static_cast<double>(o.min) / h.width - static_cast<double>(h.first);
  h.hi = static_cast<double>(o.max) / h.width - static_cast<double>(h.first);
  return h;
}

ErrorModel::ErrorModel(const SearchHistogram& h)
    : h_(h), zero_(-static_cast<double>(h.first)), zero_count_(0.0), before_(h.counts.size() + 1) {
  if (zero_ >= 0.0 && zero_ < static_cast<double>(h.counts.size())) zero_count_ = h.counts[static_cast<std::size_t>(zero_)];
  Moments m{0.0, 0.0, 0.0};
  const std::size_t g = h.counts.size();
  for (std::size_t b = 0; b < g; ++b) {
    before_[b] = m;
    const double l = b == 0 ? h.lo : static_cast<double>(b);
    const double r = b + 1 == g ? h.hi : static_cast<double>(b + 1);
    const double n = h.counts[b];
    m.n += n;
    m.s1 += n * (l + r) / 2.0;
    m.s2 += n * (l * l + l * r + r * r) / 3.0;
  }
  before_[g] = m;
}

ErrorModel::Moments ErrorModel::prefix(double u) const {
  const std::size_t g = h_.counts.size();
  if (!(u > h_.lo)) return {0.0, 0.0, 0.0};
  if (u > h_.hi) return before_[g];
  const auto b = std::min(static_cast<std::size_t>(u), g - 1);
  const double l = b == 0 ? h_.lo : static_cast<double>(b);
  const double r = b + 1 == g ? h_.hi : static_cast<double>(b + 1);
  Moments m = before_[b];
  if (!(u > l)) return m;
  if (!(u < r)) return before_[b + 1];
  const double n = h_.counts[b] * (u - l) / (r - l);  // r > u > l: a bin of some width
  m.n += n;
  m.s1 += n * (u + l) / 2.0;
  m.s2 += n * (u * u + u * l + l * l) / 3.0;
  return m;
}

double ErrorModel::spread(const Moments& a, const Moments& b, double c) {
  const double e = (b.s2 - a.s2) - 2.0 * c * (b.s1 - a.s1) + c * c * (b.n - a.n);
  return std::max(e, 0.0);  // rounding can leave a tiny negative
}

double ErrorModel::fast_error(double lo, double hi, double step) const {
  const Moments a = prefix(lo), b = prefix(hi);
  const double at_zero = lo <= zero_ && hi >= zero_ + 1.0 ? zero_count_ : 0.0;
  const double step2_12 = step * step / 12.0;
  return spread(Moments{0.0, 0.0, 0.0}, a, lo) + spread(b, before_.back(), hi) +
         (b.n - a.n - at_zero) * step2_12 + at_zero * std::min(step2_12, 1.0 / 3.0);
}

double ErrorModel::error(const qrange_params& p) const {
  return grid_error(static_cast<double>(p.scale) / h_.width, std::int64_t{p.qmin} - p.zero_point,
                    std::int64_t{p.qmax} - p.zero_point);
}

double ErrorModel::grid_error(double step, std::int64_t k_lo, std::int64_t k_hi) const {
  const auto at = [&](std::int64_t k) { return static_cast<double>(k) * step + zero_; };
  const double c_lo = at(k_lo), c_hi = at(k_hi);
  Moments below = prefix(c_lo);
  double e = spread(Moments{0.0, 0.0, 0.0}, below, c_lo);
  if (c_hi > h_.lo && c_lo < h_.hi) {
    if (step < 1.0) {
      const Moments top = prefix(c_hi);
      e += (top.n - below.n) * step * step / 12.0;
      below = top;
    } else {
      // The grid points whose steps meet the data, each step's values from
      // the prefix at its upper boundary on.
      const std::int64_t first =
          std::max(k_lo, static_cast<std::int64_t>(std::floor((h_.lo - zero_) / step - 0.5)));
      const std::int64_t last = std::min(k_hi, static_cast<std::int64_t>(std::ceil((h_.hi - zero_) / step + 0.5)));
      for (std::int64_t k = first; k <= last; ++k) {
        const double c = at(k);
        const double b = std::min(c_hi, c + step / 2.0);
        if (!(b > c_lo)) continue;
        const Moments upto = prefix(b);
        e += spread(below, upto, c);
        below = upto;
      }
    }
  }
  return e + spread(below, before_.back(), c_hi);
}

}  // namespace qrange::detail
