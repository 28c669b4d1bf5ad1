// The searches behind qrange_calibrate_f32 and qrange_observer_calibrate
// (docs/calibration.md).
#pragma once

#include <qrange/qrange.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "context.hpp"
#include "kernels/kernel_table.hpp"
#include "search_histogram.hpp"

namespace qrange::detail {

// A qrange_calibration as the API boundary has checked it.
struct Calibration {
  qrange_method method;
  std::int32_t qmin, qmax;
  qrange_scheme scheme;
  bool include_zero;
  double percentile;
  std::uint32_t bins;  // MSE, ENTROPY: the histogram's
  std::size_t percentile_bins;
  bool exact;
};

// Checks a qrange_calibration for a tensor (on_state false) or a state.
qrange_status check_calibration(const char* caller, const qrange_calibration* c, bool on_state, Calibration* out);

// qrange_calibrate_f32 once everything is checked: the parameters of c over
// x[0..n), and with mse != NULL their exact error.
// In: kernels::F32, F16 or BF16.
template <class In>
qrange_status calibrate_values(const char* caller, const Exec& e, const kernels::elem_t<In>* x, std::size_t n,
                               const Calibration& c, qrange_params* out, double* mse);

// Up to this many values, method MSE searches the values themselves
// (mse_direct_search), not a histogram: 4-bit blocks of 32 to 256 values.
inline constexpr std::size_t kDirectSearchMax = 256;

// The parameters of least exact error over x[0..n) (finite min < max, at
// most kDirectSearchMax values) among scaled-down grids of *inout, the
// min-max parameters, which it starts from and keeps unless one is lower
// (src/mse_direct.cpp).
template <class In>
qrange_status mse_direct_search(const char* caller, const kernels::elem_t<In>* x, std::size_t n, const Calibration& c,
                                qrange_params* inout);

// The search's resolution: a state with more bins is merged down to this
// many, which bounds the pair search (src/mse_search.cpp).
inline constexpr std::uint32_t kSearchBins = 2048;

// The parameters of least model error among the fast model's best few and
// the min-max range's (src/mse_search.cpp), into *out.
// Candidates whose range qrange_choose_params refuses are left out; the
// min-max range's refusal is returned (with its message). Throws
// std::bad_alloc.
qrange_status mse_search(const char* caller, const SearchHistogram& h, const Calibration& c, qrange_params* out);

// The number of bins i, from min(levels, h.size()) up to h.size(), whose
// threshold (bin i's lower edge) gives the least KL divergence between the
// histogram of |x| in h (outliers added to bin i - 1) and its quantization to
// `levels` levels, TensorRT's way; the first i of least divergence.
std::size_t entropy_bins(const std::vector<double>& h, std::uint32_t levels);

// The levels of the entropy search for a grid: TensorRT's 128 for 8 bits.
std::uint32_t entropy_levels(std::int32_t qmin, std::int32_t qmax);

// The threshold of the entropy search on a state's histogram, folded at 0.
double entropy_threshold(const SearchHistogram& h, std::uint32_t levels);

}  // namespace qrange::detail
