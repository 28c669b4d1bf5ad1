// Per-channel and blocked outputs, in the form ONNX QuantizeLinear and
// DequantizeLinear (opset 21) take them: beside each tensor's integers,
// `<name>.scale` (F32) and `<name>.zero_point` (the integers' type) shaped as
// ONNX's scale and zero-point tensors, and a JSON record in __metadata__
// with what a reader needs to rebuild the tensor. safetensors has no 4-bit
// type, so uint4/int4 are stored as their packed bytes, a 1-D U8 tensor.
#include "quantize_axis.hpp"

#include <qrange/qrange.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "atomic_output.hpp"
#include "error.hpp"
#include "layout.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "safetensors.hpp"
#include "values.hpp"

namespace qrange::cli {

namespace {

constexpr const char* kPacking =
    "ONNX: element 2k in the low nibble of byte k, element 2k+1 in the high nibble (two's complement for int4); "
    "an odd count leaves 0 in the last high nibble";

// The passes over a tensor's values that choose() reports, an estimate: a
// min/max for the non-finite count, and the calibration's gather, search and
// error.
constexpr std::uint64_t kChoosePasses = 4;

struct Choice {
  qrange::axis_view view;
  std::vector<qrange_params> params;
  double mse;
  std::uint64_t nonfinite;
};

// A grid of 4 bits or fewer is stored as ONNX's 4-bit types, packed.
bool packed(const QuantOptions& q) { return q.bits <= 4; }

std::string integer_type(const QuantOptions& q) {
  const Grid g = grid_of(q);
  if (packed(q)) return g.storage == DType::i8 ? "int4" : "uint4";
  return dtype_name(g.storage);
}

std::string scale_name(const std::string& tensor) { return tensor + ".scale"; }
std::string zero_point_name(const std::string& tensor) { return tensor + ".zero_point"; }

Choice choose(const std::string& path, const Tensor& t, const qrange::axis_view& v, const QuantizeOptions& o,
              Progress& progress) {
  const TensorValues tv(t, progress);
  const Values& x = tv.values();
  try {
    const qrange::calibration c = calibration_of(o.method, o.quant);
    const std::uint64_t nonfinite =
        with_values(x, [&](const auto* values) { return qrange::minmax(values, x.size).nonfinite; });
    qrange::axis_calibration_result r =
        with_values(x, [&](const auto* values) { return qrange::calibrate(values, v, c); });
    progress.advance(kChoosePasses * x.size * sizeof(float));
    return {v, std::move(r.p), r.mse, nonfinite};
  } catch (const qrange::error& e) {
    throw file_error(path, "tensor '" + t.name + "': " + e.what());
  }
}

Json parameters_json(const Tensor& t, const Choice& c, const QuantizeOptions& o) {
  const Grid g = grid_of(o.quant);
  Json v = Json::object();
  v["dtype"] = integer_type(o.quant);
  v["source_dtype"] = dtype_name(t.dtype);
  v["shape"] = t.shape;
  if (packed(o.quant)) v["packing"] = kPacking;
  v["method"] = o.method_name;
  v["axis"] = resolved_axis(c.view);
  v["block_size"] = c.view.block_size();
  v["groups"] = c.params.size();
  v["scale"] = scale_name(t.name);
  v["zero_point"] = zero_point_name(t.name);
  v["qmin"] = g.qmin;
  v["qmax"] = g.qmax;
  v["mse"] = c.mse;
  v["nonfinite"] = c.nonfinite;
  v["dequantize"] =
      "x = (q - zero_point) * scale with the scale and zero point of the element's group: ONNX DequantizeLinear "
      "with axis and block_size (0: per channel)";
  return v;
}

std::vector<unsigned char> scales_of(const std::vector<qrange_params>& p) {
  std::vector<unsigned char> out(p.size() * sizeof(float));
  for (std::size_t i = 0; i < p.size(); ++i) std::memcpy(out.data() + i * sizeof(float), &p[i].scale, sizeof(float));
  return out;
}

void print_summary(const Tensor& t, const Choice& c, const QuantizeOptions& o) {
  const auto [lo, hi] = std::minmax_element(c.params.begin(), c.params.end(),
                                            [](const qrange_params& a, const qrange_params& b) {
                                              return a.scale < b.scale;
                                            });
  std::printf("%s: %s, %s: %zu groups, %s, scales [%.9g, %.9g], MSE %.6g\n", t.name.c_str(),
              method_label(o.method, o.quant).c_str(), layout_label(o.axis).c_str(), c.params.size(),
              integer_type(o.quant).c_str(), static_cast<double>(lo->scale), static_cast<double>(hi->scale), c.mse);
}

}  // namespace

void quantize_safetensors_per_axis(const InputFile& in, const QuantizeOptions& o) {
  const std::vector<const Tensor*> floats = float_tensors(in);
  std::vector<qrange::axis_view> views;
  std::uint64_t work = 0;
  for (const Tensor* t : floats) {
    views.push_back(axis_view_of(o.in, *t, o.axis));
    work += 2 * t->bytes + (kChoosePasses + 1) * t->count() * sizeof(float);
  }
  std::set<std::string> names;
  for (const Tensor& t : in.tensors) names.insert(t.name);
  for (const Tensor* t : floats)
    for (const std::string& name : {scale_name(t->name), zero_point_name(t->name)})
      if (!names.insert(name).second)
        throw file_error(o.in, "the output would hold two tensors named '" + name + "' (the input's and the " +
                                   (name == scale_name(t->name) ? "scale" : "zero point") + " of '" + t->name +
                                   "')");

  Progress progress("qrange quantize " + o.in, work);
  const Grid g = grid_of(o.quant);
  Json metadata = in.metadata;
  Json settings = Json::object();
  settings["qrange"] = qrange_version();
  settings["source"] = o.in;
  settings["settings"] = settings_json(o.quant);
  settings["settings"]["per_axis"] = axis_settings_json(o.axis);
  metadata["qrange"] = dump(settings);

  // The parameters of every tensor first (the header holds their sizes and
  // records), then the data, so that one tensor's integers are in memory at a time.
  std::vector<OutputTensor> outputs;
  std::vector<Choice> choices;
  for (const Tensor& t : in.tensors) {
    if (!is_float(t.dtype)) {  // integer and bool tensors pass through unchanged
      outputs.push_back({t.name, t.stored_dtype, t.shape, t.bytes});
      continue;
    }
    progress.set_label("qrange quantize " + o.in + ": " + t.name);
    const std::size_t k = choices.size();
    choices.push_back(choose(o.in, t, views[k], o, progress));
    const Choice& c = choices.back();
    metadata["qrange." + t.name] = dump(parameters_json(t, c, o));
    const std::uint64_t n = t.count();
    if (packed(o.quant))
      outputs.push_back({t.name, "U8", {(n + 1) / 2}, static_cast<std::size_t>((n + 1) / 2)});
    else
      outputs.push_back(
          {t.name, safetensors_dtype(g.storage), t.shape, static_cast<std::size_t>(n) * item_size(g.storage)});
    const std::vector<std::uint64_t> shape = params_shape(c.view);
    outputs.push_back({scale_name(t.name), "F32", shape, c.params.size() * sizeof(float)});
    outputs.push_back({zero_point_name(t.name), safetensors_dtype(g.storage), shape,
                       c.params.size() * item_size(g.storage)});
  }

  AtomicOutput out(o.out, o.force);
  write_safetensors_header(out, outputs, metadata);
  std::size_t k = 0;
  for (const Tensor& t : in.tensors) {
    if (!is_float(t.dtype)) {
      out.write(t.data, t.bytes);
      continue;
    }
    const Choice& c = choices[k++];
    {
      const TensorValues tv(t, progress);
      const std::vector<unsigned char> q = quantize(tv.values(), c.view, c.params, g, packed(o.quant));
      progress.advance(tv.values().size * sizeof(float));
      out.write(q.data(), q.size());
    }
    const std::vector<unsigned char> scales = scales_of(c.params), zero_points = zero_points_of(c.params, g);
    out.write(scales.data(), scales.size());
    out.write(zero_points.data(), zero_points.size());
  }
  out.commit();
  k = 0;
  for (const Tensor& t : in.tensors)
    if (is_float(t.dtype)) print_summary(t, choices[k++], o);
  std::printf("wrote %s\n", o.out.c_str());
}

}  // namespace qrange::cli
