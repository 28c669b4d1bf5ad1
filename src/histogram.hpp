// The histogram pass shared by qrange_histogram_f32 and the percentile ranges.
#pragma once

#include <qrange/qrange.h>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/kernel_table.hpp"
#include "parallel.hpp"

namespace qrange::detail {

constexpr std::size_t kMaxHistogramBins = std::size_t{1} << 24;

// r finite with r.min <= r.max, 1 <= bins <= kMaxHistogramBins.
kernels::HistogramSpec histogram_spec(qrange_range r, std::size_t bins);

// The floats of [spec.lo, spec.hi] that land in bins first..last: an interval
// (empty when there is none), because the bin is a non-decreasing function of
// x (each float operation of bin_index is monotone). Found by bisection on the
// reference's bin_index, so it is exact, whatever the rounding of the edges.
kernels::Interval values_of_bins(const kernels::HistogramSpec& spec, std::uint32_t first, std::uint32_t last);

// The histogram of x[0..n), one piece per thread, each piece counted into its
// own bins + slots counters and the pieces summed into total(). Later passes
// over the same pieces (the percentile gather) find each piece's counts here.
class PartHistograms {
 public:
  // In: kernels::F32, F16 or BF16.
  template <class In>
  qrange_status compute(const char* caller, const Exec& e, const kernels::elem_t<In>* x, std::size_t n,
                        const kernels::HistogramSpec& spec);
  const Parts& parts() const { return parts_; }
  std::size_t stride() const { return stride_; }
  const std::uint64_t* part(int p) const { return table(p); }
  const std::uint64_t* total() const { return data_.get(); }

 private:
  // With one piece, its counts are the total.
  std::uint64_t* table(int p) const { return parts_.count == 1 ? data_.get() : data_.get() + (p + 1) * stride_; }

  Parts parts_{0, 1, 0};
  std::size_t stride_ = 0;
  std::unique_ptr<std::uint64_t[]> data_;
};

}  // namespace qrange::detail
