// The tail pass of the percentile ranges. A range such as [P(0.01), P(99.99)]
// needs only ranks near both ends of the sorted values, so instead of counting
// every value into a histogram, one pass gathers the values of the few lowest
// and highest bins: a compare per vector, nearly free next to a histogram's
// scattered adds. Which bins is guessed from a sample; the guess is checked
// against the real counts and, when wrong, the caller counts the histogram
// after all (docs/percentiles.md).
#pragma once

#include <qrange/qrange.h>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "context.hpp"
#include "kernels/kernel_table.hpp"

namespace qrange::detail {

// Inputs below this many values take the histogram path: the sample would be
// a large part of them.
inline constexpr std::size_t kTailsMinValues = std::size_t{1} << 16;
// The sample: n / 64 values within these bounds, read at sample_position(0
// .. sample_size(n) - 1, n). Small inputs get a small sample, so that it costs
// little next to the passes; large ones one large enough to keep the tails
// small (a tail holds a few sampled values beyond the rank's share).
inline constexpr std::size_t kTailsMinSample = 1024;
inline constexpr std::size_t kTailsMaxSample = 4096;
std::size_t sample_size(std::size_t n);
std::size_t sample_position(std::size_t j, std::size_t n);

// The values of bins [0, low_last_bin] and [high_first_bin, bins) of a
// histogram over [spec.lo, spec.hi] = [min, max] of the m finite values of x.
class Tails {
 public:
  // Gathers the values of the bins that hold ranks [0, low_rank] and
  // [high_rank, m) (0-based, in sorted order), low_rank < high_rank. found()
  // is false when the sample says the tails are too large to be worth it, or
  // when they turn out not to hold those ranks or not to fit: the caller then
  // needs the histogram.
  // In: kernels::F32, F16 or BF16.
  template <class In>
  qrange_status gather(const char* caller, const Exec& e, const kernels::elem_t<In>* x, std::size_t n,
                       const kernels::HistogramSpec& spec, std::uint64_t m, std::uint64_t low_rank,
                       std::uint64_t high_rank);
  bool found() const { return found_; }

  std::uint32_t low_last_bin() const { return low_last_; }
  std::uint32_t high_first_bin() const { return high_first_; }
  // The values of each tail, in no particular order: the caller selects among
  // them. Rank r < low_count() is the r-th smallest of low(); rank
  // r >= m - high_count() is the (r - (m - high_count()))-th of high().
  float* low() const { return low_.get(); }
  std::size_t low_count() const { return low_count_; }
  float* high() const { return high_.get(); }
  std::size_t high_count() const { return high_count_; }

 private:
  bool found_ = false;
  std::uint32_t low_last_ = 0, high_first_ = 0;
  std::unique_ptr<float[]> low_, high_;
  std::size_t low_count_ = 0, high_count_ = 0;
};

}  // namespace qrange::detail
