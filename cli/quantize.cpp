// `qrange quantize`: a .npy tensor, or every float tensor of a .safetensors
// file, to integers, with the parameters beside the data: a JSON sidecar for
// .npy, the metadata header for .safetensors. Outputs appear complete or not
// at all (AtomicOutput).
#include <qrange/qrange.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "atomic_output.hpp"
#include "commands.hpp"
#include "error.hpp"
#include "input.hpp"
#include "npy.hpp"
#include "progress.hpp"
#include "quantize_axis.hpp"
#include "report.hpp"
#include "safetensors.hpp"
#include "values.hpp"

namespace qrange::cli {

namespace {

// out.npy -> out.json
std::string sidecar_path(const std::string& npy) { return npy.substr(0, npy.size() - 4) + ".json"; }

// What the output records of a tensor besides its integers.
struct Choice {
  MethodResult m;
  std::uint64_t nonfinite;
};

// The passes over a tensor's values that choose() reports to its Progress, an
// estimate: a min/max, then the calibration's (the MSE search's min/max and
// up to three candidates' errors, or the percentile range twice and an error).
constexpr std::uint64_t kChoosePasses = 6;

// The range recorded beside the parameters: min-max's and percentile's own,
// as inspect shows them (qrange::calibrate returns only the parameters, so
// the percentile range is computed again); mse and entropy choose the
// parameters themselves, so theirs is the range those keep.
qrange_range recorded_range(const Values& x, const qrange::calibration& c, qrange_range minmax,
                            const qrange_params& p) {
  switch (static_cast<qrange::method>(c.method)) {
    case qrange::method::minmax: return minmax;
    case qrange::method::percentile:
      return with_values(x, [&](const auto* v) {
        return qrange::percentile_range(v, x.size, c.percentile,
                                        c.exact ? qrange::percentile_mode::exact : qrange::percentile_mode::approximate,
                                        c.bins);
      });
    default: return clip_range(p);
  }
}

// The parameters of o.method on the options' grid (qrange::calibrate) and
// their exact MSE.
Choice choose(const std::string& path, const Tensor& t, const QuantizeOptions& o, Progress& progress) {
  const TensorValues tv(t, progress);
  const Values& x = tv.values();
  try {
    const qrange::calibration c = calibration_of(o.method, o.quant);
    const qrange::minmax_result mm =  // for the non-finite count
        with_values(x, [&](const auto* v) { return qrange::minmax(v, x.size); });
    const qrange::calibration_result r = with_values(x, [&](const auto* v) { return qrange::calibrate(v, x.size, c); });
    const Choice choice{{recorded_range(x, c, mm.r, r.p), r.p, r.mse}, mm.nonfinite};
    progress.advance(kChoosePasses * x.size * sizeof(float));
    return choice;
  } catch (const qrange::error& e) {
    throw file_error(path, "tensor '" + t.name + "': " + e.what());
  }
}

// What a reader needs to dequantize the tensor, and how it was chosen.
Json parameters_json(const Tensor& t, const Choice& c, const QuantizeOptions& o) {
  const Grid g = grid_of(o.quant);
  Json v = Json::object();
  v["dtype"] = dtype_name(g.storage);
  v["source_dtype"] = dtype_name(t.dtype);
  v["method"] = o.method_name;
  v.update(method_json(c.m));
  v["nonfinite"] = c.nonfinite;
  v["dequantize"] = "x = (q - zero_point) * scale";
  return v;
}

std::vector<unsigned char> quantize_tensor(const Tensor& t, const Choice& c, const QuantizeOptions& o,
                                           Progress& progress) {
  const TensorValues tv(t, progress);
  std::vector<unsigned char> q = quantize(tv.values(), c.m.params, grid_of(o.quant));
  progress.advance(tv.values().size * sizeof(float));
  return q;
}

// One line per quantized tensor on stdout, so that the run shows what it chose.
void print_summary(const Tensor& t, const Choice& c, const QuantizeOptions& o) {
  const MethodResult& m = c.m;
  std::printf("%s: %s range [%g, %g], scale %.9g, zero point %d, MSE %.6g\n", t.name.c_str(),
              method_label(o.method, o.quant).c_str(), static_cast<double>(m.range.min),
              static_cast<double>(m.range.max), static_cast<double>(m.params.scale), m.params.zero_point, m.mse);
}

std::uint64_t work_of(const Tensor& t) { return 2 * t.bytes + (kChoosePasses + 1) * t.count() * sizeof(float); }

void quantize_npy(const InputFile& in, const QuantizeOptions& o) {
  const Tensor& t = in.tensors.front();
  Progress progress("qrange quantize " + o.in, work_of(t));
  const Choice c = choose(o.in, t, o, progress);
  const std::vector<unsigned char> q = quantize_tensor(t, c, o, progress);

  Json sidecar = Json::object();
  sidecar["qrange"] = qrange_version();
  sidecar["source"] = o.in;
  sidecar["data"] = o.out;
  sidecar["settings"] = settings_json(o.quant);
  sidecar["shape"] = t.shape;
  sidecar["parameters"] = parameters_json(t, c, o);

  AtomicOutput data(o.out, o.force);
  data.write(npy_header(grid_of(o.quant).storage, t.shape));
  data.write(q.data(), q.size());
  AtomicOutput side(sidecar_path(o.out), o.force);
  side.write(dump(sidecar, 2) + "\n");
  data.commit();
  side.commit();
  print_summary(t, c, o);
  std::printf("wrote %s and %s\n", o.out.c_str(), sidecar_path(o.out).c_str());
}

// Two passes so that only one tensor's integers are in memory at a time: the
// parameters of every tensor first (the header holds them), then the data.
void quantize_safetensors(const InputFile& in, const QuantizeOptions& o) {
  std::uint64_t work = 0;
  for (const Tensor* t : float_tensors(in)) work += work_of(*t);
  Progress progress("qrange quantize " + o.in, work);

  const Grid g = grid_of(o.quant);
  Json metadata = in.metadata;
  Json settings = Json::object();
  settings["qrange"] = qrange_version();
  settings["source"] = o.in;
  settings["settings"] = settings_json(o.quant);
  metadata["qrange"] = dump(settings);
  std::vector<OutputTensor> outputs;
  std::vector<Choice> choices(in.tensors.size());
  for (std::size_t i = 0; i < in.tensors.size(); ++i) {
    const Tensor& t = in.tensors[i];
    if (!is_float(t.dtype)) {  // integer and bool tensors pass through unchanged
      outputs.push_back({t.name, t.stored_dtype, t.shape, t.bytes});
      continue;
    }
    progress.set_label("qrange quantize " + o.in + ": " + t.name);
    choices[i] = choose(o.in, t, o, progress);
    metadata["qrange." + t.name] = dump(parameters_json(t, choices[i], o));
    outputs.push_back({t.name, safetensors_dtype(g.storage), t.shape,
                       static_cast<std::size_t>(t.count()) * item_size(g.storage)});
  }

  AtomicOutput out(o.out, o.force);
  write_safetensors_header(out, outputs, metadata);
  for (std::size_t i = 0; i < in.tensors.size(); ++i) {
    const Tensor& t = in.tensors[i];
    if (!is_float(t.dtype)) {
      out.write(t.data, t.bytes);
      continue;
    }
    const std::vector<unsigned char> q = quantize_tensor(t, choices[i], o, progress);
    out.write(q.data(), q.size());
  }
  out.commit();
  for (std::size_t i = 0; i < in.tensors.size(); ++i)
    if (is_float(in.tensors[i].dtype)) print_summary(in.tensors[i], choices[i], o);
  std::printf("wrote %s\n", o.out.c_str());
}

}  // namespace

int run_quantize(const QuantizeOptions& o) {
  const Format out_format = format_of_name(o.out);
  // Their parameters are tensors, which a .npy file and its JSON sidecar do not hold as such.
  if (o.axis.enabled() && out_format != Format::safetensors)
    throw file_error(o.out, "per-channel and blocked outputs are .safetensors files (the scale and zero-point "
                            "tensors go beside the data)");
  check_can_write(o.out, o.force);
  if (out_format == Format::npy) check_can_write(sidecar_path(o.out), o.force);
  qrange::set_num_threads(o.threads);

  const InputFile in = open_input(o.in);
  if (o.axis.enabled()) {
    if (in.format == Format::npy)
      throw file_error(o.in, "per-channel and blocked outputs are .safetensors files; a .npy input is quantized per "
                             "tensor only (drop --per-channel, --axis and --block-size)");
    quantize_safetensors_per_axis(in, o);
    return 0;
  }
  if (in.format != out_format)
    throw file_error(o.out, std::string("the output must be a ") +
                                (in.format == Format::npy ? ".npy" : ".safetensors") + " file, like the input");
  if (in.format == Format::npy)
    quantize_npy(in, o);
  else
    quantize_safetensors(in, o);
  return 0;
}

}  // namespace qrange::cli
