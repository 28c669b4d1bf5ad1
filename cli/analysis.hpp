// What the subcommands compute for one tensor, through the public C API:
// the ranges, the parameters each range gives, the parameters of least
// error, and the error of each.
#pragma once

#include <qrange/qrange.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "commands.hpp"
#include "tensor.hpp"

namespace qrange::cli {

class Progress;

// The integer grid of the options: asymmetric -> unsigned [0, 2^bits - 1],
// symmetric -> signed [-2^(bits-1), 2^(bits-1) - 1]; stored in the smallest
// of uint8/int8/uint16/int16 that holds it. Every method's parameters are
// chosen on it, with include_zero.
struct Grid {
  std::int32_t qmin;
  std::int32_t qmax;
  qrange_scheme scheme;
  bool include_zero;
  DType storage;
};
Grid grid_of(const QuantOptions& q);

// Method m on the grid of q, with q's percentile and exact mode.
qrange::calibration calibration_of(qrange::method m, const QuantOptions& q);

struct MethodResult {
  // The method's range for min-max and percentile; mse and entropy choose
  // the parameters themselves, so for them it is clip_range(params).
  qrange_range range;
  qrange_params params;
  double mse;  // over the finite values
};

// [(qmin - zero_point) * scale, (qmax - zero_point) * scale], as dequantize
// computes them: the values the parameters keep.
qrange_range clip_range(const qrange_params& p);

// The passes over the values that analyse() counts in its Progress: min/max,
// percentiles, an error pass per range, and the MSE search's four.
constexpr std::uint64_t kAnalysisPasses = 8;

struct Analysis {
  std::uint64_t count = 0;
  std::uint64_t nonfinite = 0;
  qrange_range minmax{};
  qrange_range percentile{};
  MethodResult by_minmax{};
  MethodResult by_percentile{};
  MethodResult by_mse{};  // qrange::calibrate's search, its MSE exact
};

// Throws qrange::error (no finite value, bad options, ...).
Analysis analyse(const Values& x, const QuantOptions& q, Progress& progress);

// The method of least MSE among min-max, percentile and mse; a tie goes to
// the first of these, the simplest.
qrange::method best_method(const Analysis& a);

// Analysis' three methods calibrated per group of a per-channel or blocked
// layout (qrange::calibrate on an axis_view), each with the MSE of the whole
// tensor.
struct AxisAnalysis {
  std::size_t axis = 0;        // in [0, rank)
  std::size_t block_size = 0;  // 0: per channel
  std::size_t groups = 0;
  double minmax_mse = 0.0;
  double percentile_mse = 0.0;
  double mse_mse = 0.0;
};

// Its passes over the values, as kAnalysisPasses: each calibration gathers
// its groups (min/max, percentile, the MSE search) and measures its error.
constexpr std::uint64_t kAxisAnalysisPasses = 7;

// Throws qrange::error (a group without a finite value, bad options, ...).
AxisAnalysis analyse_axis(const Values& x, const qrange::axis_view& v, const QuantOptions& q, Progress& progress);

// best_method of the per-group calibrations, with the same tie rule.
qrange::method best_method(const AxisAnalysis& a);

// What an observer state answers of Analysis: no MSE, as it keeps no values,
// percentiles estimated from its bins (no exact mode), and the mse method's
// parameters chosen by its error model alone.
struct StateAnalysis {
  qrange_observer_stats stats = QRANGE_OBSERVER_STATS_INIT;
  std::uint64_t count = 0;      // every value seen, non-finite ones included
  std::uint64_t nonfinite = 0;  // NaN, +Inf and -Inf
  qrange_range percentile{};
  qrange_params by_minmax{};
  qrange_params by_percentile{};
  qrange_params by_mse{};
};

// Throws qrange::error (no finite value, bad options, ...); q.exact is not
// looked at.
StateAnalysis analyse_state(const qrange::observer& o, const QuantOptions& q);

qrange_params choose_params(qrange_range r, const Grid& g);
double quantization_mse(const Values& x, const qrange_params& p);

// x quantized to g.storage, as raw bytes in host order.
std::vector<unsigned char> quantize(const Values& x, const qrange_params& p, const Grid& g);
// The integers of `bytes` (quantize's output) and their dequantized values.
std::vector<std::int32_t> integers_of(const std::vector<unsigned char>& bytes, const Grid& g);
std::vector<float> dequantize(const std::vector<unsigned char>& bytes, const qrange_params& p, const Grid& g);

// x quantized with each group's parameters of v: to g.storage, or with
// `packed`, to the 4-bit type of g's signedness, two per byte in ONNX's order
// ((n + 1) / 2 bytes). Raw bytes in host order.
std::vector<unsigned char> quantize(const Values& x, const qrange::axis_view& v, const std::vector<qrange_params>& p,
                                    const Grid& g, bool packed);
// The zero points of p as g.storage, raw bytes in host order: ONNX's
// zero-point tensor (for a packed 4-bit type, one value a byte).
std::vector<unsigned char> zero_points_of(const std::vector<qrange_params>& p, const Grid& g);

// "percentile 99.99" with the percentile as the user wrote it.
std::string percentile_label(double percentile);
// "min-max", percentile_label(q.percentile), "mse" or "entropy".
std::string method_label(qrange::method m, const QuantOptions& q);

}  // namespace qrange::cli
