#include "report.hpp"

namespace qrange::cli {

json::Value settings_json(const QuantOptions& q) {
  const Grid g = grid_of(q);
  json::Value s = json::Value::object();
  s.set("bits", q.bits);
  s.set("scheme", q.scheme);
  s.set("qmin", g.qmin);
  s.set("qmax", g.qmax);
  s.set("percentile", q.percentile);
  s.set("exact_percentile", q.exact);
  return s;
}

json::Value range_json(qrange_range r) {
  json::Value v = json::Value::array();
  v.push(r.min);
  v.push(r.max);
  return v;
}

json::Value method_json(const MethodResult& m) {
  json::Value v = json::Value::object();
  v.set("range", range_json(m.range));
  v.set("scale", m.params.scale);
  v.set("zero_point", m.params.zero_point);
  v.set("qmin", m.params.qmin);
  v.set("qmax", m.params.qmax);
  v.set("mse", m.mse);
  return v;
}

json::Value tensor_json(const Tensor& t, const Analysis& a) {
  json::Value v = json::Value::object();
  v.set("name", t.name);
  v.set("dtype", dtype_name(t.dtype));
  json::Value shape = json::Value::array();
  for (std::uint64_t d : t.shape) shape.push(d);
  v.set("shape", std::move(shape));
  v.set("count", a.count);
  v.set("nonfinite", a.nonfinite);
  v.set("min", a.minmax.min);
  v.set("max", a.minmax.max);
  v.set("percentile_range", range_json(a.percentile));
  v.set("minmax", method_json(a.by_minmax));
  v.set("percentile", method_json(a.by_percentile));
  return v;
}

}  // namespace qrange::cli
