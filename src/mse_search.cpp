// The MSE search (docs/calibration.md, "MSE"): a fast model over every
// candidate range, its best few re-ranked by the full error model.
#include <algorithm>
#include <cmath>
#include <limits>

#include "calibration.hpp"
#include "choose_params.hpp"

namespace qrange::detail {
namespace {

// How many of the fast model's best go on to the full model.
constexpr std::size_t kModelBest = 8;
// The cells of Best: this many per side of the search.
constexpr std::size_t kCells = 32;
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

// The k best candidates offered, in order, at most one per cell of `cell`
// by `cell` indices: the best of neighbouring ends differ little, and the
// full model must see other regions too. Ties go by index, so the set is the
// same for any order of offers.
class Best {
 public:
  Best(std::size_t k, std::uint32_t cell) : k_(k), cell_(cell) { v_.reserve(k + 1); }
  void offer(const Candidate& c) {
    if (v_.size() == k_ && !better(c, v_.back())) return;
    const auto same = std::find_if(v_.begin(), v_.end(), [&](const Candidate& o) {
      return o.a / cell_ == c.a / cell_ && o.b / cell_ == c.b / cell_;
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
  std::uint32_t cell_;
  std::vector<Candidate> v_;
};

float value_at(const SearchHistogram& h, std::int64_t k) {
  return static_cast<float>(static_cast<double>(h.first + k) * h.width);  // exact before the rounding to float
}

// The bin [0, width) of the value 0, which every grid of a range holding 0
// has as a point: its values (exact zeros, often most of them) round with an
// error of at most width^2 / 3 each, not step^2 / 12.
struct ZeroBin {
  double pos;
  double count;
  double error(double step2_12) const { return std::min(step2_12, 1.0 / 3.0); }
};

ZeroBin zero_bin(const SearchHistogram& h, const ErrorModel& m) {
  const double z = m.zero();
  if (!(z >= 0.0 && z < static_cast<double>(h.counts.size()))) return {z, 0.0};
  return {z, h.counts[static_cast<std::size_t>(z)]};
}

// Every pair of a lower end from `lows` and an upper end from `highs` (both
// by position), the clipping beyond each plus step^2 / 12 for each value
// between: the exact minimum of that model, by blocks in the order of a
// lower bound of their pairs' errors, stopping at the first bound above the
// k-th best found. (The error per value is step^2 / 12, but for the zero bin.)
std::vector<Candidate> best_pairs(const std::vector<End>& lows, const std::vector<End>& highs, double levels,
                                  const ZeroBin& zero) {
  const double k12 = 1.0 / (12.0 * levels * levels);
  const auto model = [&](const End& a, const End& b) {
    const double d = b.pos - a.pos;
    const double at_zero = a.pos <= zero.pos && b.pos >= zero.pos + 1.0 ? zero.count : 0.0;
    return a.clip + b.clip + (b.below - a.below - at_zero) * d * d * k12 + at_zero * zero.error(d * d * k12);
  };
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
      const double bound = low_clip[i] + high_clip[j] + std::max(b.below - a.below - zero.count, 0.0) * d * d * k12;
      blocks.push_back({bound, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)});
    }
  }
  std::sort(blocks.begin(), blocks.end(), [](const Block& x, const Block& y) {
    if (x.bound != y.bound) return x.bound < y.bound;
    return x.i != y.i ? x.i < y.i : x.j < y.j;
  });
  Best best(kModelBest, static_cast<std::uint32_t>(std::max(lows.size(), highs.size()) / kCells + 1));
  for (const Block& blk : blocks) {
    if (blk.bound > best.worst()) break;
    for (std::size_t i = blk.i * kBlock; i < std::min(lows.size(), (blk.i + 1) * kBlock); ++i)
      for (std::size_t j = blk.j * kBlock; j < std::min(highs.size(), (blk.j + 1) * kBlock); ++j)
        if (lows[i].pos < highs[j].pos)
          best.offer({model(lows[i], highs[j]), static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)});
  }
  return best.all();
}

// Asymmetric: the ends are the bin edges and the data's min and max; with
// include_zero only those on their side of 0 (the others give the range
// that 0 does).
std::vector<qrange_range> asymmetric_ranges(const SearchHistogram& h, const ErrorModel& m, const Calibration& c) {
  const auto g = static_cast<std::int64_t>(h.counts.size());
  const double z = m.zero(), total = m.count_below(std::numeric_limits<double>::infinity());
  std::vector<End> lows, highs;
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
  std::vector<qrange_range> out;
  for (const Candidate& cand : best_pairs(lows, highs, static_cast<double>(c.qmax) - c.qmin, zero_bin(h, m)))
    out.push_back({lows[cand.a].value, highs[cand.b].value});
  return out;
}

// Symmetric: amax at every distance from 0 to a bin edge below the data's,
// with the clipping at the grid's true ends ((qmin - zp) * scale, ...).
std::vector<qrange_range> symmetric_ranges(const SearchHistogram& h, const ErrorModel& m, const Calibration& c) {
  const auto g = static_cast<std::int64_t>(h.counts.size());
  const double z = m.zero();
  const double amax = std::max(z - h.lo, h.hi - z);
  std::vector<double> amps;
  for (std::int64_t k = 1; k < g; ++k) {
    const double d = std::fabs(static_cast<double>(k) - z);
    if (d > 0.0 && d < amax) amps.push_back(d);
  }
  std::sort(amps.begin(), amps.end());
  amps.erase(std::unique(amps.begin(), amps.end()), amps.end());
  const double half = (static_cast<double>(c.qmax) - c.qmin) / 2.0;
  const double zp = std::ceil((static_cast<double>(c.qmin) + c.qmax) / 2.0);
  const double lo_steps = c.qmin - zp, hi_steps = c.qmax - zp;
  const ZeroBin zero = zero_bin(h, m);
  Best best(kModelBest, static_cast<std::uint32_t>(amps.size() / kCells + 1));
  for (std::size_t i = 0; i < amps.size(); ++i) {
    const double step = amps[i] / half;
    const double lo = z + lo_steps * step, hi = z + hi_steps * step;
    const double at_zero = hi >= zero.pos + 1.0 ? zero.count : 0.0;
    const double inside = m.count_below(hi) - m.count_below(lo) - at_zero;
    const double step2_12 = step * step / 12.0;
    best.offer({m.clipped_below(lo) + m.clipped_above(hi) + inside * step2_12 + at_zero * zero.error(step2_12),
                static_cast<std::uint32_t>(i), 0});
  }
  std::vector<qrange_range> out;
  for (const Candidate& cand : best.all()) {
    const auto v = static_cast<float>(amps[cand.a] * h.width);
    out.push_back({-v, v});
  }
  return out;
}

}  // namespace

