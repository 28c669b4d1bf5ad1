// The MSE search (docs/calibration.md, "MSE"): a fast model over the
// candidate ranges (all pairs of a coarse set of ends, then the
// neighbourhoods of the best), its best few re-ranked by the full model.
#include <algorithm>
#include <cmath>
#include <limits>

#include "calibration.hpp"
#include "choose_params.hpp"

namespace qrange::detail {
namespace {

// How many of the fast model's best go on to the full model.
constexpr std::size_t kModelBest = 8;
// Below this many levels the asymmetric search runs over the grids
// themselves (zero_point_ranges).
constexpr std::int32_t kFewLevels = 16;
// The coarse search takes every stride-th end, this many per side at most.
constexpr std::size_t kCoarseEnds = 256;
// The cells of Best: this many per side of the search.
constexpr std::size_t kCells = 64;
// Ends per side of a block of pairs whose lower bound is checked at once.
constexpr std::size_t kBlock = 32;

// One end of a candidate range: its position, the clipping error beyond it,
// the count below it, and its value.
struct End {
  double pos;
  double clip;
  double below;
  float value;
};

struct Candidate {
  double err;
  std::uint32_t a, b;
};

bool better(const Candidate& x, const Candidate& y) {
  if (x.err != y.err) return x.err < y.err;
  return x.a != y.a ? x.a < y.a : x.b < y.b;
}

// The k best candidates offered, in order, at most one per cell of cell_a
// by cell_b indices: the best of neighbouring ends differ little, and the
// full model must see other regions too. Ties go by index, so the set is the
// same for any order of offers.
class Best {
 public:
  Best(std::size_t k, std::uint32_t cell_a, std::uint32_t cell_b) : k_(k), cell_a_(cell_a), cell_b_(cell_b) {
    v_.reserve(k + 1);
  }
  void offer(const Candidate& c) {
    if (v_.size() == k_ && !better(c, v_.back())) return;
    const auto same = std::find_if(v_.begin(), v_.end(), [&](const Candidate& o) {
      return o.a / cell_a_ == c.a / cell_a_ && o.b / cell_b_ == c.b / cell_b_;
    });
    if (same != v_.end()) {
      if (!better(c, *same)) return;
      v_.erase(same);
    }
    v_.insert(std::upper_bound(v_.begin(), v_.end(), c, better), c);
    if (v_.size() > k_) v_.pop_back();
  }
  double worst() const { return v_.size() < k_ ? std::numeric_limits<double>::infinity() : v_.back().err; }
  const std::vector<Candidate>& all() const { return v_; }

