// `qrange inspect`: one row per float tensor of the given files, and one per
// observer state of the state files (`qrange observe`), as a table or as
// JSON. Everything is computed before anything is printed, so a bad file
// yields its error line and no partial report.
#include <qrange/qrange.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "atomic_output.hpp"
#include "commands.hpp"
#include "error.hpp"
#include "input.hpp"
#include "layout.hpp"
#include "plot.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "state_file.hpp"
#include "states.hpp"

namespace qrange::cli {

namespace {

constexpr std::size_t kPlotBins = 64;

struct Row {
  const Tensor* tensor;
  Analysis analysis;
  std::optional<AxisAnalysis> axis;  // with --per-channel, --axis or --block-size
};

struct StateRow {
  std::string name;
  StateAnalysis analysis;
};

struct FileReport {
  std::string path;
  Format format;
  bool states_file = false;  // then `states`, not `rows`
  std::vector<Row> rows;
  std::vector<StateRow> states;
  std::vector<std::string> skipped;  // tensors that are not float
};

std::string title_of(const std::string& path, Format format, const Tensor& t) {
  return format == Format::npy ? path : path + ": " + t.name;
}

// A .npy file's state is unnamed unless `observe --name` named it.
std::string title_of_state(const std::string& path, const std::string& name) {
  return name.empty() ? path : path + ": " + name;
}
std::string shown_name(const std::string& name) { return name.empty() ? "\"\"" : name; }

std::string num(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::vector<std::string> cells_of(const Row& r) {
  const Analysis& a = r.analysis;
  std::vector<std::string> cells = {r.tensor->name,
                                    dtype_name(r.tensor->dtype),
                                    shape_string(r.tensor->shape),
                                    std::to_string(a.count),
                                    std::to_string(a.nonfinite),
                                    num("%.6g", a.minmax.min),
                                    num("%.6g", a.minmax.max),
                                    num("%.6g", a.percentile.min),
                                    num("%.6g", a.percentile.max)};
  if (r.axis) cells.push_back(std::to_string(r.axis->groups));
  const AxisAnalysis* g = r.axis ? &*r.axis : nullptr;
  for (auto [m, axis_mse] : {std::pair{&a.by_minmax, g ? &g->minmax_mse : nullptr},
                             std::pair{&a.by_percentile, g ? &g->percentile_mse : nullptr},
                             std::pair{&a.by_mse, g ? &g->mse_mse : nullptr}}) {
    cells.push_back(num("%.6g", m->params.scale));
    cells.push_back(std::to_string(m->params.zero_point));
    cells.push_back(num("%.4g", m->mse));
    if (axis_mse) cells.push_back(num("%.4g", *axis_mse));
  }
  cells.push_back(to_string(best_method(a)));
  if (r.axis) cells.push_back(to_string(best_method(*r.axis)));
  return cells;
}

std::vector<std::string> state_cells_of(const StateRow& r) {
  const StateAnalysis& a = r.analysis;
  const qrange_observer_stats& s = a.stats;
  return {shown_name(r.name),
          std::to_string(a.count),
          std::to_string(s.nan),
          std::to_string(s.pos_inf),
          std::to_string(s.neg_inf),
          num("%.6g", s.range.min),
          num("%.6g", s.range.max),
          num("%.6g", a.percentile.min),
          num("%.6g", a.percentile.max),
          num("%.6g", std::ldexp(1.0, s.bin_exponent)),
          num("%.6g", a.by_minmax.scale),
          std::to_string(a.by_minmax.zero_point),
          num("%.6g", a.by_percentile.scale),
          std::to_string(a.by_percentile.zero_point),
          num("%.6g", a.by_mse.scale),
          std::to_string(a.by_mse.zero_point)};
}

// Rows of cells under a header: the first `text` columns left-aligned, the
// numbers right-aligned, each column as wide as its widest cell in any file.
struct Table {
  std::vector<std::string> header;
  std::size_t text;
  std::vector<std::size_t> width;

  Table(std::vector<std::string> h, std::size_t text_columns) : header(std::move(h)), text(text_columns) {
    for (const std::string& c : header) width.push_back(c.size());
  }
  void fit(const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  void print(const std::vector<std::string>& row) const {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      line += (c ? "  " : "") + (c < text ? row[c] + pad : pad + row[c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::printf("%s\n", line.c_str());
  }
};

// The per-group columns' prefix: "ch" per channel, "blk" per block.
std::string axis_prefix(const AxisOptions& a) { return a.block_size != 0 ? "blk" : "ch"; }

std::vector<std::string> tensor_header(const std::string& p_lo, const std::string& p_hi, const AxisOptions& a) {
  std::vector<std::string> h = {"tensor", "dtype", "shape", "count", "non-finite", "min", "max", p_lo, p_hi};
  if (a.enabled()) h.push_back("groups");
  for (const char* scale : {"min-max scale", "pct scale", "mse scale"}) {
    h.insert(h.end(), {scale, "zp", "MSE"});
    if (a.enabled()) h.push_back(axis_prefix(a) + " MSE");
  }
  h.push_back("best");
  if (a.enabled()) h.push_back(axis_prefix(a) + " best");
  return h;
}

void print_table(const std::vector<FileReport>& files, const QuantOptions& q, const AxisOptions& axis) {
  const std::string p_hi = num("P%g", q.percentile), p_lo = num("P%g", 100.0 - q.percentile);
  Table tensors(tensor_header(p_lo, p_hi, axis), 3);
  Table states({"state", "count", "NaN", "+Inf", "-Inf", "min", "max", p_lo, p_hi, "bin width", "min-max scale",
                "zp", "pct scale", "zp", "mse scale", "zp"},
               1);
  std::vector<std::vector<std::vector<std::string>>> cells;
  for (const FileReport& f : files) {
    cells.emplace_back();
    for (const Row& r : f.rows) cells.back().push_back(cells_of(r));
    for (const StateRow& r : f.states) cells.back().push_back(state_cells_of(r));
    for (const auto& row : cells.back()) (f.states_file ? states : tensors).fit(row);
  }
  std::printf("%d bits %s; pct = %s range [%s, %s]; mse = searched for the least MSE\n"
              "MSE: exact, over the finite values; best: the method of least MSE (a quantize --method)\n",
              q.bits, q.scheme.c_str(), percentile_label(q.percentile).c_str(), p_lo.c_str(), p_hi.c_str());
  if (axis.enabled())
    std::printf("%s MSE: each method's parameters chosen %s (groups: how many sets), the MSE over the whole tensor; "
                "%s best: the method of least %s MSE\n",
                axis_prefix(axis).c_str(), layout_label(axis).c_str(), axis_prefix(axis).c_str(),
                axis_prefix(axis).c_str());
  for (std::size_t f = 0; f < files.size(); ++f) {
    const Table& table = files[f].states_file ? states : tensors;
    if (files[f].states_file) {
      std::printf("\n%s (observer states: percentiles from their histograms; mse by the search's error model alone; "
                  "no MSE values)\n",
                  files[f].path.c_str());
    } else {
      const std::size_t skipped = files[f].skipped.size();
      std::printf("\n%s%s\n", files[f].path.c_str(),
                  skipped ? (" (" + std::to_string(skipped) + " non-float tensors skipped)").c_str() : "");
    }
    table.print(table.header);
    for (const auto& row : cells[f]) table.print(row);
  }
}

void print_json(const std::vector<FileReport>& files, const QuantOptions& q, const AxisOptions& axis) {
  Json root = Json::object();
  root["qrange"] = qrange_version();
  root["settings"] = settings_json(q);
  if (axis.enabled()) root["settings"]["per_axis"] = axis_settings_json(axis);
  Json& out_files = root["files"] = Json::array();
  for (const FileReport& f : files) {
    Json file = Json::object();
    file["file"] = f.path;
    file["format"] = f.states_file ? "states" : f.format == Format::npy ? "npy" : "safetensors";
    Json& tensors = file["tensors"] = Json::array();
    for (const Row& r : f.rows) tensors.push_back(tensor_json(*r.tensor, r.analysis, r.axis ? &*r.axis : nullptr));
    for (const StateRow& r : f.states) tensors.push_back(state_json(r.name, r.analysis));
    file["skipped"] = f.skipped;
    out_files.push_back(std::move(file));
  }
  std::printf("%s\n", dump(root, 2).c_str());
}

}  // namespace

int run_inspect(const InspectOptions& o) {
  if (!o.plot.svg.empty()) check_can_write(o.plot.svg, o.force);
  qrange::set_num_threads(o.threads);

  // Each file is a tensor file or a state file (`qrange observe`).
  std::vector<bool> is_states;
  std::vector<InputFile> inputs;
  std::vector<States> state_files;
  std::vector<std::vector<const Tensor*>> selected;
  // Per selected tensor, its layout with the axis options (checked before any work).
  std::vector<std::vector<qrange::axis_view>> views;
  const std::uint64_t passes = kAnalysisPasses + (o.axis.enabled() ? kAxisAnalysisPasses : 0);
  std::uint64_t work = 0;
  for (const std::string& path : o.files) {
    is_states.push_back(is_state_file(path));
    if (is_states.back()) {
      if (o.quant.exact)
        throw file_error(path, "a state keeps no values, so it has no exact percentiles (drop --exact)");
      if (o.axis.enabled())
        throw file_error(path, "a state keeps no values or shape, so it has no per-channel or per-block errors "
                               "(drop --per-channel, --axis and --block-size)");
      state_files.push_back(read_states(path));
      continue;
    }
    inputs.push_back(open_input(path));
    selected.push_back(float_tensors(inputs.back()));
    views.emplace_back();
    for (const Tensor* t : selected.back()) {
      if (o.axis.enabled()) views.back().push_back(axis_view_of(path, *t, o.axis));
      work += t->bytes + passes * t->count() * sizeof(float);
    }
  }

  Progress progress("qrange inspect", work);
  std::vector<FileReport> reports;
  std::vector<Histogram> plots;
  const bool plotting = o.plot.terminal || !o.plot.svg.empty();
  std::size_t next_input = 0, next_states = 0;
  for (std::size_t f = 0; f < o.files.size(); ++f) {
    if (is_states[f]) {
      FileReport report{o.files[f], Format::npy, true, {}, {}, {}};
      for (const auto& [name, obs] : state_files[next_states++]) {
        try {
          report.states.push_back({name, analyse_state(obs, o.quant)});
          const StateAnalysis& a = report.states.back().analysis;
          if (plotting)
            plots.push_back(state_histogram(a.stats, obs.histogram().counts, a.percentile, clip_range(a.by_mse),
                                            title_of_state(o.files[f], name), percentile_label(o.quant.percentile),
                                            kPlotBins));
        } catch (const qrange::error& e) {
          throw file_error(o.files[f], "state '" + name + "': " + e.what());
        }
      }
      reports.push_back(std::move(report));
      continue;
    }
    const std::size_t i = next_input++;
    FileReport report{o.files[f], inputs[i].format, false, {}, {}, {}};
    for (const Tensor& t : inputs[i].tensors)
      if (!is_float(t.dtype)) report.skipped.push_back(t.name);
    for (std::size_t k = 0; k < selected[i].size(); ++k) {
      const Tensor* t = selected[i][k];
      progress.set_label("qrange inspect " + o.files[f] + ": " + t->name);
      const TensorValues tv(*t, progress);
      const Values& x = tv.values();
      try {
        report.rows.push_back({t, analyse(x, o.quant, progress), std::nullopt});
        if (o.axis.enabled()) report.rows.back().axis = analyse_axis(x, views[i][k], o.quant, progress);
        if (plotting)
          plots.push_back(histogram_of(x, report.rows.back().analysis,
                                       title_of(o.files[f], inputs[i].format, *t),
                                       percentile_label(o.quant.percentile), kPlotBins));
      } catch (const qrange::error& e) {
        throw file_error(o.files[f], "tensor '" + t->name + "': " + e.what());
      }
    }
    reports.push_back(std::move(report));
  }

  if (!o.plot.svg.empty()) write_svg(o.plot.svg, plots, o.force);
  if (o.json)
    print_json(reports, o.quant, o.axis);
  else
    print_table(reports, o.quant, o.axis);
  // Beside JSON the plots go to stderr, so that stdout stays one JSON document.
  if (o.plot.terminal)
    for (const Histogram& h : plots) std::fprintf(o.json ? stderr : stdout, "\n%s", terminal_plot(h).c_str());
  return 0;
}

}  // namespace qrange::cli
