#include "plot.hpp"

#include <qrange/qrange.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis.hpp"
#include "atomic_output.hpp"
#include "values.hpp"

namespace qrange::cli {

namespace {

constexpr std::size_t kTerminalRows = 8;

// Height in [0, 1]: log(1 + count) / log(1 + max), and never 0 for a
// non-empty bin.
double log_height(std::uint64_t count, std::uint64_t max) {
  if (count == 0 || max == 0) return 0;
  return std::log1p(static_cast<double>(count)) / std::log1p(static_cast<double>(max));
}

std::uint64_t max_count(const Histogram& h) { return *std::max_element(h.counts.begin(), h.counts.end()); }

// The position of v on an axis of `cells` cells.
std::size_t cell_of(double v, Axis axis, std::size_t cells) {
  const double width = axis.max - axis.min;
  if (!(width > 0)) return 0;
  const double t = (v - axis.min) / width * static_cast<double>(cells);
  return static_cast<std::size_t>(std::clamp(t, 0.0, static_cast<double>(cells - 1)));
}

std::string format(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string span(qrange_range r, Axis axis, std::size_t cells) {
  const std::size_t a = cell_of(r.min, axis, cells), b = cell_of(r.max, axis, cells);
  std::string line(a, ' ');
  if (a == b) return line + "│";
  line += "├";
  for (std::size_t i = a + 1; i < b; ++i) line += "─";
  return line + "┤";
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

}  // namespace

Histogram histogram_of(const Values& x, const Analysis& a, std::string title, std::string percentile_label,
                       std::size_t bins) {
  // Every finite value lies in [min, max]: below and above are always 0.
  auto counts = with_values(x, [&](const auto* v) { return qrange::histogram(v, x.size, a.minmax, bins).counts; });
  return {std::move(title), {a.minmax.min, a.minmax.max}, std::move(counts), a.minmax, a.percentile,
          std::move(percentile_label), a.by_mse.range};
}

namespace {
// floor(v / 2^d) for d in [0, 62].
std::int64_t floor_shift(std::int64_t v, int d) { return v >= 0 ? v >> d : -((-v - 1) >> d) - 1; }
}  // namespace

Histogram state_histogram(const qrange_observer_stats& s, const std::vector<std::uint64_t>& used_counts,
                          qrange_range percentile, qrange_range mse, std::string title, std::string percentile_label,
                          std::size_t max_bins) {
  // Bin i of the state is grid bin first_bin + i of width 2^e; grid bin j
  // lies in the coarse bin floor(j / 2^d) of width 2^(e + d).
  const std::int64_t first = s.first_bin, last = s.first_bin + static_cast<std::int64_t>(used_counts.size()) - 1;
  int d = 0;
  while (floor_shift(last, d) - floor_shift(first, d) + 1 > static_cast<std::int64_t>(max_bins)) ++d;
  const std::int64_t coarse_first = floor_shift(first, d);
  std::vector<std::uint64_t> counts(static_cast<std::size_t>(floor_shift(last, d) - coarse_first + 1));
  for (std::size_t i = 0; i < used_counts.size(); ++i)
    counts[static_cast<std::size_t>(floor_shift(first + static_cast<std::int64_t>(i), d) - coarse_first)] +=
        used_counts[i];
  // Exact: |grid bin| < 2^44 and the exponent keeps the edges normal doubles.
  const int e = s.bin_exponent + d;
  const Axis axis{std::ldexp(static_cast<double>(coarse_first), e),
                  std::ldexp(static_cast<double>(coarse_first + static_cast<std::int64_t>(counts.size())), e)};
  return {std::move(title), axis, std::move(counts), s.range, percentile, std::move(percentile_label), mse};
}

std::string terminal_plot(const Histogram& h) {
  static const char* const kEighths[] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  const std::size_t cells = h.counts.size();
  const std::uint64_t max = max_count(h);
  const std::string minmax_label = "min-max", mse_label = "mse";
  const std::size_t margin = std::max(minmax_label.size(), h.percentile_label.size()) + 1;
  const std::string pad(margin, ' ');

  std::string out = h.title + ": " + std::to_string(cells) + " bins, log-scaled counts (fullest bin " +
                    std::to_string(max) + ")\n";
  std::vector<std::size_t> eighths(cells);
  for (std::size_t i = 0; i < cells; ++i) {
    const double e = log_height(h.counts[i], max) * kTerminalRows * 8;
    eighths[i] = h.counts[i] ? std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(e))) : 0;
  }
  for (std::size_t row = kTerminalRows; row-- > 0;) {
    out += pad;
    for (std::size_t i = 0; i < cells; ++i) {
      const std::size_t base = row * 8;
      out += kEighths[eighths[i] <= base ? 0 : std::min<std::size_t>(eighths[i] - base, 8)];
    }
    while (out.back() == ' ') out.pop_back();
    out += "\n";
  }
  out += pad;
  for (std::size_t i = 0; i < cells; ++i) out += "▔";
  const std::string lo = format("%.6g", h.axis.min), hi = format("%.6g", h.axis.max);
  out += "\n" + pad + lo + std::string(cells > lo.size() + hi.size() ? cells - lo.size() - hi.size() : 1, ' ') + hi;
  for (const auto& [label, r] : {std::pair{&minmax_label, h.minmax}, std::pair{&h.percentile_label, h.percentile},
                                 std::pair{&mse_label, h.mse}})
    out += "\n" + *label + std::string(margin - label->size(), ' ') + span(r, h.axis, cells) + " [" +
           format("%.6g", r.min) + ", " + format("%.6g", r.max) + "]";
  return out + "\n";
}

std::string svg_plot(const std::vector<Histogram>& hs) {
  constexpr double kWidth = 760, kPanel = 260, kLeft = 40, kRight = 20, kTop = 40, kBars = 140;
  const double plot_w = kWidth - kLeft - kRight;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    format("%g", kWidth) + "\" height=\"" + format("%g", kPanel * static_cast<double>(hs.size())) +
                    "\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" "
                    "fill=\"white\"/>\n";
  for (std::size_t p = 0; p < hs.size(); ++p) {
    const Histogram& h = hs[p];
    const double y0 = kPanel * static_cast<double>(p), base = y0 + kTop + kBars;
    const std::uint64_t max = max_count(h);
    const double bw = plot_w / static_cast<double>(h.counts.size());
    // Clamped: the mse range may reach past the data, to zero (include_zero).
    auto x_of = [&](double v) {
      const double w = h.axis.max - h.axis.min;
      return kLeft + std::clamp(w > 0 ? (v - h.axis.min) / w : 0.0, 0.0, 1.0) * plot_w;
    };
    out += "<text x=\"" + format("%g", kLeft) + "\" y=\"" + format("%g", y0 + 20) + "\" font-size=\"14\">" +
           xml_escape(h.title) + " (log-scaled counts, fullest bin " + std::to_string(max) + ")</text>\n";
    // The percentile range as a band behind the bars: what it keeps.
    out += "<rect x=\"" + format("%.2f", x_of(h.percentile.min)) + "\" y=\"" + format("%g", y0 + kTop) +
           "\" width=\"" + format("%.2f", std::max(1.0, x_of(h.percentile.max) - x_of(h.percentile.min))) +
           "\" height=\"" + format("%g", kBars) + "\" fill=\"#ff7f0e\" fill-opacity=\"0.15\"/>\n";
    for (std::size_t i = 0; i < h.counts.size(); ++i) {
      const double height = log_height(h.counts[i], max) * kBars;
      if (height <= 0) continue;
      out += "<rect x=\"" + format("%.2f", kLeft + static_cast<double>(i) * bw) + "\" y=\"" +
             format("%.2f", base - std::max(height, 1.0)) + "\" width=\"" + format("%.2f", bw) + "\" height=\"" +
             format("%.2f", std::max(height, 1.0)) + "\" fill=\"#4c72b0\"/>\n";
    }
    out += "<line x1=\"" + format("%g", kLeft) + "\" y1=\"" + format("%g", base) + "\" x2=\"" +
           format("%g", kLeft + plot_w) + "\" y2=\"" + format("%g", base) + "\" stroke=\"black\"/>\n";
    auto marker = [&](float v, const char* color, const char* dash) {
      out += "<line x1=\"" + format("%.2f", x_of(v)) + "\" y1=\"" + format("%g", y0 + kTop - 5) + "\" x2=\"" +
             format("%.2f", x_of(v)) + "\" y2=\"" + format("%g", base + 5) + "\" stroke=\"" + color +
             "\" stroke-width=\"2\" stroke-dasharray=\"" + dash + "\"/>\n";
    };
    marker(h.minmax.min, "#1f77b4", "none");
    marker(h.minmax.max, "#1f77b4", "none");
    marker(h.percentile.min, "#ff7f0e", "6,3");
    marker(h.percentile.max, "#ff7f0e", "6,3");
    marker(h.mse.min, "#2ca02c", "2,2");
    marker(h.mse.max, "#2ca02c", "2,2");
    out += "<text x=\"" + format("%g", kLeft) + "\" y=\"" + format("%g", base + 18) + "\">" +
           format("%.6g", h.axis.min) + "</text>\n<text x=\"" + format("%g", kLeft + plot_w) + "\" y=\"" +
           format("%g", base + 18) + "\" text-anchor=\"end\">" + format("%.6g", h.axis.max) + "</text>\n";
    out += "<text x=\"" + format("%g", kLeft) + "\" y=\"" + format("%g", base + 38) +
           "\" fill=\"#1f77b4\">── min-max [" + format("%.6g", h.minmax.min) + ", " +
           format("%.6g", h.minmax.max) + "]</text>\n<text x=\"" + format("%g", kLeft + plot_w / 2) + "\" y=\"" +
           format("%g", base + 38) +
           "\" fill=\"#ff7f0e\">- - " + xml_escape(h.percentile_label) + " [" + format("%.6g", h.percentile.min) +
           ", " + format("%.6g", h.percentile.max) + "]</text>\n<text x=\"" + format("%g", kLeft) + "\" y=\"" +
           format("%g", base + 56) + "\" fill=\"#2ca02c\">··· mse [" + format("%.6g", h.mse.min) + ", " +
           format("%.6g", h.mse.max) + "]</text>\n";
  }
  return out + "</svg>\n";
}

void write_svg(const std::string& path, const std::vector<Histogram>& hs, bool force) {
  AtomicOutput out(path, force);
  out.write(svg_plot(hs));
  out.commit();
}

}  // namespace qrange::cli
