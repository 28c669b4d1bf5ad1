// `qrange inspect`: one row per float tensor of the given files, as a table
// or as JSON. Everything is computed before anything is printed, so a bad
// file yields its error line and no partial report.
#include <qrange/qrange.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "atomic_output.hpp"
#include "commands.hpp"
#include "error.hpp"
#include "input.hpp"
#include "plot.hpp"
#include "progress.hpp"
#include "report.hpp"

namespace qrange::cli {

namespace {

constexpr std::size_t kPlotBins = 64;

struct Row {
  const Tensor* tensor;
  Analysis analysis;
};

struct FileReport {
  std::string path;
  Format format;
  std::vector<Row> rows;
  std::vector<std::string> skipped;  // tensors that are not float
};

std::string title_of(const std::string& path, Format format, const Tensor& t) {
  return format == Format::npy ? path : path + ": " + t.name;
}

std::string num(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::vector<std::string> cells_of(const Row& r) {
  const Analysis& a = r.analysis;
  return {r.tensor->name,
          dtype_name(r.tensor->dtype),
          shape_string(r.tensor->shape),
          std::to_string(a.count),
          std::to_string(a.nonfinite),
          num("%.6g", a.minmax.min),
          num("%.6g", a.minmax.max),
          num("%.6g", a.percentile.min),
          num("%.6g", a.percentile.max),
          num("%.6g", a.by_minmax.params.scale),
          std::to_string(a.by_minmax.params.zero_point),
          num("%.4g", a.by_minmax.mse),
          num("%.6g", a.by_percentile.params.scale),
          std::to_string(a.by_percentile.params.zero_point),
          num("%.4g", a.by_percentile.mse)};
}

void print_table(const std::vector<FileReport>& files, const QuantOptions& q) {
  const std::string p_hi = num("P%g", q.percentile), p_lo = num("P%g", 100.0 - q.percentile);
  const std::vector<std::string> header = {"tensor",   "dtype",        "shape", "count", "non-finite",
                                           "min",      "max",          p_lo,    p_hi,    "min-max scale",
                                           "zp",       "MSE",          "pct scale", "zp", "MSE"};
  std::vector<std::size_t> width(header.size());
  std::vector<std::vector<std::vector<std::string>>> cells;
  for (std::size_t c = 0; c < header.size(); ++c) width[c] = header[c].size();
  for (const FileReport& f : files) {
    cells.emplace_back();
    for (const Row& r : f.rows) {
      cells.back().push_back(cells_of(r));
      for (std::size_t c = 0; c < header.size(); ++c) width[c] = std::max(width[c], cells.back().back()[c].size());
    }
  }
  // Text left-aligned, numbers right-aligned.
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      line += (c ? "  " : "") + (c < 3 ? row[c] + pad : pad + row[c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::printf("%s\n", line.c_str());
  };
  std::printf("%d bits %s; pct = %s range [%s, %s]; MSE over the finite values\n", q.bits, q.scheme.c_str(),
              percentile_label(q.percentile).c_str(), p_lo.c_str(), p_hi.c_str());
  for (std::size_t f = 0; f < files.size(); ++f) {
    const std::size_t skipped = files[f].skipped.size();
    std::printf("\n%s%s\n", files[f].path.c_str(),
                skipped ? (" (" + std::to_string(skipped) + " non-float tensors skipped)").c_str() : "");
    print_row(header);
    for (const auto& row : cells[f]) print_row(row);
  }
}

void print_json(const std::vector<FileReport>& files, const QuantOptions& q) {
  Json root = Json::object();
  root["qrange"] = qrange_version();
  root["settings"] = settings_json(q);
  Json& out_files = root["files"] = Json::array();
  for (const FileReport& f : files) {
    Json file = Json::object();
    file["file"] = f.path;
    file["format"] = f.format == Format::npy ? "npy" : "safetensors";
    Json& tensors = file["tensors"] = Json::array();
    for (const Row& r : f.rows) tensors.push_back(tensor_json(*r.tensor, r.analysis));
    file["skipped"] = f.skipped;
    out_files.push_back(std::move(file));
  }
  std::printf("%s\n", dump(root, 2).c_str());
}

}  // namespace

int run_inspect(const InspectOptions& o) {
  if (!o.plot.svg.empty()) check_can_write(o.plot.svg, o.force);
  qrange::set_num_threads(o.threads);

  std::vector<InputFile> inputs;
  std::vector<std::vector<const Tensor*>> selected;
  std::uint64_t work = 0;
  for (const std::string& path : o.files) {
    inputs.push_back(open_input(path));
    selected.push_back(float_tensors(inputs.back()));
    for (const Tensor* t : selected.back()) work += t->bytes + 4 * t->count() * sizeof(float);
  }

  Progress progress("qrange inspect", work);
  std::vector<FileReport> reports;
  std::vector<Histogram> plots;
  const bool plotting = o.plot.terminal || !o.plot.svg.empty();
  for (std::size_t f = 0; f < inputs.size(); ++f) {
    FileReport report{o.files[f], inputs[f].format, {}, {}};
    for (const Tensor& t : inputs[f].tensors)
      if (!is_float(t.dtype)) report.skipped.push_back(t.name);
    for (const Tensor* t : selected[f]) {
      progress.set_label("qrange inspect " + o.files[f] + ": " + t->name);
      const Float32Values x(*t, progress);
      try {
        report.rows.push_back({t, analyse(x.data(), x.size(), o.quant, progress)});
        if (plotting)
          plots.push_back(histogram_of(x.data(), x.size(), report.rows.back().analysis, title_of(o.files[f], inputs[f].format, *t),
                                       percentile_label(o.quant.percentile), kPlotBins));
      } catch (const qrange::error& e) {
        throw file_error(o.files[f], "tensor '" + t->name + "': " + e.what());
      }
    }
    reports.push_back(std::move(report));
  }

  if (!o.plot.svg.empty()) write_svg(o.plot.svg, plots, o.force);
  if (o.json)
    print_json(reports, o.quant);
  else
    print_table(reports, o.quant);
  // Beside JSON the plots go to stderr, so that stdout stays one JSON document.
  if (o.plot.terminal)
    for (const Histogram& h : plots) std::fprintf(o.json ? stderr : stdout, "\n%s", terminal_plot(h).c_str());
  return 0;
}

}  // namespace qrange::cli