 private:
  std::size_t k_;
  std::uint32_t cell_a_, cell_b_;
  std::vector<Candidate> v_;
};

float value_at(const SearchHistogram& h, std::int64_t k) {
  return static_cast<float>(static_cast<double>(h.first + k) * h.width);  // exact before the rounding to float
}

// Every stride-th of v and its last, with their indices in v.
template <class T>
std::vector<T> every(const std::vector<T>& v, std::size_t stride, std::vector<std::size_t>* at) {
  std::vector<T> out;
  at->clear();
  at->reserve(v.size() / stride + 2);
  for (std::size_t i = 0; i < v.size(); i += stride) at->push_back(i);
  if (at->back() + 1 != v.size()) at->push_back(v.size() - 1);
  out.reserve(at->size());
  for (std::size_t i : *at) out.push_back(v[i]);
  return out;
}

// The indices within a stride of i (either side) in [0, size).
struct Window {
  std::size_t begin, end;
};
Window window(std::size_t i, std::size_t stride, std::size_t size) {
  return {i + 1 > stride ? i + 1 - stride : 0, std::min(size, i + stride)};
}

// The fast model (ErrorModel::fast_error) of a pair of ends, from their
// precomputed clipping.
struct PairModel {
  double zero, zero_count, k12;
  double operator()(const End& a, const End& b) const {
    const double d = b.pos - a.pos;
    const double at_zero = a.pos <= zero && b.pos >= zero + 1.0 ? zero_count : 0.0;
    const double step2_12 = d * d * k12;
    return a.clip + b.clip + (b.below - a.below - at_zero) * step2_12 + at_zero * std::min(step2_12, 1.0 / 3.0);
  }
};

// Every pair of a lower end from `lows` and an upper end from `highs` (both
// by position), the clipping beyond each plus step^2 / 12 for each value
// between: the exact minimum of that model, by blocks in the order of a
// lower bound of their pairs' errors, stopping at the first bound above the
// k-th best found. The model is ErrorModel::fast_error.
std::vector<Candidate> best_pairs(const std::vector<End>& lows, const std::vector<End>& highs,
                                  const PairModel& model) {
  const double zero_count = model.zero_count, k12 = model.k12;
  const std::size_t na = (lows.size() + kBlock - 1) / kBlock, nb = (highs.size() + kBlock - 1) / kBlock;
  const auto min_clip = [](const std::vector<End>& ends, std::size_t block) {
    double m = std::numeric_limits<double>::infinity();
    for (std::size_t i = block * kBlock; i < std::min(ends.size(), (block + 1) * kBlock); ++i)
      m = std::min(m, ends[i].clip);
    return m;
  };
  std::vector<double> low_clip(na), high_clip(nb);
  for (std::size_t i = 0; i < na; ++i) low_clip[i] = min_clip(lows, i);
  for (std::size_t j = 0; j < nb; ++j) high_clip[j] = min_clip(highs, j);
  struct Block {
    double bound;
    std::uint32_t i, j;
  };
  std::vector<Block> blocks;
  blocks.reserve(na * nb);
  for (std::size_t i = 0; i < na; ++i) {
    const End& a = lows[std::min(lows.size(), (i + 1) * kBlock) - 1];  // the block's highest lower end
    for (std::size_t j = 0; j < nb; ++j) {
      const End& b = highs[j * kBlock];  // and lowest upper end
      if (highs[std::min(highs.size(), (j + 1) * kBlock) - 1].pos <= lows[i * kBlock].pos)
        continue;  // no pair of the blocks has a < b
      const double d = std::max(b.pos - a.pos, 0.0);
      const double bound = low_clip[i] + high_clip[j] + std::max(b.below - a.below - zero_count, 0.0) * d * d * k12;
      blocks.push_back({bound, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)});
    }
  }
  std::sort(blocks.begin(), blocks.end(), [](const Block& x, const Block& y) {
    if (x.bound != y.bound) return x.bound < y.bound;
    return x.i != y.i ? x.i < y.i : x.j < y.j;
  });
  const auto cell = static_cast<std::uint32_t>(std::max(lows.size(), highs.size()) / kCells + 1);
  Best best(kModelBest, cell, cell);
  for (const Block& blk : blocks) {
    if (blk.bound > best.worst()) break;
    for (std::size_t i = blk.i * kBlock; i < std::min(lows.size(), (blk.i + 1) * kBlock); ++i)
      for (std::size_t j = blk.j * kBlock; j < std::min(highs.size(), (blk.j + 1) * kBlock); ++j)
        if (lows[i].pos < highs[j].pos) {
          const double err = model(lows[i], highs[j]);
          if (err <= best.worst()) best.offer({err, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)});
        }
  }
  return best.all();
}

