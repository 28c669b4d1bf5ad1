// The histogram that the MSE and entropy searches run on, and the error
// model of qrange's quantizer over it (docs/calibration.md, "The model").
#pragma once

#include <qrange/qrange.h>

#include <cstdint>
#include <vector>

namespace qrange::detail {

// A state's bins on a line of positions: bin b covers [b, b + 1), the value
// at position u is (first + u) * width. The first and last bins are narrowed
// to [lo, 1) and [G - 1, hi], the positions of the data's min and max, so
// that an outlier alone in its bin sits where it is.
struct SearchHistogram {
  std::int64_t first;  // the value 0 is at position -first
  double width;        // a power of two
  std::vector<double> counts;
  double lo, hi;
  float min, max;  // the data's, exact
};

// The bins of a state with a range, merged by twos until at most max_bins
// remain (exact: the grid is aligned). Throws std::bad_alloc.
SearchHistogram search_histogram(const qrange_observer& o, std::uint32_t max_bins);

// The squared error of values spread evenly over each bin (point masses in
// a bin of zero width), in squared positions, through prefix sums of the
// count and of the first and second moments per bin.
class ErrorModel {
 public:
  explicit ErrorModel(const SearchHistogram& h);

  double zero() const { return zero_; }  // the position of the value 0
  double count_below(double u) const { return prefix(u).n; }
  // Sum over x < u of (x - u)^2, and over x >= u.
  double clipped_below(double u) const { return spread(Moments{0.0, 0.0, 0.0}, prefix(u), u); }
  double clipped_above(double u) const { return spread(prefix(u), before_.back(), u); }
  // The total squared error of quantizing with p, each value to its grid
  // point: exact for the evenly spread bins when the grid's step is at least
  // a bin, else the values inside the grid's ends count step^2 / 12 each.
  double error(const qrange_params& p) const;
  // The same for the grid points zero() + k * step, k in [k_lo, k_hi].
  double grid_error(double step, std::int64_t k_lo, std::int64_t k_hi) const;
  // The fast model of a grid with ends lo and hi: the clipping beyond them
  // and step^2 / 12 for each value between, but for the bin [0, 1) of the
  // value 0, a point of every grid that holds 0, whose values (exact zeros,
  // often most of them) round with an error of at most 1/3 each.
  double fast_error(double lo, double hi, double step) const;
  double zero_bin_count() const { return zero_count_; }

 private:
  struct Moments {
    double n, s1, s2;  // count, sum of x, sum of x^2 (positions)
  };
  Moments prefix(double u) const;  // of the values below u
  // Sum of (x - c)^2 over the values between the prefixes a and b.
  static double spread(const Moments& a, const Moments& b, double c);

  const SearchHistogram& h_;
  double zero_;
  double zero_count_;
  std::vector<Moments> before_;  // before_[b]: of the bins below b; G + 1 entries
};

}  // namespace qrange::detail
