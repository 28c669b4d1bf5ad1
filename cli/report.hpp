// The JSON forms of settings and results, shared by `inspect --json`, the
// .npy sidecar and the safetensors metadata of `quantize`.
#pragma once

#include "analysis.hpp"
#include "commands.hpp"
#include "json_text.hpp"

namespace qrange::cli {

Json settings_json(const QuantOptions& q);
// {"axis", "block_size"} as the options give them (the axis may be negative;
// block_size 0 is per channel).
Json axis_settings_json(const AxisOptions& a);
Json range_json(qrange_range r);
// {"range", "scale", "zero_point", "qmin", "qmax"}
Json params_json(qrange_range r, const qrange_params& p);
// params_json and "mse"
Json method_json(const MethodResult& m);
// Name, dtype, shape, count, non-finite, min/max, percentile range, the three
// methods (method_json under their qrange::method names) and "best", the
// name of best_method. With `axis`, each method also has "axis_mse", its
// per-group MSE, and "per_axis" holds the axis (in [0, rank)), block_size,
// groups and the best of the per-group MSEs.
Json tensor_json(const Tensor& t, const Analysis& a, const AxisAnalysis* axis);
// tensor_json's members that a state answers (no dtype, shape, MSE or best),
// the non-finite counts one by one, and the grid of its histogram.
Json state_json(const std::string& name, const StateAnalysis& a);

}  // namespace qrange::cli