// Asymmetric: the ends are the bin edges and the data's min and max; with
// include_zero only those on their side of 0 (the others give the range
// that 0 does).
std::vector<qrange_range> asymmetric_ranges(const SearchHistogram& h, const ErrorModel& m, const Calibration& c) {
  const auto g = static_cast<std::int64_t>(h.counts.size());
  const double z = m.zero(), total = m.count_below(std::numeric_limits<double>::infinity());
  // Reserved, as every vector of the search, so that it allocates a few
  // times, not once per doubling.
  std::vector<End> lows, highs;
  lows.reserve(static_cast<std::size_t>(g) + 1);
  highs.reserve(static_cast<std::size_t>(g) + 1);
  if (c.include_zero && h.min > 0.0f) {
    lows.push_back({z, 0.0, 0.0, h.min});
  } else {
    lows.push_back({h.lo, 0.0, 0.0, h.min});
    for (std::int64_t k = 1; k < g && (!c.include_zero || static_cast<double>(k) <= z); ++k) {
      const auto u = static_cast<double>(k);
      lows.push_back({u, m.clipped_below(u), m.count_below(u), value_at(h, k)});
    }
  }
  if (c.include_zero && h.max < 0.0f) {
    highs.push_back({z, 0.0, total, h.max});
  } else {
    for (std::int64_t k = c.include_zero ? std::max<std::int64_t>(1, static_cast<std::int64_t>(z)) : 1; k < g; ++k) {
      const auto u = static_cast<double>(k);
      highs.push_back({u, m.clipped_above(u), m.count_below(u), value_at(h, k)});
    }
    highs.push_back({h.hi, 0.0, total, h.max});
  }
  const double levels = static_cast<double>(c.qmax) - c.qmin;
  const PairModel model{m.zero(), m.zero_bin_count(), 1.0 / (12.0 * levels * levels)};
  // All pairs of every stride-th end, then all pairs within a stride of the
  // best of those.
  const std::size_t stride = std::max(lows.size(), highs.size()) / kCoarseEnds + 1;
  std::vector<std::size_t> low_at, high_at;
  const std::vector<End> coarse_lows = every(lows, stride, &low_at), coarse_highs = every(highs, stride, &high_at);
  const auto cell = static_cast<std::uint32_t>(std::max(lows.size(), highs.size()) / kCells + 1);
  Best best(kModelBest, cell, cell);
  for (const Candidate& coarse : best_pairs(coarse_lows, coarse_highs, model)) {
    const Window wa = window(low_at[coarse.a], stride, lows.size()), wb = window(high_at[coarse.b], stride, highs.size());
    for (std::size_t i = wa.begin; i < wa.end; ++i)
      for (std::size_t j = wb.begin; j < wb.end; ++j)
        if (lows[i].pos < highs[j].pos)
          best.offer({model(lows[i], highs[j]), static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)});
  }
  std::vector<qrange_range> out;
  out.reserve(kModelBest);
  for (const Candidate& cand : best.all()) out.push_back({lows[cand.a].value, highs[cand.b].value});
  return out;
}

// Asymmetric with include_zero and few levels, where rounding the zero point
// moves the grid by up to half a step, a large share of the range: the
// grids themselves, k_lo = qmin - zp steps from 0 to the lower end for every
// zp, and the step that puts one end on a bin edge or on the data's min or
// max.
std::vector<qrange_range> zero_point_ranges(const SearchHistogram& h, const ErrorModel& m, const Calibration& c) {
  const auto g = static_cast<std::int64_t>(h.counts.size());
  const double z = m.zero();
  const std::int64_t levels = std::int64_t{c.qmax} - c.qmin;
  // The ends' distances from 0, each side ascending: the edges, the min and
  // the max.
  std::vector<double> below, above;
  below.reserve(static_cast<std::size_t>(g) + 1);
  above.reserve(static_cast<std::size_t>(g) + 1);
  const auto add = [&](double u) {
    if (u < z) below.push_back(z - u);
    if (u > z) above.push_back(u - z);
  };
  add(h.hi);
  for (std::int64_t k = g - 1; k >= 1; --k) add(static_cast<double>(k));
  add(h.lo);
  std::reverse(above.begin(), above.end());
  // steps[l]: the steps of k_lo = l - levels that put an end on one of them,
  // ascending (a merge of the two sides' steps, each ascending).
  std::vector<std::vector<double>> steps(static_cast<std::size_t>(levels) + 1);
  for (std::int64_t k_lo = -levels; k_lo <= 0; ++k_lo) {
    const std::int64_t k_hi = k_lo + levels;
    const std::size_t nb = k_lo < 0 ? below.size() : 0, na = k_hi > 0 ? above.size() : 0;
    std::vector<double>& out = steps[static_cast<std::size_t>(k_lo + levels)];
    out.reserve(nb + na);
    for (std::size_t i = 0, j = 0; i < nb || j < na;) {
      const double b = i < nb ? below[i] / static_cast<double>(-k_lo) : std::numeric_limits<double>::infinity();
      const double a = j < na ? above[j] / static_cast<double>(k_hi) : std::numeric_limits<double>::infinity();
      out.push_back(b <= a ? b : a);
      (b <= a ? i : j) += 1;
    }
  }
  const auto error = [&](std::size_t l, std::size_t i) {
    const double step = steps[l][i];
    const double lo = z + static_cast<double>(static_cast<std::int64_t>(l) - levels) * step;
    return m.fast_error(lo, lo + static_cast<double>(levels) * step, step);
  };
  // Every stride-th step of each k_lo, then every step within a stride of
  // the best of those.
  const std::size_t stride = static_cast<std::size_t>(g) / kCoarseEnds + 1;
  const auto cell = static_cast<std::uint32_t>(static_cast<std::size_t>(g) / kCells + 1);
  Best coarse(kModelBest, 1, cell), best(kModelBest, 1, cell);
  std::vector<std::size_t> at;
  for (std::size_t l = 0; l < steps.size(); ++l) {
    if (steps[l].empty()) continue;
    every(steps[l], stride, &at);
    for (std::size_t i = 0; i < at.size(); ++i)
      coarse.offer({error(l, at[i]), static_cast<std::uint32_t>(l), static_cast<std::uint32_t>(at[i])});
  }
  for (const Candidate& cand : coarse.all()) {
    const Window w = window(cand.b, stride, steps[cand.a].size());
    for (std::size_t i = w.begin; i < w.end; ++i)
      best.offer({error(cand.a, i), cand.a, static_cast<std::uint32_t>(i)});
  }
  std::vector<qrange_range> out;
  out.reserve(kModelBest);
  for (const Candidate& cand : best.all()) {
    const std::int64_t k_lo = static_cast<std::int64_t>(cand.a) - levels;
    const double step = steps[cand.a][cand.b] * h.width;
    out.push_back({static_cast<float>(static_cast<double>(k_lo) * step),
                   static_cast<float>(static_cast<double>(k_lo + levels) * step)});
  }
  return out;
}

