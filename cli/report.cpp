#include "report.hpp"

#include <cmath>

namespace qrange::cli {

Json settings_json(const QuantOptions& q) {
  const Grid g = grid_of(q);
  Json s = Json::object();
  s["bits"] = q.bits;
  s["scheme"] = q.scheme;
  s["qmin"] = g.qmin;
  s["qmax"] = g.qmax;
  s["percentile"] = q.percentile;
  s["exact_percentile"] = q.exact;
  return s;
}

Json axis_settings_json(const AxisOptions& a) {
  Json s = Json::object();
  s["axis"] = a.axis_or_default();
  s["block_size"] = a.block_size;
  return s;
}

Json range_json(qrange_range r) { return Json::array({json_float(r.min), json_float(r.max)}); }

Json params_json(qrange_range r, const qrange_params& p) {
  Json v = Json::object();
  v["range"] = range_json(r);
  v["scale"] = json_float(p.scale);
  v["zero_point"] = p.zero_point;
  v["qmin"] = p.qmin;
  v["qmax"] = p.qmax;
  return v;
}

Json method_json(const MethodResult& m) {
  Json v = params_json(m.range, m.params);
  v["mse"] = m.mse;
  return v;
}

Json tensor_json(const Tensor& t, const Analysis& a, const AxisAnalysis* axis) {
  Json v = Json::object();
  v["name"] = t.name;
  v["dtype"] = dtype_name(t.dtype);
  v["shape"] = t.shape;
  v["count"] = a.count;
  v["nonfinite"] = a.nonfinite;
  v["min"] = json_float(a.minmax.min);
  v["max"] = json_float(a.minmax.max);
  v["percentile_range"] = range_json(a.percentile);
  v["minmax"] = method_json(a.by_minmax);
  v["percentile"] = method_json(a.by_percentile);
  v["mse"] = method_json(a.by_mse);
  v["best"] = to_string(best_method(a));
  if (axis) {
    v["minmax"]["axis_mse"] = axis->minmax_mse;
    v["percentile"]["axis_mse"] = axis->percentile_mse;
    v["mse"]["axis_mse"] = axis->mse_mse;
    Json p = Json::object();
    p["axis"] = axis->axis;
    p["block_size"] = axis->block_size;
    p["groups"] = axis->groups;
    p["best"] = to_string(best_method(*axis));
    v["per_axis"] = std::move(p);
  }
  return v;
}

Json state_json(const std::string& name, const StateAnalysis& a) {
  const qrange_observer_stats& s = a.stats;
  Json v = Json::object();
  v["name"] = name;
  v["count"] = a.count;
  v["nonfinite"] = a.nonfinite;
  v["nan"] = s.nan;
  v["pos_inf"] = s.pos_inf;
  v["neg_inf"] = s.neg_inf;
  v["min"] = json_float(s.range.min);
  v["max"] = json_float(s.range.max);
  v["percentile_range"] = range_json(a.percentile);
  v["minmax"] = params_json(s.range, a.by_minmax);
  v["percentile"] = params_json(a.percentile, a.by_percentile);
  v["mse"] = params_json(clip_range(a.by_mse), a.by_mse);
  // Bin i covers [first_edge + i * bin_width, first_edge + (i + 1) * bin_width).
  Json h = Json::object();
  h["bins"] = s.bins;
  h["used_bins"] = s.used_bins;
  h["bin_width"] = std::ldexp(1.0, s.bin_exponent);
  h["first_edge"] = std::ldexp(static_cast<double>(s.first_bin), s.bin_exponent);
  v["histogram"] = std::move(h);
  return v;
}

}  // namespace qrange::cli