qrange_status mse_candidates(const char* caller, const SearchHistogram& h, const Calibration& c,
                             std::vector<qrange_params>* out) {
  qrange_params minmax{};
  if (qrange_status s = choose_params(caller, {h.min, h.max}, c.qmin, c.qmax, c.scheme, c.include_zero, &minmax))
    return s;
  const ErrorModel m(h);
  const std::vector<qrange_range> ranges =
      c.scheme == QRANGE_SYMMETRIC ? symmetric_ranges(h, m, c) : asymmetric_ranges(h, m, c);
  struct Ranked {
    double err;
    qrange_params p;
  };
  std::vector<Ranked> ranked{{m.error(minmax), minmax}};
  for (const qrange_range& r : ranges) {
    qrange_params p{};
    if (choose_params(nullptr, r, c.qmin, c.qmax, c.scheme, c.include_zero, &p) != QRANGE_OK) continue;
    const bool seen = std::any_of(ranked.begin(), ranked.end(), [&](const Ranked& x) {
      return x.p.scale == p.scale && x.p.zero_point == p.zero_point;
    });
    if (!seen) ranked.push_back({m.error(p), p});
  }
  // Stable: on a tie the min-max range, then the fast model's order.
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& x, const Ranked& y) { return x.err < y.err; });
  out->clear();
  for (const Ranked& r : ranked) out->push_back(r.p);
  return QRANGE_OK;
}

}  // namespace qrange::detail