// Symmetric: amax at every distance from 0 to a bin edge below the data's,
// with the clipping at the grid's true ends ((qmin - zp) * scale, ...).
std::vector<qrange_range> symmetric_ranges(const SearchHistogram& h, const ErrorModel& m, const Calibration& c) {
  const auto g = static_cast<std::int64_t>(h.counts.size());
  const double z = m.zero();
  const double amax = std::max(z - h.lo, h.hi - z);
  std::vector<double> amps;
  amps.reserve(static_cast<std::size_t>(g));
  for (std::int64_t k = 1; k < g; ++k) {
    const double d = std::fabs(static_cast<double>(k) - z);
    if (d > 0.0 && d < amax) amps.push_back(d);
  }
  std::sort(amps.begin(), amps.end());
  amps.erase(std::unique(amps.begin(), amps.end()), amps.end());
  const double half = (static_cast<double>(c.qmax) - c.qmin) / 2.0;
  const double zp = std::ceil((static_cast<double>(c.qmin) + c.qmax) / 2.0);
  const double lo_steps = c.qmin - zp, hi_steps = c.qmax - zp;
  const bool few = c.qmax - c.qmin < kFewLevels;
  Best best(kModelBest, static_cast<std::uint32_t>(amps.size() / kCells + 1), 1);
  for (std::size_t i = 0; i < amps.size(); ++i) {
    const double step = amps[i] / half;
    const double lo = z + lo_steps * step, hi = z + hi_steps * step;
    // Few levels: the full model for all, it costs a few segments each.
    const double err = few ? m.grid_error(step, static_cast<std::int64_t>(lo_steps), static_cast<std::int64_t>(hi_steps))
                           : m.fast_error(lo, hi, step);
    best.offer({err, static_cast<std::uint32_t>(i), 0});
  }
  std::vector<qrange_range> out;
  out.reserve(kModelBest);
  for (const Candidate& cand : best.all()) {
    const auto v = static_cast<float>(amps[cand.a] * h.width);
    out.push_back({-v, v});
  }
  return out;
}

}  // namespace

qrange_status mse_search(const char* caller, const SearchHistogram& h, const Calibration& c, qrange_params* out) {
  qrange_params best{};
  if (qrange_status s = choose_params(caller, {h.min, h.max}, c.qmin, c.qmax, c.scheme, c.include_zero, &best))
    return s;
  const ErrorModel m(h);
  const std::vector<qrange_range> ranges = c.scheme == QRANGE_SYMMETRIC ? symmetric_ranges(h, m, c)
                                           : c.include_zero && c.qmax - c.qmin < kFewLevels
                                               ? zero_point_ranges(h, m, c)
                                               : asymmetric_ranges(h, m, c);
  // On a tie the min-max range, then the fast model's order.
  double least = m.error(best);
  for (const qrange_range& r : ranges) {
    qrange_params p{};
    if (choose_params(nullptr, r, c.qmin, c.qmax, c.scheme, c.include_zero, &p) != QRANGE_OK) continue;
    const double err = m.error(p);
    if (err < least) {
      least = err;
      best = p;
    }
  }
  *out = best;
  return QRANGE_OK;
}

}  // namespace qrange::detail
