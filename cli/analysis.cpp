#include "analysis.hpp"

#include <qrange/qrange.hpp>

#include <cstdio>
#include <cstring>

#include "layout.hpp"
#include "progress.hpp"
#include "values.hpp"

namespace qrange::cli {

Grid grid_of(const QuantOptions& q) {
  const bool symmetric = q.scheme == "symmetric";
  const qrange::grid g = qrange::grid_of_bits(q.bits, symmetric);
  // include_zero: zero (padding, ReLU outputs, pruned weights) must stay exactly zero.
  if (symmetric) return {g.qmin, g.qmax, QRANGE_SYMMETRIC, true, q.bits <= 8 ? DType::i8 : DType::i16};
  return {g.qmin, g.qmax, QRANGE_ASYMMETRIC, true, q.bits <= 8 ? DType::u8 : DType::u16};
}

qrange::calibration calibration_of(qrange::method m, const QuantOptions& q) {
  const Grid g = grid_of(q);
  qrange::calibration c = qrange::make_calibration(m, g.qmin, g.qmax, g.scheme, g.include_zero);
  c.percentile = q.percentile;
  c.exact = q.exact ? 1 : 0;
  return c;
}

qrange_range clip_range(const qrange_params& p) {
  // The integer differences are exact in float, so each end is rounded once.
  return {static_cast<float>(p.qmin - p.zero_point) * p.scale, static_cast<float>(p.qmax - p.zero_point) * p.scale};
}

namespace {
// f(T{}) for the integer type T of `storage`.
template <class F>
auto with_storage(DType storage, F f) {
  switch (storage) {
    case DType::u8: return f(std::uint8_t{});
    case DType::i8: return f(std::int8_t{});
    case DType::u16: return f(std::uint16_t{});
    default: return f(std::int16_t{});
  }
}
}  // namespace

qrange_params choose_params(qrange_range r, const Grid& g) {
  return qrange::choose_params(r, g.qmin, g.qmax, g.scheme, g.include_zero);
}

double quantization_mse(const Values& x, const qrange_params& p) {
  return with_values(x, [&](const auto* v) { return qrange::quantization_mse(v, x.size, p); });
}

Analysis analyse(const Values& x, const QuantOptions& q, Progress& progress) {
  const Grid g = grid_of(q);
  const std::size_t n = x.size;
  Analysis a;
  a.count = n;
  const auto mm = with_values(x, [&](const auto* v) { return qrange::minmax(v, n); });
  a.minmax = mm.r;
  a.nonfinite = mm.nonfinite;
  progress.advance(n * sizeof(float));
  const auto mode = q.exact ? qrange::percentile_mode::exact : qrange::percentile_mode::approximate;
  a.percentile = with_values(x, [&](const auto* v) { return qrange::percentile_range(v, n, q.percentile, mode); });
  progress.advance(n * sizeof(float));
  for (auto [r, out] : {std::pair{a.minmax, &a.by_minmax}, std::pair{a.percentile, &a.by_percentile}}) {
    out->range = r;
    out->params = choose_params(r, g);
    out->mse = quantization_mse(x, out->params);
    progress.advance(n * sizeof(float));
  }
  const qrange::calibration c = calibration_of(qrange::method::mse, q);
  const auto searched = with_values(x, [&](const auto* v) { return qrange::calibrate(v, n, c); });
  a.by_mse = {clip_range(searched.p), searched.p, searched.mse};
  // A min/max pass, the histogram of a sample, and at most three candidates' errors.
  progress.advance(4 * n * sizeof(float));
  return a;
}

namespace {
qrange::method best_of(double minmax_mse, double percentile_mse, double mse_mse) {
  qrange::method best = qrange::method::minmax;
  double least = minmax_mse;
  for (auto [m, e] : {std::pair{qrange::method::percentile, percentile_mse}, std::pair{qrange::method::mse, mse_mse}})
    if (e < least) {
      best = m;
      least = e;
    }
  return best;
}
}  // namespace

qrange::method best_method(const Analysis& a) {
  return best_of(a.by_minmax.mse, a.by_percentile.mse, a.by_mse.mse);
}

AxisAnalysis analyse_axis(const Values& x, const qrange::axis_view& v, const QuantOptions& q, Progress& progress) {
  AxisAnalysis a;
  a.axis = resolved_axis(v);
  a.block_size = v.block_size();
  a.groups = v.groups();
  const std::uint64_t bytes = v.elements() * sizeof(float);
  for (auto [m, out] : {std::pair{qrange::method::minmax, &a.minmax_mse},
                        std::pair{qrange::method::percentile, &a.percentile_mse},
                        std::pair{qrange::method::mse, &a.mse_mse}}) {
    const qrange::calibration c = calibration_of(m, q);
    *out = with_values(x, [&](const auto* values) { return qrange::calibrate(values, v, c).mse; });
    progress.advance((m == qrange::method::mse ? 3 : 2) * bytes);
  }
  return a;
}

qrange::method best_method(const AxisAnalysis& a) { return best_of(a.minmax_mse, a.percentile_mse, a.mse_mse); }

StateAnalysis analyse_state(const qrange::observer& o, const QuantOptions& q) {
  const Grid g = grid_of(q);
  StateAnalysis a;
  a.stats = o.stats();
  a.nonfinite = a.stats.nan + a.stats.pos_inf + a.stats.neg_inf;
  a.count = a.stats.finite + a.nonfinite;
  a.percentile = o.percentile_range(q.percentile);
  a.by_minmax = choose_params(a.stats.range, g);
  a.by_percentile = choose_params(a.percentile, g);
  a.by_mse = o.calibrate(calibration_of(qrange::method::mse, q));
  return a;
}

// The integer buffers are vectors of bytes, whose storage (from operator new)
// is aligned for every integer type.
std::vector<unsigned char> quantize(const Values& x, const qrange_params& p, const Grid& g) {
  std::vector<unsigned char> out(x.size * item_size(g.storage));
  with_values(x, [&](const auto* v) {
    with_storage(g.storage,
                 [&](auto t) { qrange::quantize(v, x.size, p, reinterpret_cast<decltype(t)*>(out.data())); });
  });
  return out;
}

std::vector<std::int32_t> integers_of(const std::vector<unsigned char>& bytes, const Grid& g) {
  return with_storage(g.storage, [&](auto t) {
    const auto* q = reinterpret_cast<const decltype(t)*>(bytes.data());
    return std::vector<std::int32_t>(q, q + bytes.size() / sizeof t);
  });
}

std::vector<float> dequantize(const std::vector<unsigned char>& bytes, const qrange_params& p, const Grid& g) {
  return with_storage(g.storage, [&](auto t) {
    std::vector<float> x(bytes.size() / sizeof t);
    qrange::dequantize(reinterpret_cast<const decltype(t)*>(bytes.data()), x.size(), p, x.data());
    return x;
  });
}

std::vector<unsigned char> quantize(const Values& x, const qrange::axis_view& v, const std::vector<qrange_params>& p,
                                    const Grid& g, bool packed) {
  const std::size_t n = v.elements();
  std::vector<unsigned char> out(packed ? (n + 1) / 2 : n * item_size(g.storage));
  with_values(x, [&](const auto* values) {
    if (!packed)
      with_storage(g.storage,
                   [&](auto t) { qrange::quantize(values, v, p, reinterpret_cast<decltype(t)*>(out.data())); });
    else if (g.storage == DType::i8)
      qrange::quantize_i4(qrange::make_context(), values, v, p, out.data());
    else
      qrange::quantize_u4(qrange::make_context(), values, v, p, out.data());
  });
  return out;
}

std::vector<unsigned char> zero_points_of(const std::vector<qrange_params>& p, const Grid& g) {
  std::vector<unsigned char> out(p.size() * item_size(g.storage));
  with_storage(g.storage, [&](auto t) {
    for (std::size_t i = 0; i < p.size(); ++i) {
      const auto z = static_cast<decltype(t)>(p[i].zero_point);
      std::memcpy(out.data() + i * sizeof z, &z, sizeof z);
    }
  });
  return out;
}

std::string percentile_label(double percentile) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "percentile %g", percentile);
  return buf;
}

std::string method_label(qrange::method m, const QuantOptions& q) {
  switch (m) {
    case qrange::method::minmax: return "min-max";
    case qrange::method::percentile: return percentile_label(q.percentile);
    default: return to_string(m);
  }
}

}  // namespace qrange::cli
