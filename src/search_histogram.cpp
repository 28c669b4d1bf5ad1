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
    : h_(h), zero_(-static_cast<double>(h.first)), before_(h.counts.size() + 1) {
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

double ErrorModel::segment(double a, double b, double c) const {
  const Moments x = prefix(a), y = prefix(b);
  const double e = (y.s2 - x.s2) - 2.0 * c * (y.s1 - x.s1) + c * c * (y.n - x.n);
  return std::max(e, 0.0);  // rounding can leave a tiny negative
}

double ErrorModel::clipped_below(double u) const { return u > h_.lo ? segment(h_.lo, u, u) : 0.0; }

double ErrorModel::clipped_above(double u) const {
  if (u > h_.hi) return 0.0;
  const Moments x = prefix(u), t = before_[h_.counts.size()];
  return std::max((t.s2 - x.s2) - 2.0 * u * (t.s1 - x.s1) + u * u * (t.n - x.n), 0.0);
}

double ErrorModel::error(const qrange_params& p) const {
  const double step = static_cast<double>(p.scale) / h_.width;
  const auto at = [&](std::int64_t k) { return static_cast<double>(k) * step + zero_; };
  const std::int64_t k_lo = std::int64_t{p.qmin} - p.zero_point, k_hi = std::int64_t{p.qmax} - p.zero_point;
  const double c_lo = at(k_lo), c_hi = at(k_hi);
  double e = clipped_below(c_lo) + clipped_above(c_hi);
  if (!(c_lo < h_.hi) || !(c_hi > h_.lo)) return e;
  if (step < 1.0) return e + (prefix(c_hi).n - prefix(c_lo).n) * step * step / 12.0;
  // The grid points whose steps meet the data.
  const std::int64_t first = std::max(k_lo, static_cast<std::int64_t>(std::floor((h_.lo - zero_) / step - 0.5)));
  const std::int64_t last = std::min(k_hi, static_cast<std::int64_t>(std::ceil((h_.hi - zero_) / step + 0.5)));
  for (std::int64_t k = first; k <= last; ++k) {
    const double c = at(k);
    const double a = std::max(c_lo, c - step / 2.0), b = std::min(c_hi, c + step / 2.0);
    if (a < b) e += segment(a, b, c);
  }
  return e;
}

}  // namespace qrange::detail
