// The JSON forms of settings and results, shared by `inspect --json`, the
// .npy sidecar and the safetensors metadata of `quantize`.
#pragma once

#include "analysis.hpp"
#include "commands.hpp"
#include "json_text.hpp"

namespace qrange::cli {

Json settings_json(const QuantOptions& q);
Json range_json(qrange_range r);
// {"range", "scale", "zero_point", "qmin", "qmax"}
Json params_json(qrange_range r, const qrange_params& p);
// params_json and "mse"
Json method_json(const MethodResult& m);
// Name, dtype, shape, count, non-finite, min/max, percentile range, the three
// methods (method_json under their qrange::method names) and "best", the
// name of best_method.
Json tensor_json(const Tensor& t, const Analysis& a);
// tensor_json's members that a state answers (no dtype, shape, MSE or best),
// the non-finite counts one by one, and the grid of its histogram.
Json state_json(const std::string& name, const StateAnalysis& a);

}  // namespace qrange::cli
