// Histograms of a tensor with its min-max and percentile clip ranges marked:
// in the terminal (Unicode block bars) and as a standalone SVG picture.
// Counts are log-scaled so that a lone outlier stays visible next to bins
// holding thousands of values.
#pragma once

#include <qrange/qrange.h>

#include <cstdint>
#include <string>
#include <vector>

namespace qrange::cli {

struct Analysis;

struct Histogram {
  std::string title;
  qrange_range axis;  // the min-max range: every finite value is on the axis
  std::vector<std::uint64_t> counts;
  qrange_range percentile;
  std::string percentile_label;
};

// Throws qrange::error.
Histogram histogram_of(const float* x, std::size_t n, const Analysis& a, std::string title,
                       std::string percentile_label, std::size_t bins);

std::string terminal_plot(const Histogram& h);
std::string svg_plot(const std::vector<Histogram>& hs);
// svg_plot(hs) into `path`, atomically; refuses to overwrite without `force`.
void write_svg(const std::string& path, const std::vector<Histogram>& hs, bool force);

}  // namespace qrange::cli
